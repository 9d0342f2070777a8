/**
 * `oco budget --cycle ID --provider ID [--json]`: a provider's budget during the contract period. Per region the
 * ceiling, what was spent, the projection and the ladder step; every overrun case with each transition (who, when,
 * why); the obligations still open. Text in the cycle's local time, JSON with ISO-8601 UTC instants and euros.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { Command } from 'commander';
import { DateTime } from 'luxon';
import { STEP_LABELS_NL } from '../../domain/budget/ladder';
import { dutchEuros } from '../../domain/dutch-format';
import type { ContractPeriodView } from '../../workflows/contract-period-api';
import { contractPeriodQuery } from '../../workflows/contract-period-api';
import { contractWorkflowId } from '../../workflows/ids';
import { InputError } from '../config-file';

const local = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale('en').toFormat('ccc yyyy-MM-dd HH:mm');

/** The budget as the issue names it: per region ceiling, spent, projected and step, and the ladder's transitions. */
export function budgetJson(view: ContractPeriodView) {
  const budget = Object.fromEntries(
    (view.budget ?? []).map((b) => [
      b.region,
      {
        year: b.year,
        ceiling: b.ceiling,
        final: b.final,
        spent: b.spent,
        projected: b.projected,
        step: b.step,
      },
    ]),
  );
  const transitions = (view.cases ?? []).flatMap((c) =>
    c.transitions.map((t) => ({ case: c.number, region: c.region, year: c.year, ...t })),
  );
  return {
    provider: view.provider.id,
    cycleId: view.cycleId,
    status: view.status,
    year: view.year ?? null,
    budget,
    transitions,
    cases: view.cases ?? [],
    openObligations: view.obligations?.open ?? [],
  };
}

export function formatBudget(view: ContractPeriodView): string {
  const zone = view.timezone;
  if (!view.budget)
    return `${view.provider.name}: contract ${view.status}, without budget monitoring (an early hand-over)`;
  const lines = [`${view.provider.name} (${view.provider.id}), contract year ${view.year}, ${view.status}`];
  for (const b of view.budget)
    lines.push(
      `  ${b.region}: ceiling ${dutchEuros(b.ceiling)}${b.final ? ' (final)' : ''}, spent ${dutchEuros(b.spent)}` +
        `${b.projection.through ? ` through ${b.projection.through}` : ''}, projected ${dutchEuros(b.projected)}` +
        ` (with the prognosis ${dutchEuros(b.projectedByPrognosis)}), step ${b.step}`,
    );
  for (const c of view.cases ?? []) {
    lines.push(
      `  case ${c.number}, ${c.region} ${c.year}: ${c.step === 'none' ? 'closed' : `at ${c.step} (${STEP_LABELS_NL[c.step]})`}`,
    );
    for (const t of c.transitions)
      lines.push(`    ${local(t.at, zone)}  ${t.from} -> ${t.to}  by ${t.by}: ${t.reason}`);
    if (c.maatwerk)
      lines.push(
        `    maatwerk recorded ${local(c.maatwerk.recordedAt, zone)} by ${c.maatwerk.by}: ${c.maatwerk.agreements ?? 'no agreements possible'}`,
      );
    for (const t of c.transfers)
      lines.push(
        `    transfer ${local(t.approvedAt, zone)}  ${dutchEuros(t.amountCents / 100)} ${t.amountCents >= 0 ? 'from' : 'to'} ${t.counterpart}, by ${t.by}`,
      );
    if (c.vws)
      lines.push(
        `    VWS consulted ${local(c.vws.requestedAt, zone)}: ${
          c.vws.outcome
            ? `${c.vws.outcome.granted ? `granted ${dutchEuros(c.vws.outcome.amountCents / 100)}` : 'no extra funds'} (${local(c.vws.outcome.recordedAt, zone)})`
            : 'outcome open'
        }`,
      );
    if (c.stepDeadline) lines.push(`    outcome due ${local(c.stepDeadline, zone)}`);
  }
  const open = view.obligations?.open ?? [];
  lines.push(
    open.length === 0
      ? '  no obligations overdue'
      : `  obligations overdue: ${open.map((o) => o.id).join(', ')}`,
  );
  return lines.join('\n');
}

export async function budgetReport(
  client: Client,
  cycleId: string,
  providerId: string,
  json: boolean,
): Promise<string> {
  const view = await client.workflow
    .getHandle(contractWorkflowId(cycleId, providerId))
    .query(contractPeriodQuery)
    .catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      throw new InputError(
        'oco budget',
        [
          {
            path: '--provider',
            message: `${providerId} has no contract in cycle ${cycleId} (a contract period starts at contract.start, for signed contracts)`,
          },
        ],
        'request',
      );
    });
  return json ? JSON.stringify(budgetJson(view), null, 2) : formatBudget(view);
}

export function budgetCommand(): Command {
  return new Command('budget')
    .description(
      "a provider's budget in the contract period: ceilings, spend, projection, the escalation ladder",
    )
    .requiredOption('--cycle <id>', 'the cycle (configuration id)')
    .requiredOption('--provider <id>', 'the provider')
    .option('--json', 'as JSON, instants in ISO-8601 UTC, amounts in euros')
    .option('--address <host:port>', 'Temporal frontend', process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233')
    .option('--namespace <name>', 'Temporal namespace', process.env.TEMPORAL_NAMESPACE ?? 'default')
    .action(
      async (options: {
        cycle: string;
        provider: string;
        json?: boolean;
        address: string;
        namespace: string;
      }) => {
        const connection = await Connection.connect({ address: options.address });
        try {
          const client = new Client({ connection, namespace: options.namespace });
          console.log(await budgetReport(client, options.cycle, options.provider, options.json === true));
        } finally {
          await connection.close();
        }
      },
    );
}
