/** An action on the API from a form: busy while it runs, its failure kept for the form to show, and a result. */
import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';

export function useAction<A extends unknown[], T>(run: (...args: A) => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [result, setResult] = useState<T | null>(null);
  async function act(...args: A): Promise<T | null> {
    setBusy(true);
    setError(null);
    try {
      const value = await run(...args);
      setResult(value);
      return value;
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure : new ApiFailure(0, 'error', String(failure)));
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { act, busy, error, result, clear: () => setError(null) };
}
