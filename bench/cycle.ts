/**
 * The deadline benchmark: a simulated cycle with 31 regions and 500 providers, each asking a question and submitting
 * its documents, played by the dry-run simulator on the time-skipping server with the real workflows and activities
 * and a real SMTP server. Figures: wall time, workflow tasks per second, e-mails per second, history sizes, memory.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { loadConfigFile } from '../cli/config-file';
import { type AssessmentRecord, SELECTION_FACTS } from '../domain/assessment';
import type { CycleConfig } from '../domain/config';
import { validateCycleConfig } from '../domain/config';
import type { ProviderRef } from '../domain/inputs';
import type { Scenario, ScenarioEvent } from '../domain/scenario';
import { type Candidate, rankRegion } from '../domain/selection';
import { DOCUMENT_KINDS } from '../domain/submission-rules';
import { type SimulationReport, simulateScenario } from '../simulator/simulate';
import { projectRoot } from '../support/project-root';
import { provisionTestServer } from '../temporal-server/provision';
import { benchProviders } from './providers';

export interface CycleBenchOptions {
  providers: number;
  regions: number;
}

/** A provider taking part in a cycle, and the regions of that cycle it applies for (in one submission). */
export interface Applicant {
  provider: ProviderRef;
  regions: string[];
}

/**
 * The 2024-2025 schedule with `regions` regions and `providers` providers that each ask once and submit once for one
 * region, are assessed, announced, may object, and sign their contracts, through the contract start.
 */
export function benchScenario({ providers, regions }: CycleBenchOptions): Scenario {
  const base = loadConfigFile(path.join(projectRoot(), 'examples', 'zk-2024-2025.yaml'));
  const result = validateCycleConfig({
    ...base,
    id: 'bench-2024-2025',
    regions: Array.from({ length: regions }, (_, i) => ({ name: `Regio ${i + 1}`, maxProviders: 4 })),
  });
  if (!result.ok) throw new Error('bench configuration is invalid');
  const applicants = benchProviders(providers, 'bench.example.nl').map((provider, i) => ({
    provider,
    regions: [`Regio ${(i % regions) + 1}`],
  }));
  return cycleScenario(result.config, applicants);
}

/** An event as the scenario builder writes it: its instant only (the file's text time and place are not needed). */
type Unplaced = {
  [T in ScenarioEvent['type']]: Omit<Extract<ScenarioEvent, { type: T }>, 'at' | 'index'>;
}[ScenarioEvent['type']];

/** The selection facts of the k-th applicant of a region: the earlier, the stronger, no two of the first 64 equal. */
function selectionFacts(k: number): AssessmentRecord['selection'] {
  const strength = Math.max(0, 2 ** SELECTION_FACTS.length - 1 - k);
  return Object.fromEntries(
    SELECTION_FACTS.map((f, bit) => [f, (strength >> (SELECTION_FACTS.length - 1 - bit)) % 2 === 1]),
  ) as AssessmentRecord['selection'];
}

/**
 * A whole cycle on a 2024-2025 schedule: each applicant asks a question over ten mornings and submits for its regions
 * over the last five days before the closing (the deadline rush); every applicant is assessed in each of its regions
 * over August, one in seventeen failing a requirement (never among a region's first six, so no tie arises at the
 * cut-off); one in ten of those selected nowhere objects and is answered; every selected provider signs its contract.
 */
export function cycleScenario(config: CycleConfig, applicants: readonly Applicant[]): Scenario {
  const zone = config.timezone;
  const ms = (local: string) => DateTime.fromISO(local, { zone }).toMillis();
  const events: ScenarioEvent[] = [];
  const push = (event: Unplaced) => events.push({ ...event, at: '', index: events.length } as ScenarioEvent);
  applicants.forEach(({ provider }, i) => {
    const questionDay = 5 + (i % 10);
    push({
      type: 'question',
      provider: provider.id,
      text: `Vraag ${i + 1} over de inkoopdocumenten`,
      atMs: ms(`2023-06-${String(questionDay).padStart(2, '0')}T10:00`),
    });
  });
  // The NvI answers every question (a cycle nobody applied to has none to answer).
  if (applicants.length > 0)
    push({
      type: 'nvi',
      atMs: ms('2023-06-28T10:00'),
      answers: [
        { questions: applicants.map((_, i) => i), answer: 'Zie de toelichting.', changesDocuments: false },
      ],
    });
  applicants.forEach(({ provider, regions }, i) => {
    push({
      type: 'submission',
      provider: provider.id,
      regions,
      documents: DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration').map((kind) => ({
        kind,
        name: `${kind}.pdf`,
        issuedOn: '2023-07-01',
      })),
      atMs: ms(`2023-07-${27 + (i % 5)}T16:00`),
    });
  });
  const requirements = Object.fromEntries(
    config.assessment.requirements.map((_, n) => [String(n + 1), true as const]),
  );
  const byRegion = new Map<string, Candidate[]>();
  applicants.forEach(({ provider, regions }, i) => {
    for (const region of regions) {
      const k = byRegion.get(region)?.length ?? 0;
      const selection = selectionFacts(k);
      const unmet = i % 17 === 16 && k >= 6;
      push({
        type: 'assessment',
        provider: provider.id,
        region,
        requirements: unmet
          ? { ...requirements, '13': { met: false, reason: 'Te weinig cliëntondersteuners.' } }
          : requirements,
        selection,
        atMs: ms(`2023-08-${String(3 + (i % 25)).padStart(2, '0')}T10:00`),
      });
      const assessment = {
        region,
        version: 1,
        assessedAt: '',
        assessor: null,
        unmet: unmet ? [{ number: 13, requirement: '', reason: '' }] : [],
        selection,
      };
      byRegion.set(region, [
        ...(byRegion.get(region) ?? []),
        { providerId: provider.id, name: provider.name, onTime: true, missing: [], assessment },
      ]);
    }
  });
  const maxOf = new Map(config.regions.map((r) => [r.name, r.maxProviders]));
  const selected = new Set(
    [...byRegion].flatMap(
      ([region, candidates]) => rankRegion(region, maxOf.get(region) ?? 4, candidates).proposed,
    ),
  );
  applicants.forEach(({ provider }, i) => {
    if (selected.has(provider.id)) {
      push({ type: 'contractSigned', provider: provider.id, atMs: ms('2023-10-20T10:00') });
    } else if (i % 10 === 0) {
      push({
        type: 'objection',
        provider: provider.id,
        text: 'Wij maken bezwaar tegen de uitkomst.',
        atMs: ms('2023-09-20T10:00'),
      });
      push({
        type: 'objectionAnswer',
        provider: provider.id,
        outcome: 'rejected',
        text: 'De beoordeling blijft ongewijzigd.',
        atMs: ms('2023-10-10T10:00'),
      });
    }
  });
  events.sort((a, b) => a.atMs - b.atMs);
  return { config, providers: applicants.map((a) => a.provider), events };
}

export interface CycleBenchResult {
  report: SimulationReport;
  inputs: number;
}

export async function benchCycle(options: CycleBenchOptions): Promise<CycleBenchResult> {
  const scenario = benchScenario(options);
  const provisioned = await provisionTestServer({});
  const report = await simulateScenario(scenario, { provisioned, measureHistories: true });
  const refused = report.refusals.length;
  if (refused > 0)
    throw new Error(`the benchmark scenario had ${refused} refusals: ${report.refusals[0]?.reason}`);
  return { report, inputs: scenario.events.length };
}
