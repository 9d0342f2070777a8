/**
 * Who is signed in: the bearer token, kept for this browser tab only (sessionStorage: gone when the tab closes), and
 * what the server says it is (GET /me). The dashboard shows each role its pages; the API decides what it may do.
 */
export type Role = 'officer' | 'legal' | 'provider';

export interface Me {
  role: Role;
  tokenId: string;
  label: string | null;
  providerId: string | null;
  cycleId: string | null;
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

export const ROLE_NAMES: Record<Role, string> = {
  officer: 'inkoper',
  legal: 'jurist',
  provider: 'aanbieder',
};
