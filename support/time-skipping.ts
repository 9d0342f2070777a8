/** Moving a time-skipping test server's clock, for the simulator, the benchmarks and the tests. */
import {
  Connection,
  type InternalConnectionOptions,
  InternalConnectionOptionsSymbol,
} from '@temporalio/client/lib/connection';
import { msToTs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** Advances the server's clock to `targetMs` (if it is not there already), firing due timers on the way. */
export async function skipTo(env: TestWorkflowEnvironment, targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs > now) await env.sleep(targetMs - now);
}

export interface ServerClock {
  /** As skipTo: the server's clock to `targetMs`, firing due timers on the way. */
  skipTo(targetMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The clock of a time-skipping server, moved over a connection of its own, for long runs (the dry run). A sleep
 * ("unlock time skipping, sleep, lock again") must reach the server once: sent twice, the locks no longer balance and
 * the clock crawls at real speed from then on, so the run stands still. The SDK's connection pings every 30 s, the
 * Java test server allows a ping every 5 minutes and then cuts the connection off, and the SDK sends a call cut off
 * that way again: over a sleep of many workflows' timers this happened. This connection neither pings nor repeats.
 */
export async function openServerClock(env: TestWorkflowEnvironment): Promise<ServerClock> {
  // The test service is offered on connections marked so (the SDK's own internal option, as createTimeSkipping does).
  const options: InternalConnectionOptions = {
    address: env.address,
    channelArgs: { 'grpc.keepalive_time_ms': -1, 'grpc.keepalive_permit_without_calls': 0 },
    interceptors: [],
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  const connection = await Connection.connect(options);
  const service = connection.testService;
  if (!service) throw new Error('the time-skipping server offers no test service');
  return {
    async skipTo(targetMs) {
      const now = await env.currentTimeMs();
      if (targetMs > now) await service.unlockTimeSkippingWithSleep({ duration: msToTs(targetMs - now) });
    },
    close: () => connection.close(),
  };
}
