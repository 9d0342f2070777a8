/**
 * `oco triage [--all] [--json]`: the inbound messages the mail reader could not route with certainty (from the data
 * folder's ledger). `oco triage route ID --cycle C --provider P --kind K [--regions A,B] --by NAME`: the officer
 * routes one; the input is stamped with the time the message reached the mailbox, and its receipt goes to the provider.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Command, Option } from 'commander';
import { DateTime } from 'luxon';
import { FileSystemAttachmentStore } from '../../attachments/store';
import { InputRefusedError } from '../../client/inputs';
import { MAIL_KINDS, type MailKind } from '../../domain/mail-routing';
import { ProviderDirectory } from '../../inbound/directory';
import { type InboundEntry, InboundLedger } from '../../inbound/ledger';
import { routeTriageItem } from '../../inbound/take-in';
import { InputError } from '../config-file';

const dataOption = () =>
  new Option('-d, --data <dir>', 'data folder of `npm start`').default(process.env.OCO_DATA_DIR ?? 'data');

export function formatTriage(items: InboundEntry[]): string {
  if (items.length === 0) return 'the triage queue is empty';
  return items
    .map((item) => {
      const when = DateTime.fromISO(item.receivedAt, { zone: 'Europe/Amsterdam' }).toFormat(
        'ccc yyyy-MM-dd HH:mm:ss',
      );
      const state =
        item.triage?.state === 'routed'
          ? `routed to ${item.cycleId}/${item.providerId} as ${item.kind} by ${item.triage.routedBy}`
          : 'open';
      return (
        `${String(item.triage?.id).padStart(4)}  ${when}  ${item.from}  "${item.subject}"  ${item.files.length} file(s)  ${state}\n` +
        `      why: ${item.reason}`
      );
    })
    .join('\n');
}

export function triageCommand(): Command {
  const triage = new Command('triage')
    .description('inbound messages that could not be routed with certainty')
    .exitOverride()
    .showHelpAfterError()
    .addOption(dataOption())
    .option('--all', 'also the items already routed')
    .option('--json', 'print JSON')
    .action((options: { data: string; all?: boolean; json?: boolean }) => {
      const items = InboundLedger.inDataDir(options.data).triage(options.all ? undefined : 'open');
      console.log(options.json ? JSON.stringify({ items }, null, 2) : formatTriage(items));
    });
  triage
    .command('route')
    .description(
      'route one item to a provider of a cycle as a question, submission, supplement, objection or withdrawal',
    )
    .argument('<id>', 'the item number (oco triage)')
    .requiredOption('--cycle <id>', 'the cycle')
    .requiredOption('--provider <id>', 'the provider')
    .addOption(new Option('--kind <kind>', 'what the message is').choices(MAIL_KINDS).makeOptionMandatory())
    .option('--regions <names>', 'for a submission whose text names no region: the regions, comma-separated')
    .requiredOption('--by <name>', 'who routes it (kept in the record)')
    .addOption(dataOption())
    .option('--address <host:port>', 'Temporal frontend', process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233')
    .option('--namespace <name>', 'Temporal namespace', process.env.TEMPORAL_NAMESPACE ?? 'default')
    .action(
      async (
        id: string,
        options: {
          cycle: string;
          provider: string;
          kind: MailKind;
          regions?: string;
          by: string;
          data: string;
          address: string;
          namespace: string;
        },
      ) => {
        const number = Number(id);
        if (!Number.isInteger(number) || number < 1)
          throw new InputError(
            'oco triage route',
            [{ path: 'id', message: `must be an item number, got ${id}` }],
            'triage item',
          );
        const connection = await Connection.connect({ address: options.address });
        try {
          const client = new Client({ connection, namespace: options.namespace });
          const receipt = await routeTriageItem(
            {
              client,
              ledger: InboundLedger.inDataDir(options.data),
              store: new FileSystemAttachmentStore(path.join(options.data, 'attachments')),
              directory: new ProviderDirectory(client, [options.cycle]),
            },
            number,
            {
              cycleId: options.cycle,
              providerId: options.provider,
              kind: options.kind,
              by: options.by,
              ...(options.regions
                ? {
                    regions: options.regions
                      .split(',')
                      .map((r) => r.trim())
                      .filter(Boolean),
                  }
                : {}),
            },
          );
          console.log(
            `routed: ${options.kind} of ${options.provider}, received ${receipt.facts.receivedAt}, receipt ${receipt.code}`,
          );
        } catch (error) {
          if (error instanceof InputRefusedError)
            throw new InputError(
              'oco triage route',
              error.problems.length > 0 ? error.problems : [{ path: '', message: error.message }],
              'routing',
            );
          throw error;
        } finally {
          await connection.close();
        }
      },
    );
  return triage;
}
