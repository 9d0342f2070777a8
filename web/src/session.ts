/**
 * Who is signed in: the bearer token, kept for this browser tab only (sessionStorage: gone when the tab closes), and
 * what the server says it is (GET /me). The dashboard shows each role its pages; the API decides what it may do.
 */
import type { MeView } from '../../api/dashboard-views';

export type Me = MeView;
export type Role = Me['role'];

/** How far the server's clock is ahead of this browser's: countdowns count on the server's clock. */
let clockOffsetMs = 0;

export function signedIn(me: Me): Me {
  clockOffsetMs = Date.parse(me.now) - Date.now();
  return me;
}

export function serverNow(): number {
  return Date.now() + clockOffsetMs;
}

const KEY = 'oco-token';

export function token(): string | null {
  return sessionStorage.getItem(KEY);
}

export function remember(value: string): void {
  sessionStorage.setItem(KEY, value);
}

export function forget(): void {
  sessionStorage.removeItem(KEY);
}

export const ROLE_PLURALS: Record<Role, string> = {
  officer: 'inkopers',
  legal: 'juristen',
  provider: 'aanbieders',
};

export const ROLE_NAMES: Record<Role, string> = {
  officer: 'inkoper',
  legal: 'jurist',
  provider: 'aanbieder',
};
