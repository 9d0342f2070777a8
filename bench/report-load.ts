/**
 * Prints parts (a) and (b) of the load figures side by side, with their ratios, and returns the goals: the rush's own
 * (every receipt delivered, none marked late, p99 to SMTP under 1 s) and the overhead of our logic over the floor.
 */
import type { RushFigures } from './deadline-rush';
import type { FloorFigures } from './floor';
import { fmt, type Goal } from './format';
import type { LoadFigures, Spread } from './load';
import type { StageFigures } from './stages';

/** The overhead goal: our saturated wall time at most this many times the floor's. */
export const OVERHEAD_GOAL = 1.5;

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

function row(label: string, a: number, b: number, unit = 'ms', digits = 0): string {
  return (
    `    ${label.padEnd(36)} ${`${fmt(a, digits)} ${unit}`.padStart(12)} ${`${fmt(b, digits)} ${unit}`.padStart(12)}` +
    `   ${fmt(ratio(a, b), 2).padStart(6)}`
  );
}

/** Rows of a spread's p50 (and p99 and max) for (a) and (b), by what each row reads from a run's figures. */
function spreadRows<F>(a: F, b: F, rows: [label: string, of: (f: F) => Spread, all: boolean][]): string[] {
  return rows.flatMap(([label, of, all]) => [
    row(`${label.padEnd(28)}p50`, of(a).p50, of(b).p50),
    ...(all
      ? [row(`${''.padEnd(28)}p99`, of(a).p99, of(b).p99), row(`${''.padEnd(28)}max`, of(a).max, of(b).max)]
      : []),
  ]);
}

const latencyRows = (a: LoadFigures, b: LoadFigures) =>
  spreadRows(a, b, [
    ['accepted -> answered', (f) => f.answer, true],
    ['accepted -> e-mail at SMTP', (f) => f.mail, true],
  ]);

const stageRows = (a: StageFigures, b: StageFigures) =>
  spreadRows(a, b, [
    ['front door -> workflow task', (f) => f.toTask, false],
    ['task waiting for the worker', (f) => f.taskWait, false],
    ['workflow task', (f) => f.task, false],
    ['task done -> answered', (f) => f.toAnswer, false],
    ['e-mail activity waiting', (f) => f.activityWait, false],
    ['e-mail activity', (f) => f.activity, false],
  ]);

export function reportLoad(a: RushFigures, b: FloorFigures): Goal[] {
  const sa = a.saturated;
  const sb = b.saturated;
  const perInput = (ms: number | null, f: LoadFigures) => (ms === null ? Number.NaN : ms / f.accepted);
  const lines = [
    `  ${''.padEnd(40)} ${'(a) ours'.padStart(12)} ${'(b) floor'.padStart(12)}   (a)/(b)`,
    `  paced over the last ${fmt(a.windowMs / 1000)} s before the closing`,
    ...latencyRows(a.rush, b.rush),
    '    where the time goes (from the histories):',
    ...stageRows(a.rush.stages, b.rush.stages),
    `  saturated: all ${fmt(a.submissions)} at once, ${sa.concurrency} in flight`,
    row('wall time, first request to last e-mail', sa.wallMs / 1000, sb.wallMs / 1000, 's', 1),
    row('throughput', (sa.accepted / sa.wallMs) * 1000, (sb.accepted / sb.wallMs) * 1000, '/s', 1),
    ...latencyRows(sa, sb),
    row(
      'CPU per input, this process',
      perInput(sa.cpu.processMs, sa),
      perInput(sb.cpu.processMs, sb),
      'ms',
      1,
    ),
    row(
      'CPU per input, Temporal server',
      perInput(sa.cpu.serverMs, sa),
      perInput(sb.cpu.serverMs, sb),
      'ms',
      1,
    ),
    '    where the time goes (from the histories):',
    ...stageRows(sa.stages, sb.stages),
  ];
  for (const line of lines) console.log(line);
  const rush = a.rush;
  console.log(
    `  (a) rush: ${fmt(rush.accepted)} of ${fmt(rush.inputs)} accepted (${fmt(rush.refused)} refused), ` +
      `${fmt(rush.delivered)} receipts delivered (${fmt(rush.duplicates)} sent twice with the same Message-ID), ` +
      `${fmt(rush.markedLate)} on-time marked late`,
  );
  console.log(
    `  (a) rush, per ${fmt(a.windowMs / 10_000, 1)} s of the window (receipt p50 / p99 ms): ${rush.bySlice
      .map((s) => `${fmt(s.p50)}/${fmt(s.p99)}`)
      .join('  ')}`,
  );
  console.log(
    `  (b) floor: ${fmt(b.rush.delivered)} + ${fmt(sb.delivered)} e-mails delivered of ${fmt(b.rush.inputs)} + ` +
      `${fmt(sb.inputs)} inputs (${fmt(b.rush.duplicates + sb.duplicates)} twice)`,
  );
  const runs: [string, LoadFigures][] = [
    ['(a) rush', rush],
    ['(a) saturated', sa],
    ['(b) rush', b.rush],
    ['(b) saturated', sb],
  ];
  for (const [name, run] of runs)
    for (const [reason, count] of Object.entries(run.refusedBy))
      console.log(`  ${name}: ${fmt(count)} refused: ${reason}`);
  const overhead = ratio(sa.wallMs, sb.wallMs);
  console.log(
    `  overhead of our logic (saturated wall time (a)/(b)): ${fmt(overhead, 2)}; CPU per input (this process + ` +
      `server): ${fmt(ratio((sa.cpu.processMs + (sa.cpu.serverMs ?? 0)) / sa.accepted, (sb.cpu.processMs + (sb.cpu.serverMs ?? 0)) / sb.accepted), 2)}`,
  );
  console.log(
    `  wall time (a) ${fmt(a.wallMs / 1000, 1)} s, (b) ${fmt(b.wallMs / 1000, 1)} s (servers, preparation, both runs)`,
  );
  return [
    { name: 'deadline rush: every submission accepted', met: rush.accepted === rush.inputs },
    { name: 'deadline rush: every receipt delivered', met: rush.delivered === rush.inputs },
    { name: 'deadline rush: no on-time submission marked late', met: rush.markedLate === 0 },
    { name: 'deadline rush: p99 acceptance to receipt at SMTP under 1 s', met: rush.mail.p99 < 1000 },
    {
      name: 'saturated run: every input accepted and its e-mail delivered, (a) and (b)',
      met: [sa, sb, b.rush].every((f) => f.accepted === f.inputs && f.delivered === f.inputs),
    },
    {
      name: `overhead of our logic over the floor (saturated wall time (a)/(b)) under ${OVERHEAD_GOAL}`,
      met: overhead < OVERHEAD_GOAL,
    },
  ];
}
