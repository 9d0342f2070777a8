/**
 * What providers and officers send to a contract-period workflow, each input stamped with its arrival time; a refusal
 * comes back as InputRefusedError naming the field and the rule. And what is read across a cycle's contracts: their
 * views, their positions in a year and the region totals of the June and October reviews.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { ObligationInput } from '../domain/budget/inputs';
import { type RegionPosition, regionPositions } from '../domain/budget/transfer';
import { inPool } from '../support/pool';
import {
  type CoordinatorView,
  coordinatorQuery,
  transferUpdate,
  vwsOutcomeUpdate,
  vwsRequestUpdate,
} from '../workflows/budget-coordinator-api';
import {
  adjustCeilingUpdate,
  type CeilingAdjustment,
  type ContractPeriodView,
  type ContractPosition,
  closeCaseUpdate,
  contractPeriodQuery,
  moveOnUpdate,
  positionsQuery,
  recordMaatwerkUpdate,
  recordObligationUpdate,
  reportOverrunUpdate,
  reportProductionUpdate,
  setCeilingUpdate,
  setNewProviderUpdate,
  setYearTariffUpdate,
  submitPrognosisUpdate,
} from '../workflows/contract-period-api';
import { budgetWorkflowId, contractWorkflowId } from '../workflows/ids';
import { type Clock, send, systemClock } from './inputs';

type Without<T> = T extends unknown ? Omit<T, 'receivedAt'> : never;

function contractHandle(client: Client, cycleId: string, providerId: string) {
  return {
    handle: client.workflow.getHandle(contractWorkflowId(cycleId, providerId)),
    notFound: `provider ${providerId} has no running contract in cycle ${cycleId}`,
  };
}

/** What a provider reports during the contract period. */
export function contractInputs(
  client: Client,
  cycleId: string,
  providerId: string,
  clock: Clock = systemClock,
) {
  const { handle, notFound } = contractHandle(client, cycleId, providerId);
  const stamp = <T extends object>(input: T) => ({ receivedAt: clock().toISOString(), ...input });
  return {
    /**
     * Hours for one region and month; `by: 'officer'` for the officer's import, whose `updateId` (from the row) makes
     * a second import of the same row a no-op.
     */
    reportProduction: (
      report: {
        month: string;
        region: string;
        hours: number;
        by?: 'provider' | 'officer';
        clientRegion?: string;
        note?: string;
      },
      updateId?: string,
    ) => send(handle, reportProductionUpdate, stamp({ by: 'provider', ...report }), notFound, updateId),
    submitPrognosis: (prognosis: { year: number; region?: string; months: number[] }) =>
      send(handle, submitPrognosisUpdate, stamp(prognosis), notFound),
    reportOverrun: (report: { region: string; year?: number; note?: string }) =>
      send(handle, reportOverrunUpdate, stamp(report), notFound),
    recordObligation: (obligation: Without<ObligationInput>) =>
      send(handle, recordObligationUpdate, stamp(obligation), notFound),
    view: (): Promise<ContractPeriodView> => handle.query(contractPeriodQuery),
  };
}

