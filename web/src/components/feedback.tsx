/** What the user is told: a failure of the API with every problem by field, a success, or that a page is loading. */
import type { ComponentChildren } from 'preact';
import type { ApiFailure } from '../api';

export function Failure({ error, title }: { error: ApiFailure; title?: string }) {
  const heading =
    title ??
    (error.status === 403
      ? 'Geen toegang'
      : error.status === 401
        ? 'Niet aangemeld'
        : error.status === 409
          ? 'Niet toegestaan volgens de procedure'
          : error.status === 404
            ? 'Niet gevonden'
            : error.status === 400
              ? 'Niet geldig'
              : 'Er ging iets mis');
  return (
    <div class="failure" role="alert">
      <h2>{heading}</h2>
      <p>{error.message}</p>
      {error.problems.length > 0 && (
        <ul>
          {error.problems.map((p) => (
            <li key={p.path}>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Done({ children }: { children: ComponentChildren }) {
  return (
    <div class="done" role="status">
      {children}
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading" aria-live="polite">
      Bezig met laden…
    </p>
  );
}
