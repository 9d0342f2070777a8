/**
 * `npm run bench`: the project's speed and memory figures, printed. Goals are printed beside the figures; a missed
 * goal is reported, and the exit code says so.
 */
import { installQuietRuntime } from '../worker/quiet-runtime';
import { benchBudget } from './budget';
import { benchCycle } from './cycle';
import { benchDeadlineRush } from './deadline-rush';
import { benchFloor } from './floor';
import { fmt, type Goal, loadNote } from './format';
import { benchHistoryOnDevServer } from './history';
import { benchNational } from './national';
import { benchRendering } from './rendering';
import { reportLoad } from './report-load';
import { reportNational } from './report-national';
import { benchSettings } from './settings';

/** Temporal's hard limits on one workflow history (the server refuses to go on beyond them). */
const HISTORY_EVENT_LIMIT = 51_200;
const HISTORY_MB_LIMIT = 50;

const settings = (() => {
  try {
    return benchSettings(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();

const verbose = (line: string) => {
  if (settings.BENCH_VERBOSE) console.log(`  (${line})`);
};

async function main(): Promise<void> {
  installQuietRuntime();
  const goals: Goal[] = [];
  console.log(
    `oco benchmark on ${process.version}, ${process.platform}/${process.arch}, ${loadNote()} at the start\n`,
  );
  const renderSeconds = settings.BENCH_SECONDS;
  if (renderSeconds > 0) await rendering(renderSeconds, goals);
  const providers = settings.BENCH_PROVIDERS;
  if (providers > 0) await cycle(providers, goals);
  const budgetProviders = settings.BENCH_BUDGET_PROVIDERS;
  if (budgetProviders > 0) await budget(budgetProviders, goals);
  const rush = settings.BENCH_RUSH_SUBMISSIONS;
  if (rush > 0) await load(rush, goals);
  const national = settings.BENCH_NATIONAL_PROVIDERS;
  if (national > 0) {
    console.log(
      `\n(c) National simulation: 7 Wlz-uitvoerders, 31 regions, ${fmt(national)} providers (many applying to ` +
        'several), publication to contract start under time skipping, all seven at once',
    );
    console.log(`  (${loadNote()} at the start)`);
    goals.push(
      ...reportNational(
        await benchNational(
          national,
          verbose,
          settings.BENCH_NATIONAL_CONCURRENCY,
          settings.BENCH_NATIONAL_SERVERS,
        ),
      ),
    );
  }
  // Opt-in (ten minutes or more): the cycle's history with many providers on the real dev server.
  const many = settings.BENCH_HISTORY_PROVIDERS;
  if (many > 0) await history(many, goals);

  console.log('\nGoals:');
  for (const goal of goals) console.log(`  ${goal.met ? 'met    ' : 'MISSED '} ${goal.name}`);
  if (goals.some((g) => !g.met)) process.exitCode = 1;
}

async function rendering(seconds: number, goals: Goal[]): Promise<void> {
  console.log('Template rendering (every template in turn, HTML and text part)');
  const r = await benchRendering({ seconds });
  console.log(`  compile all ${'templates'.padEnd(10)} ${fmt(r.compileAllMs)} ms (once, at worker start)`);
  console.log(
    `  precompiled          ${fmt(r.precompiledPerSecond).padStart(8)} messages/s  (${fmt(r.messages.precompiled)} rendered)`,
  );
  console.log(
    `  compiling each time  ${fmt(r.compilingPerSecond, 1).padStart(8)} messages/s  (${fmt(r.messages.compiling)} rendered)`,
  );
  console.log(`  ratio                ${fmt(r.ratio, 1).padStart(8)} x`);
  goals.push({ name: 'precompiled at least 20x faster than compiling per message', met: r.ratio >= 20 });
  goals.push({ name: 'at least 2,000 rendered messages/s on one core', met: r.precompiledPerSecond >= 2000 });
}

async function cycle(providers: number, goals: Goal[]): Promise<void> {
  console.log(
    `\nA whole cycle: 31 regions, ${providers} providers each asking, submitting (the deadline rush), assessed, ` +
      'announced, some objecting, the selected signing, through the contract start',
  );
  const c = await benchCycle({ providers, regions: 31 });
  const seconds = c.report.run.wallMs / 1000;
  const h = c.report.run.histories;
  console.log(
    `  wall time            ${fmt(seconds, 1).padStart(8)} s  (the whole dry run: server start, workflow bundle, ` +
      'publication to contract start, report)',
  );
  console.log(`    of which start-up  ${fmt(c.report.run.startupMs / 1000, 1).padStart(8)} s`);
  console.log(
    `    up to the closing  ${fmt(c.report.run.closingMs / 1000, 1).padStart(8)} s  (start-up, questions, NvI, the deadline rush)`,
  );
  console.log(`  inputs (Updates)     ${fmt(c.inputs).padStart(8)}    ${fmt(c.inputs / seconds, 1)} /s`);
  console.log(
    `  e-mails              ${fmt(c.report.messages.length).padStart(8)}    ${fmt(c.report.messages.length / seconds, 1)} /s`,
  );
  if (h) {
    console.log(
      `  workflow tasks       ${fmt(h.workflowTasks).padStart(8)}    ${fmt(h.workflowTasks / seconds, 1)} /s`,
    );
    console.log(
      `  cycle history        ${fmt(h.cycleEvents).padStart(8)} events, ${fmt(h.cycleBytes / 1024, 1)} KiB`,
    );
    console.log(
      `  provider history     ${fmt(h.providerEventsMax).padStart(8)} events, ${fmt(h.providerBytesMax / 1024, 1)} KiB (largest)`,
    );
  }
  const outcome = Object.values(c.report.providers);
  const selected = outcome.filter((p) => Object.values(p.regions).includes('selected')).length;
  console.log(
    `  outcome              ${fmt(selected).padStart(8)} selected, ${fmt(outcome.length - selected)} not, ` +
      `${fmt(c.report.legal.length)} objections, ${fmt(outcome.filter((p) => p.contract?.signedAt).length)} contracts signed`,
  );
  goals.push({
    name: `simulated cycle with ${providers} providers, publication to closing, in under 60 s`,
    met: c.report.run.closingMs < 60_000,
  });
  goals.push({
    name: `simulated cycle with ${providers} providers, publication to contract start, in under 2 minutes`,
    met: seconds < 120,
  });
  const memory = process.memoryUsage();
  console.log(
    `  memory               peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MiB, heap used ` +
      `${fmt(memory.heapUsed / 1048576)} MiB (the process: worker, SMTP server, client)`,
  );
}

async function budget(budgetProviders: number, goals: Goal[]): Promise<void> {
  console.log(
    `\nThe contract period: ${fmt(budgetProviders)} providers in two regions each, every region reported every ` +
      'month for two years, one provider in ten over its ceiling (time-skipping server)',
  );
  const b = await benchBudget(budgetProviders, verbose);
  const seconds = b.wallMs / 1000;
  console.log(
    `  wall time            ${fmt(seconds, 1).padStart(8)} s  (server start, contracts, 24 months, report)`,
  );
  console.log(
    `  production reports   ${fmt(b.reports).padStart(8)}    ${fmt(b.reports / (b.reportingMs / 1000), 1)} /s` +
      `${b.refused > 0 ? `  (${fmt(b.refused)} refused)` : ''}`,
  );
  console.log(`  e-mails              ${fmt(b.messages).padStart(8)}    (receipts, ladder steps, reminders)`);
  console.log(
    `  largest history      ${fmt(b.largestRun.events).padStart(8)} events, ${fmt(b.largestRun.bytes / 1024, 1)} KiB ` +
      '(one contract year of one provider; continue-as-new each year)',
  );
  console.log(
    `  coordinator history  ${fmt(b.coordinator.events).padStart(8)} events, ${fmt(b.coordinator.bytes / 1024, 1)} KiB`,
  );
  console.log(`  overrun cases        ${fmt(b.casesOpened).padStart(8)}    (of the providers sampled)`);
  console.log(`  memory               peak RSS ${fmt(b.peakRssBytes / 1048576)} MiB during this run`);
  goals.push({
    name: `contract period with ${fmt(budgetProviders)} providers: no report refused`,
    met: b.refused === 0,
  });
  goals.push({
    name: "one contract year of one provider below Temporal's warning levels (10,240 events, 10 MB)",
    met: b.largestRun.events < 10_240 && b.largestRun.bytes < 10_000_000,
  });
}

/** (a) the deadline rush and (b) the floor, one after the other on fresh dev servers, printed side by side. */
async function load(inputs: number, goals: Goal[]): Promise<void> {
  const windowMs = settings.BENCH_RUSH_WINDOW_S * 1000;
  const concurrency = settings.BENCH_CONCURRENCY;
  console.log(
    `\nLoad: ${fmt(inputs)} inputs paced over the last ${windowMs / 1000} s before the closing, then ${fmt(inputs)} ` +
      `more all at once (${concurrency} in flight), each on a fresh Temporal dev server (SQLite) with the worker and ` +
      'an in-process SMTP server in this process',
  );
  console.log(
    '  (a) ours: submissions through the HTTP API (token, schema, files) into the provider workflows (rules, signed ' +
      'receipt, receipt e-mail with calendar and receipt attached)',
  );
  console.log(
    '  (b) floor: the same bodies through a bare HTTP route into one minimal workflow per holder that records the ' +
      'input and sends one plain e-mail (bench/floor/)',
  );
  const before = loadNote();
  const a = await benchDeadlineRush(inputs, windowMs, verbose, concurrency);
  const between = loadNote();
  const b = await benchFloor(inputs, windowMs, verbose, concurrency);
  console.log(`  (${before} before (a), ${between} before (b), ${loadNote()} after)`);
  goals.push(...reportLoad(a, b));
}

async function history(many: number, goals: Goal[]): Promise<void> {
  console.log(
    `\nCycle history with ${fmt(many)} providers on the Temporal dev server: registration, publication, ` +
      'NvI, amendment, final tariff',
  );
  const history = await benchHistoryOnDevServer(many, (line) => console.log(`  (${line})`));
  const mb = history.cycleBytes / 1_000_000;
  console.log(`  wall time            ${fmt(history.wallMs / 1000, 1).padStart(8)} s`);
  console.log(
    `  cycle history        ${fmt(history.cycleEvents).padStart(8)} events (${fmt((history.cycleEvents / HISTORY_EVENT_LIMIT) * 100, 2)} % of Temporal's ${fmt(HISTORY_EVENT_LIMIT)})`,
  );
  console.log(
    `                       ${fmt(mb, 2).padStart(8)} MB     (${fmt((mb / HISTORY_MB_LIMIT) * 100, 1)} % of Temporal's ${HISTORY_MB_LIMIT} MB)`,
  );
  console.log(`  e-mails              ${fmt(history.messages).padStart(8)}`);
  goals.push({
    name: `cycle history with ${fmt(many)} providers below Temporal's warning levels (10,240 events, 10 MB)`,
    met: history.cycleEvents < 10_240 && mb < 10,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
