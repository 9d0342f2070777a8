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
import type { Scenario, ScenarioEvent } from '../domain/scenario';
import { type Candidate, rankRegion } from '../domain/selection';
import { DOCUMENT_KINDS } from '../domain/submission-rules';
import { type SimulationReport, simulateScenario } from '../simulator/simulate';
import { projectRoot } from '../support/project-root';
import { provisionTestServer } from '../temporal-server/provision';

export interface CycleBenchOptions {
  providers: number;
  regions: number;
}

/**
 * The 2024-2025 schedule with `regions` regions and `providers` providers that each ask once and submit once, are
 * assessed, announced, may object, and sign their contracts, through the contract start.
 */
export function benchScenario({ providers, regions }: CycleBenchOptions): Scenario {
  const base = loadConfigFile(path.join(projectRoot(), 'examples', 'zk-2024-2025.yaml'));
  const result = validateCycleConfig({
    ...base,
    id: 'bench-2024-2025',
    regions: Array.from({ length: regions }, (_, i) => ({ name: `Regio ${i + 1}`, maxProviders: 4 })),
  });
  if (!result.ok) throw new Error('bench configuration is invalid');
  const config: CycleConfig = result.config;
  const zone = config.timezone;
  const ms = (local: string) => DateTime.fromISO(local, { zone }).toMillis();
  const events: ScenarioEvent[] = [];
  const list = Array.from({ length: providers }, (_, i) => ({
    id: `aanbieder-${i + 1}`,
    name: `Stichting Cliëntondersteuning ${i + 1}`,
    email: `aanbieder-${i + 1}@bench.example.nl`,
    consortium: false,
  }));
  // Questions arrive over ten mornings, submissions over the last five days before closing (the deadline rush).
  list.forEach((p, i) => {
    const questionDay = 5 + (i % 10);
    events.push({
      type: 'question',
      provider: p.id,
      text: `Vraag ${i + 1} over de inkoopdocumenten`,
      at: '',
      atMs: ms(`2023-06-${String(questionDay).padStart(2, '0')}T10:00`),
      index: events.length,
    });
  });
  events.push({
    type: 'nvi',
    at: '',
    atMs: ms('2023-06-28T10:00'),
    index: events.length,
    answers: [{ questions: list.map((_, i) => i), answer: 'Zie de toelichting.', changesDocuments: false }],
  });
  list.forEach((p, i) => {
    const day = 27 + (i % 5);
    events.push({
      type: 'submission',
      provider: p.id,
      regions: [`Regio ${(i % regions) + 1}`],
      documents: DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration').map((kind) => ({
        kind,
        name: `${kind}.pdf`,
        issuedOn: '2023-07-01',
      })),
      at: '',
      atMs: ms(`2023-07-${day}T16:00`),
      index: events.length,
    });
  });
  // Part 2: every provider assessed in its region over August, the selection facts spread so that no two providers
  // of a region are equal (no tie to decide); one in ten of those not selected objects, each objection is answered;
  // every selected provider signs its contract.
  const requirements = Object.fromEntries(
    config.assessment.requirements.map((_, n) => [String(n + 1), true as const]),
  );
  const byRegion = new Map<string, Candidate[]>();
  list.forEach((p, i) => {
    const region = `Regio ${(i % regions) + 1}`;
    const place = Math.floor(i / regions);
    const selection = Object.fromEntries(
      SELECTION_FACTS.map((f, bit) => [f, ((place + 1) >> bit) % 2 === 1]),
    );
    const unmet = i % 17 === 16;
    events.push({
      type: 'assessment',
      provider: p.id,
      region,
      requirements: unmet
        ? { ...requirements, '13': { met: false, reason: 'Te weinig cliëntondersteuners.' } }
        : requirements,
      selection,
      at: '',
      atMs: ms(`2023-08-${String(3 + (i % 25)).padStart(2, '0')}T10:00`),
      index: events.length,
    });
    const assessment = {
      region,
      version: 1,
      assessedAt: '',
      assessor: null,
      unmet: unmet ? [{ number: 13, requirement: '', reason: '' }] : [],
      selection: selection as AssessmentRecord['selection'],
    };
    byRegion.set(region, [
      ...(byRegion.get(region) ?? []),
      { providerId: p.id, name: p.name, onTime: true, missing: [], assessment },
    ]);
  });
  const selected = new Set(
    [...byRegion].flatMap(([region, candidates]) => rankRegion(region, 4, candidates).proposed),
  );
  list.forEach((p, i) => {
    if (selected.has(p.id)) {
      events.push({
        type: 'contractSigned',
        provider: p.id,
        at: '',
        atMs: ms('2023-10-20T10:00'),
        index: events.length,
      });
    } else if (i % 10 === 0) {
      events.push({
        type: 'objection',
        provider: p.id,
        text: 'Wij maken bezwaar tegen de uitkomst.',
        at: '',
        atMs: ms('2023-09-20T10:00'),
        index: events.length,
      });
      events.push({
        type: 'objectionAnswer',
        provider: p.id,
        outcome: 'rejected',
        text: 'De beoordeling blijft ongewijzigd.',
        at: '',
        atMs: ms('2023-10-10T10:00'),
        index: events.length,
      });
    }
  });
  events.sort((a, b) => a.atMs - b.atMs);
  return { config, providers: list, events };
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