/** What the officer decides for one provider's contract. */
export function contractActions(
  client: Client,
  cycleId: string,
  providerId: string,
  officer: string,
  clock: Clock = systemClock,
) {
  const { handle, notFound } = contractHandle(client, cycleId, providerId);
  const stamp = <T extends object>(input: T) => ({
    receivedAt: clock().toISOString(),
    by: officer,
    ...input,
  });
  return {
    recordMaatwerk: (input: {
      region: string;
      year: number;
      agreements: string | null;
      projectedAfter?: number;
    }) => send(handle, recordMaatwerkUpdate, stamp(input), notFound),
    moveOn: (input: { region: string; year: number; reason: string }) =>
      send(handle, moveOnUpdate, stamp(input), notFound),
    closeCase: (input: { region: string; year: number; reason: string }) =>
      send(handle, closeCaseUpdate, stamp(input), notFound),
    setCeiling: (input: { region: string; year: number; amount: number; final?: boolean; reason?: string }) =>
      send(handle, setCeilingUpdate, stamp(input), notFound),
    /** Whether the provider is new to the Wlz-uitvoerder: its BCMB term then runs from contract start. */
    setNewProvider: (newProvider: boolean, reason?: string) =>
      send(handle, setNewProviderUpdate, stamp({ newProvider, ...(reason ? { reason } : {}) }), notFound),
    setYearTariff: (input: { year: number; hourlyRate: number }) =>
      send(handle, setYearTariffUpdate, stamp(input), notFound),
    /** A ceiling change decided elsewhere (a transfer, VWS funds), applied to this contract. */
    adjustCeiling: (input: Omit<CeilingAdjustment, 'receivedAt' | 'by'>) =>
      send(handle, adjustCeilingUpdate, stamp(input) as CeilingAdjustment, notFound),
  };
}

/** What the officer decides for the contract period as a whole: transfers and the consultation with VWS. */
export function budgetActions(client: Client, cycleId: string, officer: string, clock: Clock = systemClock) {
  const handle = client.workflow.getHandle(budgetWorkflowId(cycleId));
  const notFound = `cycle ${cycleId} has no contract period running`;
  const stamp = <T extends object>(input: T) => ({
    receivedAt: clock().toISOString(),
    by: officer,
    ...input,
  });
  return {
    /** Moves `amount` euros of ceiling from one provider (and region) to another. */
    transfer: (input: {
      from: string;
      to: string;
      region: string;
      toRegion?: string;
      year: number;
      amount: number;
      reason?: string;
    }) => send(handle, transferUpdate, stamp(input), notFound),
    requestVws: (input: { year: number; note?: string }) =>
      send(handle, vwsRequestUpdate, stamp(input), notFound),
    vwsOutcome: (input: { year: number; granted: boolean; amount?: number; note?: string }) =>
      send(handle, vwsOutcomeUpdate, stamp(input), notFound),
    view: (): Promise<CoordinatorView> => handle.query(coordinatorQuery),
  };
}

/** Reads each provider's contract, a few at a time; a contract that never started has nothing to read. */
async function eachContract<T>(
  client: Client,
  cycleId: string,
  providerIds: readonly string[],
  concurrency: number,
  read: (handle: ReturnType<typeof contractHandle>['handle']) => Promise<T>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  await inPool(providerIds, concurrency, async (id) => {
    try {
      found.set(id, await read(contractHandle(client, cycleId, id).handle));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  });
  return found;
}

/** The contract-period views of the given providers, in their order. */
export async function contractViews(
  client: Client,
  cycleId: string,
  providerIds: readonly string[],
  concurrency = 16,
): Promise<ContractPeriodView[]> {
  const views = await eachContract(client, cycleId, providerIds, concurrency, (h) =>
    h.query(contractPeriodQuery),
  );
  return providerIds.flatMap((id) => views.get(id) ?? []);
}

/** Where each contract stands in each of its regions in a contract year, by region and provider. */
export async function contractPositions(
  client: Client,
  cycleId: string,
  providerIds: readonly string[],
  year: number,
  concurrency = 16,
): Promise<ContractPosition[]> {
  const positions = await eachContract(client, cycleId, providerIds, concurrency, (h) =>
    h.query(positionsQuery, year),
  );
  return [...positions.values()]
    .flat()
    .sort((a, b) => a.region.localeCompare(b.region, 'nl') || a.providerId.localeCompare(b.providerId));
}

/** The June and October review of a year: every region's totals, and how many overrun cases are open. */
export async function regionReview(
  client: Client,
  cycleId: string,
  providerIds: readonly string[],
  year: number,
  concurrency = 16,
): Promise<{ regions: RegionPosition[]; openCases: number }> {
  const all = await contractPositions(client, cycleId, providerIds, year, concurrency);
  return { regions: regionPositions(all), openCases: all.filter((p) => p.step !== 'none').length };
}
