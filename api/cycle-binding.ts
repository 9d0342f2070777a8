/**
 * A token bound to one cycle, on a route that answers about its cycle only ('narrowed'): the cycle a query or a body
 * names must be that one.
 */
import { ApiError } from './errors';
import type { Caller } from './tokens';

/** Throws 403 when a token bound to one cycle names another. */
export function permitCycle(caller: Caller, cycleId: unknown): void {
  if (caller.cycleId && typeof cycleId === 'string' && cycleId !== caller.cycleId)
    throw new ApiError(403, 'forbidden', `this token is for cycle ${caller.cycleId}, not ${cycleId}`);
}
