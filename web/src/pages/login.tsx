/** Signing in with a token from `oco token create`: checked with GET /me before it is kept for this tab. */
import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../api';
import { Failure } from '../components/feedback';
import { type Me, remember } from '../session';

export function Login({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  async function signIn(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const me = await api<Me>('GET', '/me', undefined, value.trim());
      remember(value.trim());
      onSignedIn(me);
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure : new ApiFailure(0, 'error', String(failure)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" class="login">
      <h1>OCO-inkoop: aanmelden</h1>
      <p>
        Meld u aan met uw persoonlijke sleutel. Een beheerder maakt die met <code>oco token create</code>. De
        sleutel blijft alleen in dit tabblad bewaard.
      </p>
      <form onSubmit={signIn}>
        <label for="token">Sleutel</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          required
          value={value}
          aria-describedby="token-hint"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <p id="token-hint" class="hint">
          Begint met <code>oco_</code>.
        </p>
        <button type="submit" disabled={busy}>
          Aanmelden
        </button>
      </form>
      {error && <Failure error={error} title="Aanmelden lukte niet" />}
    </main>
  );
}
