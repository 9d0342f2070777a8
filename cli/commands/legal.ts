/**
 * `oco legal --cycle ID [--json]`: the legal register of a running cycle. Every objection with its terms; the text
 * table in the cycle's local time with weekdays, the JSON rows with ISO-8601 UTC instants.
 */
import { Client, Connection } from '@temporalio/client';
import { Command } from 'commander';
import { DateTime } from 'luxon';
import { legalRegister } from '../../client/legal';
import type { LegalRow } from '../../domain/legal-register';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { cycleWorkflowId } from '../../workflows/ids';

const local = (iso: string | null, zone: string) =>
  iso
    ? DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale('en').toFormat('ccc yyyy-MM-dd HH:mm:ss')
    : '-';

/**
 * A deadline is its first late instant: "through Sunday 15 October, 24:00" reads better than "Monday 00:00", so a
 * deadline at local midnight is shown as 24:00 of the day before.
 */
const deadline = (iso: string | null, zone: string) => {
  if (!iso) return '-';
  const at = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale('en');
  return at.hour === 0 && at.minute === 0 && at.second === 0 && at.millisecond === 0
    ? `${at.minus({ days: 1 }).toFormat('ccc yyyy-MM-dd')} 24:00`
    : at.toFormat('ccc yyyy-MM-dd HH:mm:ss');
};

export function formatRegister(rows: readonly LegalRow[], zone: string): string {
  if (rows.length === 0) return 'no objections';
  return rows
    .map((r) =>
      [
        `${r.provider} (${r.providerId}), objection ${r.objection}: ${r.regions.join(', ')}`,
        `  filed            ${local(r.filedAt, zone)}  ${r.onTime ? 'on time' : 'LATE: the right had lapsed'}`,
        `  objection term   through ${deadline(r.objectionTermEndsAt, zone)}`,
        `  answer due       ${r.answerDueAt ? `through ${deadline(r.answerDueAt, zone)}` : '-'}`,
        `  answered         ${local(r.answeredAt, zone)}${r.outcome ? `  ${r.outcome}` : ''}`,
        `  kort geding term ${r.kortGedingDeadline ? `through ${deadline(r.kortGedingDeadline, zone)}` : '-'}`,
        `  kort geding      ${r.kortGedingServed ? `served ${r.kortGedingServed.servedOn}, ${r.kortGedingServed.court}` : '-'}`,
        ...r.warnings.map((w) => `  warning          ${w}`),
      ].join('\n'),
    )
    .join('\n\n');
}

export async function legalReport(client: Client, cycleId: string, json: boolean): Promise<string> {
  const status = await client.workflow.getHandle(cycleWorkflowId(cycleId)).query(cycleStatusQuery);
  const rows = await legalRegister(client, cycleId);
  return json ? JSON.stringify(rows, null, 2) : formatRegister(rows, status.config.timezone);
}

export function legalCommand(): Command {
  return new Command('legal')
    .description(
      'the legal register of a cycle: every objection, its terms, answer, kort geding and warnings',
    )
    .requiredOption('--cycle <id>', 'the cycle (configuration id)')
    .option('--json', 'rows as JSON, instants in ISO-8601 UTC')
    .option('--address <host:port>', 'Temporal frontend', process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233')
    .option('--namespace <name>', 'Temporal namespace', process.env.TEMPORAL_NAMESPACE ?? 'default')
    .action(async (options: { cycle: string; json?: boolean; address: string; namespace: string }) => {
      const connection = await Connection.connect({ address: options.address });
      try {
        const client = new Client({ connection, namespace: options.namespace });
        console.log(await legalReport(client, options.cycle, options.json === true));
      } finally {
        await connection.close();
      }
    });
}
