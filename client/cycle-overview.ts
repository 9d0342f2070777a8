/**
 * A cycle at a glance, as the officer's dashboard lists every cycle on the server: its phase, its next milestone, how
 * many providers, and what needs attention (domain/attention.ts), read from the cycle, its providers' workflows, the
 * legal register and the contracts. Only what the cycle's stage needs is read: the register once objections can have
 * come in, the contracts once they were handed over.
 */
import type { Client } from '@temporalio/client';
import type { CycleOverview, NextMilestone } from '../api/dashboard-views';
import { type AttentionFinding, attentionOf } from '../domain/attention';
import { MILESTONE_LABELS_NL, PHASE_LABELS_NL } from '../domain/labels';
import type { CycleStatus } from '../workflows/cycle-api';
import { readiness } from './assessment';
import { contractViews } from './contract-period';
import { cycleStatus, type ListedCycle } from './cycles';
import { legalRegister } from './legal';
import { providerViews } from './provider-views';

/** How long the list waits for one cycle's status (a cycle whose worker is gone does not answer). */
const STATUS_DEADLINE_MS = 5_000;

/** What needs attention in a running cycle, from everything the cycle's stage makes relevant. */
export async function cycleAttention(
  client: Client,
  status: CycleStatus,
  now: Date,
): Promise<AttentionFinding[]> {
  const views = await providerViews(client, status.cycleId);
  const regions = status.config.regions.map((r) => r.name);
  const basis = Object.fromEntries((status.decisions ?? []).map((d) => [d.region, d.basis]));
  const objecting = views.filter((v) => v.objections.length > 0).map((v) => v.provider.id);
  const handedOver = status.handover?.handedOver ?? [];
  return attentionOf({
    status,
    now,
    providers: views,
    readiness: readiness(regions, views, basis),
    objections: objecting.length > 0 ? await legalRegister(client, status.cycleId, objecting) : [],
    contracts: handedOver.length > 0 ? await contractViews(client, status.cycleId, handedOver) : [],
  });
}

export function nextMilestone(status: CycleStatus): NextMilestone | null {
  if (!status.next) return null;
  const { key, at, display } = status.next;
  return { key, label: MILESTONE_LABELS_NL[key], at, display };
}

/** One cycle of the list; a cycle that cannot be read is listed with the reason, never failing the list. */
export async function cycleOverview(client: Client, listed: ListedCycle, now: Date): Promise<CycleOverview> {
  const running = listed.status === 'RUNNING';
  const base = {
    cycleId: listed.cycleId,
    running,
    workflowStatus: listed.status,
    startedAt: listed.startedAt,
    attention: [],
  };
  let status: CycleStatus;
  try {
    status = await client.withDeadline(Date.now() + STATUS_DEADLINE_MS, () =>
      cycleStatus(client, listed.cycleId),
    );
  } catch (error) {
    return {
      ...base,
      title: listed.cycleId,
      wlzUitvoerder: null,
      phase: null,
      phaseLabel: null,
      next: null,
      providers: 0,
      readError: `the cycle's status could not be read: ${(error as Error).message}`,
    };
  }
  const read = {
    ...base,
    title: status.config.title ?? listed.cycleId,
    wlzUitvoerder: { name: status.config.wlzUitvoerder.name, email: status.config.wlzUitvoerder.email },
    phase: status.phase,
    phaseLabel: PHASE_LABELS_NL[status.phase],
    next: running ? nextMilestone(status) : null,
    providers: status.providers,
    readError: null,
  };
  if (!running) return read;
  try {
    const findings = await cycleAttention(client, status, now);
    return { ...read, attention: findings.map(({ kind, message, count }) => ({ kind, message, count })) };
  } catch (error) {
    return { ...read, readError: `what needs attention could not be read: ${(error as Error).message}` };
  }
}
