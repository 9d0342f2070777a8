/** A dry run as people read it: one line per message and refusal in time order, then each provider's state. */
import { DateTime } from 'luxon';
import type { SimulationReport } from './simulate';

const local = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone }).toFormat('ccc yyyy-MM-dd HH:mm:ss.SSS');

export function renderReport(report: SimulationReport, zone: string): string {
  const lines: string[] = [
    `Dry run of ${report.cycleId}: ${report.messages.length} messages, ${report.refusals.length} refusals, ` +
      `phase at the end: ${report.phase}` +
      (report.shiftedYears > 0
        ? ` (run ${report.shiftedYears} years ahead, shown in the scenario's dates)`
        : ''),
    `Local times in ${zone}.`,
    '',
  ];
  const entries = [
    ...report.messages.map((m) => ({
      at: m.at,
      text: `mail    ${m.kind.padEnd(20)} to ${m.to}: ${m.subject}`,
    })),
    ...report.refusals.map((r) => ({
      at: r.at,
      text: `REFUSED ${r.type.padEnd(20)} ${r.provider ? `from ${r.provider}: ` : ''}${r.reason}`,
    })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const entry of entries) lines.push(`${local(entry.at, zone)}  ${entry.text}`);
  lines.push('', 'Providers:');
  for (const [id, p] of Object.entries(report.providers)) {
    const submission = p.submission
      ? `${p.submission.onTime ? 'on time' : 'LATE'} at ${local(p.submission.receivedAt, zone)}` +
        (p.submission.version ? `, version ${p.submission.version}` : '') +
        (p.submission.regions.length > 0 ? `, regions ${p.submission.regions.join(', ')}` : '')
      : 'no submission';
    lines.push(`  ${id.padEnd(24)} ${p.status.padEnd(10)} ${submission}`);
    for (const missing of p.submission?.missing ?? []) lines.push(`  ${''.padEnd(24)}   - ${missing}`);
    const late = p.questions.filter((q) => !q.onTime).length;
    if (p.questions.length > 0)
      lines.push(`  ${''.padEnd(24)} ${p.questions.length} question(s)${late ? `, ${late} late` : ''}`);
    if (p.withdrawnAt) lines.push(`  ${''.padEnd(24)} withdrawn at ${local(p.withdrawnAt, zone)}`);
    const outcomes = Object.entries(p.regions);
    if (outcomes.length > 0)
      lines.push(
        `  ${''.padEnd(24)} ${outcomes.map(([region, outcome]) => `${region}: ${outcome}`).join(', ')}`,
      );
    if (p.objection)
      lines.push(
        `  ${''.padEnd(24)} objection ${p.objection.onTime ? 'on time' : 'LATE'} at ${local(p.objection.filedAt, zone)}` +
          (p.objection.answeredAt
            ? `, answered (${p.objection.outcome}) at ${local(p.objection.answeredAt, zone)}`
            : ''),
      );
    if (p.contract)
      lines.push(
        `  ${''.padEnd(24)} contract sent ${p.contract.sentAt ? local(p.contract.sentAt, zone) : '-'}, ` +
          (p.contract.signedAt ? `signed ${local(p.contract.signedAt, zone)}` : 'NOT SIGNED'),
      );
  }
  if (report.legal.length > 0) {
    lines.push('', 'Legal register:');
    for (const row of report.legal)
      lines.push(
        `  ${row.providerId.padEnd(24)} objection ${row.objection}, filed ${local(row.filedAt, zone)}, ` +
          `${row.onTime ? 'on time' : 'LATE'}` +
          (row.kortGedingDeadline ? `, kort-geding term ends ${local(row.kortGedingDeadline, zone)}` : '') +
          (row.kortGedingServed ? `, kort geding served ${row.kortGedingServed.servedOn}` : '') +
          row.warnings.map((w) => `\n  ${''.padEnd(24)}   ! ${w}`).join(''),
      );
  }
  return lines.join('\n');
}
