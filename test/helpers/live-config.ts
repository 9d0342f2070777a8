/**
 * A cycle whose submission deadline lies a little ahead of a given instant, for tests (and the deadline-rush
 * benchmark) in which real mail servers stamp messages with the real clock: the 2024-2025 example with its schedule
 * rewritten around `deadlineMs` (local time, whole minutes), publication ten days before.
 */
import { DateTime } from 'luxon';
import type { CycleConfig } from '../../domain/config';
import { validateCycleConfig } from '../../domain/config';
import { formatProblem } from '../../domain/validation';

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
