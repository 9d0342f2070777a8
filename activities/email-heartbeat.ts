/**
 * The e-mail activities' heartbeat. While a message is being delivered the activity beats every few seconds, so a
 * worker that dies mid-send is noticed within the heartbeat timeout (EMAIL_ACTIVITY_OPTIONS) while a slow but living
 * SMTP exchange goes on. The delivery gets the activity's cancellation signal: when the server tells the worker that
 * the attempt timed out or was cancelled, the SMTP exchange is aborted, so a retry never sends alongside it.
 */
import { Context } from '@temporalio/activity';

/** How often a running e-mail activity beats: well inside its heartbeat timeout (the SDK throttles what it sends). */
export const HEARTBEAT_EVERY_MS = 5_000;

export interface Beating {
  /** Aborted when the attempt is cancelled or timed out; none outside an activity. */
  signal: AbortSignal | undefined;
  /** Beats now (after progress was made), with the details as they stand. */
  beat(): void;
}

/** The running activity's context, or none when the function is called outside an activity (a test calling it). */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` while the activity beats. Every beat carries `details()`: a mailing's progress, which a beat without it
 * would erase (a retry resumes from the last beat's details). Outside an activity it only runs `work`.
 */
export async function whileBeating<T>(
  work: (beating: Beating) => Promise<T>,
  details: () => unknown = () => undefined,
): Promise<T> {
  const context = activityContext();
  if (!context) return work({ signal: undefined, beat: () => undefined });
  const beat = () => context.heartbeat(details());
  beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  try {
    return await work({ signal: context.cancellationSignal, beat });
  } finally {
    clearInterval(timer);
  }
}
