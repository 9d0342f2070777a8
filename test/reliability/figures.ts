/**
 * The figures a reliability test measured (inputs tried, duplicates, delays): printed, and kept as JSON under
 * test/output/reliability/ so RELIABILITY.md can be brought up to date from the latest run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const FIGURES_DIR = path.join(__dirname, '..', 'output', 'reliability');

export function reportFigures(name: string, figures: Record<string, unknown>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const record = { test: name, at: new Date().toISOString(), ...figures };
  writeFileSync(path.join(FIGURES_DIR, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`[reliability] ${name}: ${JSON.stringify(figures)}`);
}
