/** How an objection ends; without its schemas, so the dashboard can name them too. */
export const OBJECTION_OUTCOMES = ['upheld', 'partlyUpheld', 'rejected'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];
