/**
 * A cycle whose submission deadline lies a little ahead of a given instant, for rehearsals on a real clock (the
 * inbound-mail tests, whose mail server stamps messages with the real time, and the deadline-rush benchmark): a
 * configuration with its schedule rewritten around `deadlineMs` (local time, whole minutes), publication ten days
 * before, contract start on the first of a month five months later. Pure.
 */
import { DateTime } from 'luxon';
import { type CycleConfig, validateCycleConfig } from './config';
import { formatProblem } from './validation';

export function cycleClosingAt(base: CycleConfig, id: string, deadlineMs: number): CycleConfig {
  const zone = base.timezone;
  const deadline = DateTime.fromMillis(deadlineMs, { zone }).startOf('minute');
  const local = (dt: DateTime) => dt.toFormat("yyyy-MM-dd'T'HH:mm");
  const day = (days: number, hour: number) => deadline.plus({ days }).set({ hour, minute: 0 });
  const contractStart = deadline.plus({ months: 5 }).startOf('month');
  const raw = {
    ...base,
    id,
    schedule: {
      ...base.schedule,
      publication: local(deadline.minus({ days: 10 })),
      questionDeadline: local(deadline.minus({ days: 6 })),
      nviPublication: local(deadline.minus({ days: 3 })),
      submissionDeadline: local(deadline),
      assessmentStart: local(day(1, 9)),
      announcement: local(day(45, 9)),
      objectionAnswerDeadline: local(day(76, 0)),
      contractDispatch: local(day(76, 9)),
    },
    contract: { ...base.contract, start: contractStart.toFormat('yyyy-MM-dd') },
  };
  const result = validateCycleConfig(raw);
  if (!result.ok) throw new Error(`cycleClosingAt: ${result.problems.map(formatProblem).join('; ')}`);
  return result.config;
}
