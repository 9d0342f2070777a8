/**
 * The checks the cycle makes on its own in the second half of the procedure, each at an exact instant in the cycle's
 * zone (calendar days, never multiples of 24 hours):
 * - `assessmentWarning`: `assessment.warningDaysBefore` days before the announcement, the officer is warned if the
 *   assessment is not complete;
 * - `answerWarning`: `terms.answerWarningDays` days before the objection answer deadline, legal is warned of every
 *   objection not yet answered;
 * - `answerOverdue`: at that deadline an unanswered objection escalates to the officer;
 * - `contractEscalation`: `contract.escalationDaysBefore` days before the contract start, unsigned contracts escalate
 *   to the officer.
 * A check that would fall before the announcement (a warning period longer than the phase) is left out.
 */
import type { DateTime } from 'luxon';
import type { CycleConfig } from './config';
import { escalationInstant } from './contract';
import { scheduleInstant } from './timeline';

export type CheckKind = 'assessmentWarning' | 'answerWarning' | 'answerOverdue' | 'contractEscalation';

export interface CycleCheck {
  /** Unique per cycle: the kind, with the number of days for a warning. */
  id: string;
  kind: CheckKind;
  /** Epoch ms. */
  at: number;
  daysBefore: number | null;
}

const daysBefore = (instant: DateTime, days: number) => instant.minus({ days }).toMillis();

export function planChecks(config: CycleConfig): CycleCheck[] {
  const announcement = scheduleInstant(config, 'announcement');
  const answerDeadline = scheduleInstant(config, 'objectionAnswerDeadline');
  const checks: CycleCheck[] = [
    {
      id: `assessmentWarning-${config.assessment.warningDaysBefore}`,
      kind: 'assessmentWarning',
      at: daysBefore(announcement, config.assessment.warningDaysBefore),
      daysBefore: config.assessment.warningDaysBefore,
    },
    ...config.terms.answerWarningDays.map((days) => ({
      id: `answerWarning-${days}`,
      kind: 'answerWarning' as const,
      at: daysBefore(answerDeadline, days),
      daysBefore: days,
    })),
    { id: 'answerOverdue', kind: 'answerOverdue', at: answerDeadline.toMillis(), daysBefore: null },
    {
      id: `contractEscalation-${config.contract.escalationDaysBefore}`,
      kind: 'contractEscalation',
      at: escalationInstant(config),
      daysBefore: config.contract.escalationDaysBefore,
    },
  ];
  const assessmentFrom = scheduleInstant(config, 'assessmentStart').toMillis();
  const announced = announcement.toMillis();
  return checks
    .filter((c) => (c.kind === 'assessmentWarning' ? c.at > assessmentFrom : c.at > announced))
    .sort((a, b) => a.at - b.at);
}
