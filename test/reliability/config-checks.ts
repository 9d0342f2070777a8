/**
 * What "accepted" must mean for a configuration the hostile-input tests throw at the validator: a configuration that
 * passes is valid for real. It survives the JSON a Temporal payload is, its holiday list stays small, every milestone
 * of its timeline is an instant the e-mails accept, its calendar can be made, and every e-mail template renders with
 * its names, without markup from them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { CycleConfig } from '../../domain/config';
import { validateCycleConfig } from '../../domain/config';
import { holidaysForCycle } from '../../domain/holidays';
import { planTimeline } from '../../domain/timeline';
import { formatProblem } from '../../domain/validation';
import { cycleCalendar, deadlineCalendar } from '../../mail/calendar';
import { TEMPLATE_KINDS, type TemplateData, type TemplateKind } from '../../mail/catalog';
import { exampleData } from '../../mail/examples';
import type { TemplateStore } from '../../mail/render';
import { calendarOf, mailBase } from '../../workflows/outbox';
import { EXAMPLES } from '../helpers/configs';
import { TEST_KEY } from '../helpers/mail';
import { startTags, unsafeMarkup } from './arbitraries';

/** The raw documents of the examples, as a file holds them (before defaults). */
export function exampleDocuments(): { name: string; text: string; raw: Record<string, unknown> }[] {
  return ['zk-2024-2025.yaml', 'vgz-2027-2028.yaml'].map((name) => {
    const text = readFileSync(path.join(EXAMPLES, name), 'utf8');
    return { name, text, raw: YAML.parse(text) as Record<string, unknown> };
  });
}

/** The tags the templates make from benign data: anything else in a sent e-mail came from input. */
export function templateTags(templates: TemplateStore): Set<string> {
  const tags = new Set<string>();
  for (const kind of TEMPLATE_KINDS)
    for (const { tag } of startTags(templates.render(kind, exampleData(kind, TEST_KEY)).html)) tags.add(tag);
  return tags;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_HOLIDAYS = 500;
const SLOW_MS = 3_000;

/** Why an accepted configuration is not valid for real (empty when it is). */
export function notValidForReal(
  config: CycleConfig,
  templates: TemplateStore,
  knownTags: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  // A workflow's input and queries travel as JSON.
  const again = validateCycleConfig(JSON.parse(JSON.stringify(config)));
  if (!again.ok) problems.push(`not valid after JSON: ${again.problems.map(formatProblem).join('; ')}`);
  else if (JSON.stringify(again.config) !== JSON.stringify(config))
    problems.push('changed by a JSON round trip');

  const started = Date.now();
  const holidays = holidaysForCycle(config);
  if (holidays.length > MAX_HOLIDAYS) problems.push(`${holidays.length} public holidays to load`);
  const milestones = planTimeline(config, holidays);
  if (Date.now() - started > SLOW_MS) problems.push(`the timeline took ${Date.now() - started} ms`);
  for (const m of milestones) {
    if (!INSTANT.test(m.at) || !Number.isFinite(Date.parse(m.at)))
      problems.push(`${m.key} is not an ISO-8601 UTC instant: ${m.at}`);
    if (m.display.trim() === '') problems.push(`${m.key} has no display`);
  }
  cycleCalendar(config, milestones);
  deadlineCalendar(
    calendarOf(config),
    milestones.map((m) => ({ key: m.key, label: m.key, at: m.at })),
  );

  // Every template, with the configuration's names where the cycle's messages put them.
  const base = mailBase(config, config.wlzUitvoerder.name);
  for (const kind of TEMPLATE_KINDS) {
    const data = { ...exampleData(kind, TEST_KEY), ...base } as Record<string, unknown>;
    if (kind === 'publication') data.regions = config.regions.map((r) => r.name);
    try {
      const html = templates.render(kind as TemplateKind, data as TemplateData<TemplateKind>).html;
      for (const finding of unsafeMarkup(html, knownTags)) problems.push(`${kind}: ${finding}`);
    } catch (error) {
      problems.push(`${kind} cannot be rendered: ${(error as Error).message.slice(0, 300)}`);
    }
  }
  return problems;
}
