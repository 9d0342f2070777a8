/** Moving a time-skipping test server's clock, for the simulator, the benchmarks and the tests. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** Advances the server's clock to `targetMs` (if it is not there already), firing due timers on the way. */
export async function skipTo(env: TestWorkflowEnvironment, targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs > now) await env.sleep(targetMs - now);
}
