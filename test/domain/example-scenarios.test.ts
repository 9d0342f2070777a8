/**
 * The example scenarios for `oco simulate` (examples/*.scenario.json): each is valid with its configuration read
 * relative to the scenario file, and each still exercises what it was written for (late question, bundled NvI
 * answer, submission in the last millisecond, supplement, replacement, late submission, silent provider; final
 * tariff and the withdrawal term, schedule amendment).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { InputError, readStructuredFile } from '../../cli/config-file';
import { amendSchedule, tariffNotice } from '../../domain/cycle-rules';
import { holidaysForCycle } from '../../domain/holidays';
import {
  type ConfigLoader,
  type Scenario,
  type ScenarioEvent,
  type ScenarioResult,
  validateScenario,
} from '../../domain/scenario';
import type { ScheduleKey } from '../../domain/schedule-keys';
import { DOCUMENT_KINDS, type SubmittedDocument, submissionIssues } from '../../domain/submission-rules';
import { scheduleInstant } from '../../domain/timeline';
import { formatProblem } from '../../domain/validation';
import { WorkingDayCalendar } from '../../domain/working-days';

const EXAMPLES = path.resolve(__dirname, '../../examples');

type EventOf<T extends ScenarioEvent['type']> = Extract<ScenarioEvent, { type: T }>;

/** Reads and validates a scenario the way the command line does; records which configuration paths were asked. */
function validateExample(file: string): { result: ScenarioResult; configPaths: string[] } {
  const full = path.join(EXAMPLES, file);
  const configPaths: string[] = [];
  const loadConfig: ConfigLoader = (configPath) => {
    configPaths.push(configPath);
    try {
      const resolved = path.resolve(path.dirname(full), configPath);
      return { ok: true, value: readStructuredFile(resolved, 'cycle configuration') };
    } catch (error) {
      if (error instanceof InputError) return { ok: false, problems: error.problems };
      throw error;
    }
  };
  return { result: validateScenario(readStructuredFile(full, 'scenario'), loadConfig), configPaths };
}

function loadExample(file: string): { scenario: Scenario; configPaths: string[] } {
  const { result, configPaths } = validateExample(file);
  if (!result.ok) throw new Error(`${file} is not valid:\n${result.problems.map(formatProblem).join('\n')}`);
  return { scenario: result.scenario, configPaths };
}

