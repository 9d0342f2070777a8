/**
 * The contract period of a cycle as the dashboard shows it: each handed-over contract with its budget month by month,
 * the budget coordinator (transfers, the consultation with VWS), and every region's totals per contract year as the
 * June and October reviews list them.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { BudgetsResponse, ReviewRow } from '../api/dashboard-views';
import { monthlySeries } from '../domain/budget/monthly-series';
import { contractYears } from '../domain/budget/months';
import { type CoordinatorView, coordinatorQuery } from '../workflows/budget-coordinator-api';
import type { CycleStatus } from '../workflows/cycle-api';
import { budgetWorkflowId } from '../workflows/ids';
import { contractViews, regionReview } from './contract-period';

async function coordinatorOf(client: Client, cycleId: string): Promise<CoordinatorView | null> {
  try {
    return await client.workflow.getHandle(budgetWorkflowId(cycleId)).query(coordinatorQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

export async function cycleBudgets(client: Client, status: CycleStatus): Promise<BudgetsResponse> {
  const cycleId = status.cycleId;
  const providerIds = status.handover?.handedOver ?? [];
  if (providerIds.length === 0) return { cycleId, contracts: [], coordinator: null, review: [] };
  const { contract, timezone } = status.config;
  const years = contractYears({ start: contract.start, years: contract.years, timezone });
  const [views, coordinator, reviews] = await Promise.all([
    contractViews(client, cycleId, providerIds),
    coordinatorOf(client, cycleId),
    Promise.all(years.map((year) => regionReview(client, cycleId, providerIds, year))),
  ]);
  const review: ReviewRow[] = reviews.flatMap((r, i) =>
    r.regions.map((region) => ({ ...region, year: years[i] as number })),
  );
  return {
    cycleId,
    contracts: views.map((view) => ({ ...view, months: view.ledger ? monthlySeries(view.ledger) : [] })),
    coordinator,
    review,
  };
}
