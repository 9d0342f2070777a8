/**
 * `oco providers register --cycle ID --file FILE`: the officer registers the providers of a cycle from a list (CSV
 * id;name;email[;consortium], or JSON/YAML). The whole list is checked first (every problem by line and column, an id
 * or an address twice), then sent in batches with a line of progress each. A provider registered before is reported
 * as such and left as it was, so the same list can be sent again.
 */
import type { Client } from '@temporalio/client';
import { Command } from 'commander';
import { officerActions } from '../../client/inputs';
import { type ProviderRef, ProviderRefSchema, parseInput } from '../../domain/inputs';
import type { Problem } from '../../domain/validation';
import { InputError } from '../config-file';
import { csvBoolean, readTableFile } from '../table-file';
import { type ServerOptions, withClient, withServerOptions } from '../temporal-client';

export function readProvidersFile(file: string): ProviderRef[] {
  const table = readTableFile(file, 'provider list');
  if (table.length === 0)
    throw new InputError(file, [{ path: '', message: 'holds no rows' }], 'provider list');
  const problems: Problem[] = [];
  const providers: ProviderRef[] = [];
  const firstOf = new Map<string, string>();
  for (const { where, values, fromCsv } of table) {
    const parsed = parseInput(
      ProviderRefSchema,
      fromCsv && 'consortium' in values ? { ...values, consortium: csvBoolean(values.consortium) } : values,
    );
    if (!parsed.ok) {
      problems.push(
        ...parsed.problems.map((p) => ({ path: `${where} ${p.path}`.trim(), message: p.message })),
      );
      continue;
    }
    const provider = parsed.value as ProviderRef;
    for (const [key, value] of [
      ['id', provider.id],
      ['email', provider.email.toLowerCase()],
    ] as const) {
      const first = firstOf.get(`${key}:${value}`);
      if (first) problems.push({ path: `${where} ${key}`, message: `${value} is already on ${first}` });
      else firstOf.set(`${key}:${value}`, where);
    }
    providers.push(provider);
  }
  if (problems.length > 0) throw new InputError(file, problems, 'provider list');
  return providers;
}

export async function registerFromFile(
  client: Client,
  cycleId: string,
  file: string,
  progress: (line: string) => void = () => undefined,
) {
  const providers = readProvidersFile(file);
  return officerActions(client, cycleId).registerProviders(providers, (sent, result) =>
    progress(
      `${sent}/${providers.length} sent: ${result.registered.length} registered, ${result.alreadyRegistered.length} already registered`,
    ),
  );
}

export function providersCommand(): Command {
  const providers = new Command('providers')
    .description("a cycle's providers")
    .exitOverride()
    .showHelpAfterError();
  withServerOptions(
    providers
      .command('register')
      .description('register providers from a list (CSV id;name;email[;consortium], or JSON/YAML)')
      .requiredOption('--cycle <id>', 'the cycle')
      .requiredOption('--file <file>', 'the providers (.csv, .json, .yaml)')
      .option('--json', 'print the outcome as JSON'),
  ).action(async (options: ServerOptions & { cycle: string; file: string; json?: boolean }) => {
    const result = await withClient(options, (client) =>
      registerFromFile(client, options.cycle, options.file, options.json ? undefined : (l) => console.log(l)),
    );
    if (options.json) console.log(JSON.stringify(result, null, 2));
  });
  return providers;
}
