/**
 * The schedule milestones of a cycle configuration, in the order they must occur. Apart from config.ts so that
 * workflow code can use them without bundling the validation library.
 */
export const SCHEDULE_KEYS = [
  'publication',
  'questionDeadline',
  'nviPublication',
  'submissionDeadline',
  'assessmentStart',
  'announcement',
  'objectionAnswerDeadline',
  'contractDispatch',
] as const;
export type ScheduleKey = (typeof SCHEDULE_KEYS)[number];
