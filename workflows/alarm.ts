/**
 * One durable timer for a workflow that wakes at the next of several instants (a reminder, the closing) and also on
 * events (news, an input). The timer is kept while its instant stays the next one, so an event that changes nothing
 * does not cancel and restart it: no churn in the history. A different instant sets a new timer and cancels the old
 * one, unless the old one is about to fire anyway.
 */
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

const KEEP_IF_DUE_WITHIN_MS = 1_000;

export class Alarm {
  private at: number | null = null;
  private scope: CancellationScope | null = null;
  /** True once the timer for the current instant has fired. */
  rang = false;

  /** Makes sure the timer is set for `at` (epoch ms, workflow clock). */
  set(at: number): void {
    if (this.at === at) return;
    // A timer that is due, or nearly, is left to fire (and be ignored) rather than cancelled: cancelling it races
    // with its firing for nothing. (Temporal's time-skipping test server never completes that race.)
    if (this.at !== null && this.at - Date.now() > KEEP_IF_DUE_WITHIN_MS) this.scope?.cancel();
    this.at = at;
    this.rang = false;
    // Nothing to wake for but events.
    if (!Number.isFinite(at)) {
      this.scope = null;
      return;
    }
    const scope = new CancellationScope();
    this.scope = scope;
    scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => {
          if (this.at === at) this.rang = true;
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        },
      );
  }
}
