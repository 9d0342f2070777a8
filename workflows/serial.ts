/**
 * Runs async Update handlers one after another. A handler that awaits a local activity (sealing a receipt) and then
 * sends messages must not interleave with another such handler: in the original run the two local activities may
 * resolve in separate workflow tasks, on replay in one, and interleaved continuations would then issue their commands
 * in another order (a non-determinism error). One at a time, each handler's commands come in one order on every run.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
