/**
 * Activities are created by a factory that takes their dependencies, as in Temporal's samples, so tests and the
 * worker wire in what they need (later: the SMTP transport, template store, clock, signing key).
 */
import { createCalendarActivities } from './calendar';

export type ActivityDependencies = Record<string, never>;

export function createActivities(_deps: ActivityDependencies = {}) {
  return {
    ...createCalendarActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