function ofType<T extends ScenarioEvent['type']>(scenario: Scenario, type: T): EventOf<T>[] {
  return scenario.events.filter((e): e is EventOf<T> => e.type === type);
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

const at = (scenario: Scenario, key: ScheduleKey) => scheduleInstant(scenario.config, key).toMillis();
const local = (scenario: Scenario, ms: number) =>
  DateTime.fromMillis(ms, { zone: scenario.config.timezone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");

/** Question events in file order, the numbering the NvI answers use, with whether each was on time. */
function questions(scenario: Scenario) {
  const deadline = at(scenario, 'questionDeadline');
  return ofType(scenario, 'question')
    .sort((a, b) => a.index - b.index)
    .map((q, number) => ({ number, provider: q.provider, atMs: q.atMs, onTime: q.atMs < deadline }));
}

/** What is missing or doubtful in one submission event by itself. */
function issuesOf(
  scenario: Scenario,
  event: EventOf<'submission'>,
  extra: SubmittedDocument[] = [],
): string[] {
  const provider = scenario.providers.find((p) => p.id === event.provider);
  return submissionIssues({
    documents: [...event.documents, ...extra],
    consortium: provider?.consortium ?? false,
    receivedAt: event.atMs,
    zone: scenario.config.timezone,
  });
}

function expectNviAnswersOnTimeQuestionsOnly(scenario: Scenario) {
  const all = questions(scenario);
  const nvi = only(ofType(scenario, 'nvi'));
  expect(nvi.atMs).toBeGreaterThanOrEqual(at(scenario, 'questionDeadline'));
  expect(nvi.atMs).toBeLessThan(at(scenario, 'submissionDeadline'));
  const answered = nvi.answers.flatMap((a) => a.questions);
  // Every on-time question answered exactly once; the late one not at all.
  expect([...answered].sort((a, b) => a - b)).toEqual(all.filter((q) => q.onTime).map((q) => q.number));
  expect(nvi.answers.some((a) => a.questions.length >= 2)).toBe(true);
  expect(nvi.answers.some((a) => a.changesDocuments)).toBe(true);
}

function expectKnownRegions(scenario: Scenario) {
  const names = scenario.config.regions.map((r) => r.name);
  for (const submission of ofType(scenario, 'submission'))
    for (const r of submission.regions) expect(names).toContain(r);
}

const FILES = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.scenario.json'))
  .sort();

test('the examples folder holds exactly these scenarios', () => {
  expect(FILES).toEqual(['vgz-2027-2028.scenario.json', 'zk-2024-2025.scenario.json']);
});

test.each(FILES)('%s is valid, its configuration read relative to the file', (file) => {
  const { result } = validateExample(file);
  expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
});

describe('zk-2024-2025.scenario.json', () => {
  const { scenario, configPaths } = loadExample('zk-2024-2025.scenario.json');
  const closing = at(scenario, 'submissionDeadline');
  const submissions = ofType(scenario, 'submission');
  const byProvider = (id: string) => submissions.filter((s) => s.provider === id);

  test('names its configuration relative to the scenario file', () => {
    expect(configPaths).toEqual(['zk-2024-2025.yaml']);
    expect(scenario.config.id).toBe('zk-2024-2025');
    expect(scenario.config.tariff.provisional).toBe(false);
  });

  test('fifteen providers with distinct example addresses, one of them a consortium', () => {
    expect(scenario.providers).toHaveLength(15);
    expect(new Set(scenario.providers.map((p) => p.email.toLowerCase())).size).toBe(15);
    for (const p of scenario.providers) expect(p.email).toMatch(/@([a-z0-9-]+\.)*example\.nl$/);
    expect(scenario.providers.filter((p) => p.consortium).map((p) => p.id)).toEqual(['samenkracht']);
  });

  test('submissions name the configuration regions, several of them', () => {
    expectKnownRegions(scenario);
    expect(new Set(submissions.flatMap((s) => s.regions)).size).toBeGreaterThanOrEqual(8);
  });

  test('questions before the deadline, one late question, and an NvI that answers only the on-time ones', () => {
    const all = questions(scenario);
    expect(all.filter((q) => q.onTime).length).toBeGreaterThanOrEqual(4);
    const late = only(all.filter((q) => !q.onTime));
    expect(late.number).toBe(all.length - 1);
    expect(local(scenario, late.atMs)).toBe('2023-06-19T09:10:00.000');
    expectNviAnswersOnTimeQuestionsOnly(scenario);
    const nvi = only(ofType(scenario, 'nvi'));
    expect(nvi.answers.find((a) => a.questions.length === 2)?.questions).toEqual([0, 1]);
  });

  test('one submission in the last millisecond before closing, one the next morning', () => {
    const lastMs = only(submissions.filter((s) => s.atMs === closing - 1));
    expect(lastMs.provider).toBe('brug');
    expect(local(scenario, lastMs.atMs)).toBe('2023-08-01T16:59:59.999');
    const late = only(submissions.filter((s) => s.atMs >= closing));
    expect(late.provider).toBe('thuis');
    expect(local(scenario, late.atMs)).toBe('2023-08-02T08:45:00.000');
  });

  test('one provider replaces its submission before closing; one never acts', () => {
    const twice = scenario.providers.filter(
      (p) => byProvider(p.id).filter((s) => s.atMs < closing).length >= 2,
    );
    expect(twice.map((p) => p.id)).toEqual(['kompas']);
    const acting = new Set(scenario.events.flatMap((e) => ('provider' in e ? [e.provider] : [])));
    expect(scenario.providers.filter((p) => !acting.has(p.id)).map((p) => p.id)).toEqual(['helder']);
  });

  test('all seven document kinds occur; the consortium declaration only from the consortium', () => {
    expect(new Set(submissions.flatMap((s) => s.documents.map((d) => d.kind)))).toEqual(
      new Set(DOCUMENT_KINDS),
    );
    const declaring = submissions.filter((s) => s.documents.some((d) => d.kind === 'consortiumDeclaration'));
    expect(declaring.map((s) => s.provider)).toEqual(['samenkracht']);
  });

  test('exactly two submissions are incomplete when sent: a missing VOG RP and a stale KvK extract', () => {
    const incomplete = submissions
      .map((s) => ({ provider: s.provider, issues: issuesOf(scenario, s) }))
      .filter((s) => s.issues.length > 0);
    expect(incomplete.map((s) => s.provider)).toEqual(['naast', 'lantaarn']);
    expect(incomplete[0]?.issues).toEqual([
      'Ontbreekt: Verklaring omtrent gedrag voor rechtspersonen (VOG RP)',
    ]);
    expect(incomplete[1]?.issues).toHaveLength(1);
    expect(incomplete[1]?.issues[0]).toMatch(/^uittreksel Kamer van Koophandel is ouder dan 6 maanden/);
  });

  test('the provider missing its VOG RP supplements it before closing, which completes the submission', () => {
    const supplement = only(ofType(scenario, 'supplement'));
    expect(supplement.provider).toBe('naast');
    const submission = only(byProvider('naast'));
    expect(supplement.atMs).toBeGreaterThan(submission.atMs);
    expect(supplement.atMs).toBeLessThan(closing);
    expect(supplement.documents.map((d) => d.kind)).toEqual(['vogRp']);
    const supplied = supplement.documents.map((d) => ({ ...d, receivedAt: supplement.atMs }));
    expect(issuesOf(scenario, submission, supplied)).toEqual([]);
  });

  test('more applicants than places in one region, each applicant assessed on every requirement', () => {
    const onTime = submissions.filter((s) => s.atMs < closing);
    const utrecht = new Set(onTime.filter((s) => s.regions.includes('Utrecht')).map((s) => s.provider));
    const max = scenario.config.regions.find((r) => r.name === 'Utrecht')?.maxProviders as number;
    expect(utrecht.size).toBe(max + 1);
    const assessed = ofType(scenario, 'assessment').map((a) => `${a.provider}/${a.region}`);
    const applied = [...new Map(onTime.map((s) => [s.provider, s])).values()].flatMap((s) =>
      s.regions.map((r) => `${s.provider}/${r}`),
    );
    expect(new Set(assessed)).toEqual(new Set(applied));
    for (const a of ofType(scenario, 'assessment'))
      expect(Object.keys(a.requirements)).toHaveLength(scenario.config.assessment.requirements.length);
  });

  test('one objection in time, answered on the last day, then a kort geding; one objection at the term end', () => {
    const announcement = at(scenario, 'announcement');
    const termEnd = DateTime.fromMillis(announcement, { zone: scenario.config.timezone })
      .startOf('day')
      .plus({ days: scenario.config.terms.objectionDays + 1 })
      .toMillis();
    const objections = ofType(scenario, 'objection');
    const inTime = only(objections.filter((o) => o.atMs < termEnd));
    const late = only(objections.filter((o) => o.atMs >= termEnd));
    expect(local(scenario, late.atMs)).toBe('2023-09-30T00:00:00.000');
    const answer = only(ofType(scenario, 'objectionAnswer'));
    expect(answer.provider).toBe(inTime.provider);
    const answerDeadline = at(scenario, 'objectionAnswerDeadline');
    expect(answer.atMs).toBeLessThan(answerDeadline);
    expect(local(scenario, answer.atMs).slice(0, 10)).toBe(local(scenario, answerDeadline - 1).slice(0, 10));
    expect(only(ofType(scenario, 'kortGeding')).provider).toBe(inTime.provider);
  });

  test('no tariff announcement, withdrawal or amendment: the tariff of this cycle is final', () => {
    const types = new Set(scenario.events.map((e) => e.type));
    for (const t of ['tariffAnnouncement', 'withdrawal', 'amendSchedule'] as const)
      expect(types.has(t)).toBe(false);
  });
});

describe('vgz-2027-2028.scenario.json', () => {
  const { scenario, configPaths } = loadExample('vgz-2027-2028.scenario.json');
  const closing = at(scenario, 'submissionDeadline');
  const submissions = ofType(scenario, 'submission');

  test('names its configuration relative to the scenario file; the tariff is provisional', () => {
    expect(configPaths).toEqual(['vgz-2027-2028.yaml']);
    expect(scenario.config.id).toBe('vgz-2027-2028');
    expect(scenario.config.tariff.provisional).toBe(true);
  });

  test('six providers with distinct addresses, one consortium, each submitting once, on time and complete', () => {
    expect(scenario.providers).toHaveLength(6);
    expect(new Set(scenario.providers.map((p) => p.email.toLowerCase())).size).toBe(6);
    expect(scenario.providers.filter((p) => p.consortium).map((p) => p.id)).toEqual(['oco-zuid']);
    expect(submissions.map((s) => s.provider).sort()).toEqual(scenario.providers.map((p) => p.id).sort());
    for (const s of submissions) {
      expect(s.atMs).toBeLessThan(closing);
      expect(issuesOf(scenario, s)).toEqual([]);
    }
    expectKnownRegions(scenario);
  });

  test('a late question, and an NvI that bundles the two tariff questions', () => {
    expect(only(questions(scenario).filter((q) => !q.onTime)).provider).toBe('ocn-nijmegen');
    expectNviAnswersOnTimeQuestionsOnly(scenario);
    const nvi = only(ofType(scenario, 'nvi'));
    const bundled = only(nvi.answers.filter((a) => a.questions.length >= 2)).questions;
    expect(bundled.map((n) => questions(scenario)[n]?.provider)).toEqual([
      'clientsteun-brabant',
      'noorderkwartier',
    ]);
  });

  test('the announcement is moved a week later, before it is reached, into a valid schedule', () => {
    const amendment = only(ofType(scenario, 'amendSchedule'));
    expect(amendment.milestone).toBe('announcement');
    expect(amendment.atMs).toBeGreaterThan(closing);
    const result = amendSchedule(scenario.config, amendment.milestone, amendment.to, amendment.atMs);
    if (!result.ok) throw new Error(result.rule);
    expect(result.toMs - result.fromMs).toBe(7 * 24 * 3600_000);
    expect(result.toMs).toBeLessThan(at({ ...scenario, config: result.config }, 'objectionAnswerDeadline'));
  });

  test('the final tariff is announced after closing and before the announcement; one withdrawal in its term, one after', () => {
    const tariff = only(ofType(scenario, 'tariffAnnouncement'));
    expect(tariff.atMs).toBeGreaterThan(closing);
    expect(tariff.atMs).toBeLessThan(at(scenario, 'announcement'));
    expect(tariff.hourlyRate).not.toBe(scenario.config.tariff.hourlyRate);
    const notice = tariffNotice(
      scenario.config,
      tariff.hourlyRate,
      tariff.atMs,
      new WorkingDayCalendar(holidaysForCycle(scenario.config)),
    );
    const deadline = Date.parse(notice.withdrawalDeadline);
    expect(local(scenario, deadline)).toBe('2026-09-18T00:00:00.000');

    const withdrawals = ofType(scenario, 'withdrawal');
    expect(withdrawals).toHaveLength(2);
    const inside = only(withdrawals.filter((w) => w.atMs >= tariff.atMs && w.atMs < deadline));
    const after = only(withdrawals.filter((w) => w.atMs >= deadline));
    expect([inside.provider, after.provider]).toEqual(['clientsteun-brabant', 'noorderkwartier']);
    // Both have a standing submission to withdraw.
    for (const w of withdrawals) expect(submissions.some((s) => s.provider === w.provider)).toBe(true);
  });
});
