/**
 * The national simulation: the 2024-2025 procedure run by all seven Wlz-uitvoerders at once, one cycle each over its
 * own zorgkantoorregio's (31 in all), with `providers` providers of which many apply to several Wlz-uitvoerders and
 * in several regions, from publication to contract start under time skipping, all seven at once (the dry-run
 * simulator). Figures: wall time, peak memory, workflows, inputs, e-mails; and whether
 * the outcome is right: every on-time submission assessed in each of its regions, every selected provider sent a
 * contract, nothing refused, no workflow or workflow task failed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { loadConfigFile } from '../cli/config-file';
import { validateCycleConfig } from '../domain/config';
import type { ProviderRef } from '../domain/inputs';
import type { Scenario } from '../domain/scenario';
import { type SimulationReport, simulateScenario, simulateScenarios } from '../simulator/simulate';
import { projectRoot } from '../support/project-root';
import { provisionTestServer } from '../temporal-server/provision';
import { workflowsPath } from '../worker/worker';
import { type Applicant, cycleScenario } from './cycle';
import { type MemoryPeaks, sampleMemory } from './memory';
import { benchProviders } from './providers';
import { WLZ_UITVOERDERS, type WlzUitvoerder } from './wlz-uitvoerders';

/** A small deterministic generator (mulberry32): the same spread of providers on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Where each provider applies: three in five to one Wlz-uitvoerder, one in four to two, the rest to three, chosen in
 * proportion to their number of regions (the first seven one to each first); in each, one to three of its regions.
 */
export function nationalApplicants(providers: number): Map<WlzUitvoerder, Applicant[]> {
  const byCycle = new Map<WlzUitvoerder, Applicant[]>(WLZ_UITVOERDERS.map((w) => [w, []]));
  const everyone = benchProviders(providers, 'oco.example.nl');
  for (let i = 0; i < providers; i++) {
    const next = random(i + 1);
    const provider = everyone[i] as ProviderRef;
    const count = i % 20 < 12 ? 1 : i % 20 < 17 ? 2 : 3;
    const left = [...WLZ_UITVOERDERS];
    for (let c = 0; c < count; c++) {
      const weight = left.reduce((sum, w) => sum + w.regions.length, 0);
      const pick = next() * weight;
      let index = 0;
      for (let below = 0; index < left.length - 1; index++) {
        below += left[index]?.regions.length ?? 0;
        if (pick < below) break;
      }
      // The first seven providers go one to each Wlz-uitvoerder first, so that no cycle lacks applicants.
      if (c === 0 && i < WLZ_UITVOERDERS.length) index = i;
      const [chosen] = left.splice(index, 1) as [WlzUitvoerder];
      const wanted = Math.min(chosen.regions.length, 1 + Math.floor(next() * 3));
      const first = Math.floor(next() * chosen.regions.length);
      const regions = Array.from(
        { length: wanted },
        (_, k) => chosen.regions[(first + k) % chosen.regions.length] as string,
      );
      byCycle.get(chosen)?.push({ provider, regions });
    }
  }
  return byCycle;
}

/** One scenario per Wlz-uitvoerder on the 2024-2025 schedule, with its own regions and applicants. */
export function nationalScenarios(providers: number): Scenario[] {
  const base = loadConfigFile(path.join(projectRoot(), 'examples', 'zk-2024-2025.yaml'));
  return [...nationalApplicants(providers)].map(([wlz, applicants]) => {
    const result = validateCycleConfig({
      ...base,
      id: `oco-2024-2025-${wlz.slug}`,
      wlzUitvoerder: { name: wlz.name, email: wlz.email },
      regions: wlz.regions.map((name) => ({ name, maxProviders: 4 })),
    });
    if (!result.ok) throw new Error(`national configuration for ${wlz.name} is invalid`);
    return cycleScenario(result.config, applicants);
  });
}

export interface CycleOutcome {
  cycleId: string;
  wlzUitvoerder: string;
  regions: number;
  applicants: number;
  onTime: number;
  /** On-time submissions without an outcome in one of their regions. */
  notAssessed: number;
  selected: number;
  /** Selected providers sent no contract. */
  selectedWithoutContract: number;
  contractsSigned: number;
  objections: number;
  refusals: number;
  messages: number;
}

