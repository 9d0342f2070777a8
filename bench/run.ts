/**
 * `npm run bench`: the project's speed and memory figures, printed. Goals are printed beside the figures; a missed
 * goal is reported, and the exit code says so.
 */
import { installQuietRuntime } from '../worker/quiet-runtime';
import { benchBudget } from './budget';
import { benchCycle } from './cycle';
import { benchDeadlineRush } from './deadline-rush';
import { benchHistoryOnDevServer } from './history';
import { benchRendering } from './rendering';

/** Temporal's hard limits on one workflow history (the server refuses to go on beyond them). */
const HISTORY_EVENT_LIMIT = 51_200;
const HISTORY_MB_LIMIT = 50;

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  installQuietRuntime();
  const goals: { name: string; met: boolean }[] = [];
  console.log(`oco benchmark on ${process.version}, ${process.platform}/${process.arch}, one thread\n`);

  console.log('Template rendering (every template in turn, HTML and text part)');
  const r = await benchRendering({ seconds: Number(process.env.BENCH_SECONDS ?? 3) });
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

  const providers = Number(process.env.BENCH_PROVIDERS ?? 500);
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

  const budgetProviders = Number(process.env.BENCH_BUDGET_PROVIDERS ?? 500);
  if (budgetProviders > 0) {
    console.log(
      `\nThe contract period: ${fmt(budgetProviders)} providers in two regions each, every region reported every ` +
        'month for two years, one provider in ten over its ceiling (time-skipping server)',
    );
    const b = await benchBudget(budgetProviders, (line) => {
      if (process.env.BENCH_VERBOSE) console.log(`  (${line})`);
    });
    const seconds = b.wallMs / 1000;
    console.log(
      `  wall time            ${fmt(seconds, 1).padStart(8)} s  (server start, contracts, 24 months, report)`,
    );
    console.log(
      `  production reports   ${fmt(b.reports).padStart(8)}    ${fmt(b.reports / (b.reportingMs / 1000), 1)} /s` +
        `${b.refused > 0 ? `  (${fmt(b.refused)} refused)` : ''}`,
    );
    console.log(
      `  e-mails              ${fmt(b.messages).padStart(8)}    (receipts, ladder steps, reminders)`,
    );
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

  const rush = Number(process.env.BENCH_RUSH_SUBMISSIONS ?? 2000);
  if (rush > 0) {
    console.log(
      `\nThe deadline rush: ${fmt(rush)} submissions through the HTTP API in the last 60 s before the closing ` +
        '(Temporal dev server, real worker, in-process SMTP server)',
    );
    const r = await benchDeadlineRush(rush, 60_000, (line) => {
      if (process.env.BENCH_VERBOSE) console.log(`  (${line})`);
    });
    console.log(
      `  accepted             ${fmt(r.accepted).padStart(8)}    of ${fmt(r.submissions)} (${fmt(r.refused)} refused)`,
    );
    console.log(
      `  receipts delivered   ${fmt(r.receiptsDelivered).padStart(8)}    (${fmt(r.duplicates)} sent twice with the same Message-ID)`,
    );
    console.log(
      `  marked late          ${fmt(r.markedLate).padStart(8)}    (of those accepted before the closing)`,
    );
    console.log(
      `  accepted -> answered p50 ${fmt(r.answer.p50)} ms, p99 ${fmt(r.answer.p99)} ms, max ${fmt(r.answer.max)} ms`,
    );
    console.log(
      `  accepted -> receipt at SMTP p50 ${fmt(r.receipt.p50)} ms, p99 ${fmt(r.receipt.p99)} ms, max ${fmt(r.receipt.max)} ms`,
    );
    console.log(
      `  per 6 s of the window (receipt p50 / p99 ms): ${r.receiptBySlice.map((s) => `${fmt(s.p50)}/${fmt(s.p99)}`).join('  ')}`,
    );
    console.log(
      `  wall time            ${fmt(r.wallMs / 1000, 1).padStart(8)} s  (server start, registration, the rush)`,
    );
    goals.push({
      name: 'deadline rush: every receipt delivered',
      met: r.receiptsDelivered === r.submissions,
    });
    goals.push({ name: 'deadline rush: no on-time submission marked late', met: r.markedLate === 0 });
    goals.push({
      name: 'deadline rush: p99 acceptance to receipt at SMTP under 1 s',
      met: r.receipt.p99 < 1000,
    });
  }

  // Opt-in (ten minutes or more): the cycle's history with many providers on the real dev server.
  const many = Number(process.env.BENCH_HISTORY_PROVIDERS ?? 0);
  if (many > 0) {
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

  console.log('\nGoals:');
  for (const goal of goals) console.log(`  ${goal.met ? 'met    ' : 'MISSED '} ${goal.name}`);
  if (goals.some((g) => !g.met)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
