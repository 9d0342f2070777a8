/** Reading from the API into a page: the data, the failure, and a way to read again after an action. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { serverNow } from '../session';

export interface Loaded<T> {
  data: T | null;
  error: ApiFailure | null;
  reload(): void;
}

export function useLoad<T>(read: () => Promise<T>, key: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [round, setRound] = useState(0);
  // A read for another key (another cycle) starts from nothing: no page shows one cycle's data as another's.
  useEffect(() => {
    setData(null);
  }, key);
  useEffect(() => {
    let current = true;
    read().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure instanceof ApiFailure ? failure : new ApiFailure(0, 'error', String(failure)));
      },
    );
    return () => {
      current = false;
    };
  }, [...key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload };
}

/** The clock of a countdown: the server's now, moving once a minute. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