export interface NationalFigures {
  providers: number;
  servers: NationalServers;
  cycles: CycleOutcome[];
  /** Provider workflows: one per provider and cycle it applies to. */
  providerWorkflows: number;
  workflows: number;
  failedWorkflows: number;
  failedTasks: number;
  inputs: number;
  messages: number;
  /** The whole run: bundle, servers, the cycles, reports. */
  wallMs: number;
  /** The slowest cycle's start-up and passage of the closing. */
  startupMs: number;
  closingMs: number;
  memory: MemoryPeaks;
  concurrency: number;
}

function outcomeOf(report: SimulationReport, scenario: Scenario): CycleOutcome {
  const providers = Object.values(report.providers);
  const onTime = providers.filter((p) => p.submission?.onTime && !p.withdrawnAt);
  const selected = providers.filter((p) => Object.values(p.regions).includes('selected'));
  return {
    cycleId: report.cycleId,
    wlzUitvoerder: scenario.config.wlzUitvoerder.name,
    regions: scenario.config.regions.length,
    applicants: providers.length,
    onTime: onTime.length,
    notAssessed: onTime.filter((p) => p.submission?.regions.some((r) => !(r in p.regions))).length,
    selected: selected.length,
    selectedWithoutContract: selected.filter((p) => !p.contract?.sentAt).length,
    contractsSigned: providers.filter((p) => p.contract?.signedAt).length,
    objections: report.legal.length,
    refusals: report.refusals.length,
    messages: report.messages.length,
  };
}

/**
 * Where the cycles run: `each` Wlz-uitvoerder on its own time-skipping server and worker (as each runs its own
 * system), all at once in this process; or all of them on `one` server with one worker. The Java time-skipping server
 * stops moving its clock with a few thousand workflows taking Updates at once (seen from 2,000 providers), so `each`
 * is the default; `one` is there to measure one worker for the nation at smaller sizes.
 */
export type NationalServers = 'each' | 'one';

/** Waits for every run (so none is left running with its server) and gives the results, or the first failure. */
async function allOrFirstError<T>(runs: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

export async function benchNational(
  providers: number,
  log: (line: string) => void = () => undefined,
  /** Inputs sent at once (per server) when many fall on one instant (the simulator's default is 32). */
  concurrency = 8,
  servers: NationalServers = 'each',
): Promise<NationalFigures> {
  const started = Date.now();
  const scenarios = nationalScenarios(providers);
  const provisioned = await provisionTestServer({});
  const memory = sampleMemory();
  let reports: SimulationReport[];
  let peaks: MemoryPeaks;
  const bundle = path.join(mkdtempSync(path.join(os.tmpdir(), 'oco-national-')), 'workflows.js');
  try {
    // One workflow bundle for every worker.
    const { code } = await bundleWorkflowCode({
      workflowsPath: workflowsPath(),
      logger: new DefaultLogger('WARN'),
    });
    writeFileSync(bundle, code);
    const options = { provisioned, measureHistories: true, concurrency, workflowBundlePath: bundle };
    reports =
      servers === 'one'
        ? await simulateScenarios(scenarios, {
            ...options,
            from: 'Zorginkoop OCO <zorginkoop.oco@zorgkantoren.example.nl>',
            log,
          })
        : await allOrFirstError(
            // Started a few seconds apart: seven Java servers starting at once overrun the SDK's start-up limit.
            scenarios.map(async (scenario, k) => {
              await new Promise((resolve) => setTimeout(resolve, k * 4_000));
              return simulateScenario(scenario, {
                ...options,
                log: (line) => log(`${scenario.config.id}: ${line}`),
              });
            }),
          );
  } finally {
    peaks = memory.stop();
    rmSync(path.dirname(bundle), { recursive: true, force: true });
  }
  const sum = (f: (r: SimulationReport) => number) => reports.reduce((total, r) => total + f(r), 0);
  const most = (f: (r: SimulationReport) => number) => Math.max(...reports.map(f));
  return {
    providers,
    servers,
    cycles: reports.map((r, k) => outcomeOf(r, scenarios[k] as Scenario)),
    providerWorkflows: scenarios.reduce((total, s) => total + s.providers.length, 0),
    workflows: sum((r) => r.run.histories?.workflows ?? 0),
    failedWorkflows: sum((r) => r.run.histories?.failedWorkflows ?? 0),
    failedTasks: sum((r) => r.run.histories?.failedTasks ?? 0),
    inputs: sum((r) => r.run.events),
    messages: sum((r) => r.messages.length),
    wallMs: Date.now() - started,
    startupMs: most((r) => r.run.startupMs),
    closingMs: most((r) => r.run.closingMs),
    memory: peaks,
    concurrency,
  };
}
