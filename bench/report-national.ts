/** Prints part (c) of the load figures, the national simulation, and returns its goals (correctness, not time). */
import { fmt, type Goal, mib } from './format';
import type { NationalFigures } from './national';

export function reportNational(n: NationalFigures): Goal[] {
  const seconds = n.wallMs / 1000;
  console.log(
    `  wall time            ${fmt(seconds, 1).padStart(8)} s  (workflow bundle, ${
      n.servers === 'each'
        ? 'a time-skipping server and worker for each Wlz-uitvoerder'
        : 'one server and worker'
    }, seven cycles from publication to contract start, reports)`,
  );
  console.log(`    of which start-up  ${fmt(n.startupMs / 1000, 1).padStart(8)} s`);
  console.log(`    up to the closing  ${fmt(n.closingMs / 1000, 1).padStart(8)} s`);
  console.log(
    `  memory               peak RSS ${mib(n.memory.rssBytes)} MiB (this process: worker, SMTP server, client), ` +
      `main heap ${mib(n.memory.heapUsedBytes)} MiB; Temporal test server${n.servers === 'each' ? 's' : ''} ` +
      `${mib(n.memory.childrenRssBytes)} MiB`,
  );
  console.log(
    `  workflows            ${fmt(n.workflows).padStart(8)}    (${fmt(n.providerWorkflows)} provider workflows: ` +
      'one per provider and Wlz-uitvoerder applied to; cycles, contract periods, budget coordinators)',
  );
  console.log(
    `  inputs (Updates)     ${fmt(n.inputs).padStart(8)}    ${fmt(n.inputs / seconds, 1)} /s  (${n.concurrency} at a time ` +
      'when several fall on one instant)',
  );
  console.log(`  e-mails              ${fmt(n.messages).padStart(8)}    ${fmt(n.messages / seconds, 1)} /s`);
  console.log(
    `  ${'Wlz-uitvoerder'.padEnd(18)} ${'regions'.padStart(7)} ${'applied'.padStart(7)} ${'on time'.padStart(7)} ` +
      `${'selected'.padStart(8)} ${'signed'.padStart(6)} ${'objected'.padStart(8)} ${'e-mails'.padStart(7)}`,
  );
  for (const c of n.cycles)
    console.log(
      `  ${c.wlzUitvoerder.padEnd(18)} ${fmt(c.regions).padStart(7)} ${fmt(c.applicants).padStart(7)} ` +
        `${fmt(c.onTime).padStart(7)} ${fmt(c.selected).padStart(8)} ${fmt(c.contractsSigned).padStart(6)} ` +
        `${fmt(c.objections).padStart(8)} ${fmt(c.messages).padStart(7)}`,
    );
  const total = (f: (c: NationalFigures['cycles'][number]) => number) =>
    n.cycles.reduce((s, c) => s + f(c), 0);
  const regions = total((c) => c.regions);
  return [
    {
      name: `national simulation: ${n.cycles.length} Wlz-uitvoerders over ${regions} regions`,
      met: n.cycles.length === 7 && regions === 31,
    },
    {
      name: 'national simulation: every on-time submission assessed in each of its regions',
      met: total((c) => c.notAssessed) === 0,
    },
    {
      name: 'national simulation: every selected provider sent a contract',
      met: total((c) => c.selectedWithoutContract) === 0 && total((c) => c.selected) > 0,
    },
    { name: 'national simulation: no input refused', met: total((c) => c.refusals) === 0 },
    {
      name: 'national simulation: no workflow failed, no workflow task failed',
      met: n.failedWorkflows === 0 && n.failedTasks === 0,
    },
  ];
}
