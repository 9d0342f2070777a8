/**
 * The officer's actions on a running cycle, at their boundaries: a schedule amendment (the policy's reservation) and
 * the window in which an NvI can be published.
 */
import { DateTime } from 'luxon';
import { AMENDMENT_NOTICE_MS, amendSchedule, refuseNvi } from '../../domain/cycle-rules';
import type { NviInput } from '../../domain/inputs';
import { example2024 } from '../helpers/configs';

const config = example2024();
const at = (local: string) => DateTime.fromISO(local, { zone: config.timezone }).toMillis();
const closing = at('2023-08-01T17:00');

describe('moving a milestone', () => {
  test('a milestone already reached cannot be moved', () => {
    expect(amendSchedule(config, 'questionDeadline', '2023-06-20T12:00', at('2023-06-17T12:00'))).toEqual({
      ok: false,
      rule: expect.stringMatching(
        /^schedule\.questionDeadline was reached at .* already passed cannot be moved$/,
      ),
    });
  });

  test(`it must be moved at least ${AMENDMENT_NOTICE_MS / 60_000} minutes before it is reached`, () => {
    const late = amendSchedule(
      config,
      'submissionDeadline',
      '2023-08-02T17:00',
      closing - AMENDMENT_NOTICE_MS + 1,
    );
    expect(late).toEqual({ ok: false, rule: expect.stringMatching(/less than 15 minutes from now/) });
    // An emergency extension exactly 15 minutes before the closing is still possible.
    const inTime = amendSchedule(
      config,
      'submissionDeadline',
      '2023-08-01T23:00',
      closing - AMENDMENT_NOTICE_MS,
    );
    expect(inTime).toMatchObject({ ok: true, fromMs: closing, toMs: at('2023-08-01T23:00') });
    if (inTime.ok) expect(inTime.config.schedule.submissionDeadline).toBe('2023-08-01T23:00');
  });

  test('nor to an instant that has passed or is less than the notice ahead', () => {
    const now = at('2023-07-20T10:00');
    expect(amendSchedule(config, 'submissionDeadline', '2023-07-20T09:00', now)).toMatchObject({
      ok: false,
      rule: expect.stringMatching(/^to: 2023-07-20T09:00 has already passed/),
    });
    expect(amendSchedule(config, 'submissionDeadline', '2023-07-20T10:10', now)).toMatchObject({
      ok: false,
      rule: expect.stringMatching(/^to: .* less than 15 minutes from now/),
    });
  });

  test('the amended schedule must still be in order, with every problem named', () => {
    const result = amendSchedule(config, 'submissionDeadline', '2023-08-03T17:00', at('2023-07-20T10:00'));
    expect(result).toMatchObject({
      ok: false,
      rule: expect.stringMatching(/schedule\.assessmentStart: must lie after schedule\.submissionDeadline/),
    });
  });

  test('a time that does not exist in the zone is refused with the reason', () => {
    const result = amendSchedule(config, 'contractDispatch', '2023-10-29T02:30', at('2023-07-20T10:00'));
    expect(result).toMatchObject({ ok: false, rule: expect.stringMatching(/^to: .*2023-10-29T02:30/) });
  });
});

describe('publishing the NvI', () => {
  const answers: NviInput = {
    receivedAt: '2023-06-20T08:00:00.000Z',
    answers: [
      {
        questions: [
          { provider: 'a', number: 1 },
          { provider: 'b', number: 1 },
        ],
        answer: 'Ja.',
        changesDocuments: false,
      },
    ],
  };
  const registered = (id: string) => id === 'a' || id === 'b';

  test('only after the question deadline and before the closing', () => {
    expect(refuseNvi(config, answers, at('2023-06-17T12:00') - 1, false, registered)).toMatch(
      /publish after it/,
    );
    expect(refuseNvi(config, answers, at('2023-06-17T12:00'), false, registered)).toBeNull();
    expect(refuseNvi(config, answers, closing - 1, false, registered)).toBeNull();
    expect(refuseNvi(config, answers, closing, false, registered)).toMatch(/cannot inform any submission/);
  });

  test('once, naming registered providers, each question answered once', () => {
    const now = at('2023-06-20T10:00');
    expect(refuseNvi(config, answers, now, true, registered)).toMatch(/already been published/);
    expect(refuseNvi(config, answers, now, false, (id) => id === 'a')).toBe(
      'answers name providers not registered in this cycle: b',
    );
    const twice: NviInput = { ...answers, answers: [...answers.answers, ...answers.answers] };
    expect(refuseNvi(config, twice, now, false, registered)).toMatch(/question a#1 is answered twice/);
  });
});
