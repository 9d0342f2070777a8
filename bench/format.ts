/** How the benchmark prints numbers and records its goals. */

export interface Goal {
  name: string;
  met: boolean;
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '-';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export const mib = (bytes: number) => fmt(bytes / 1048576);

/** The machine's load average over the last minute: other work on the machine shows in every timing. */
export function loadNote(): string {
  const { loadavg, cpus } = require('node:os') as typeof import('node:os');
  return `load average ${fmt(loadavg()[0] ?? 0, 1)} on ${cpus().length} cores`;
}
