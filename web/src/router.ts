/**
 * Page addresses under /ui/ (real paths, so the browser's back button, bookmarks and a reload work): the current path
 * as a hook, and navigation without reloading the page.
 */
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/ui';

export function currentPath(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return path === '' ? '/' : path;
}

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  history.pushState(null, '', `${BASE}${path}`);
  for (const listener of listeners) listener();
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const update = () => setPath(currentPath());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** Matches "/cycli/:id/nvi" against a path; the named parts, decoded, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const trim = (p: string) => (p.length > 1 ? p.replace(/\/$/, '') : p);
  const want = trim(pattern).split('/');
  const got = trim(path).split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] ?? '';
    if (part.startsWith(':')) {
      if (!value) return null;
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null; // a malformed address: no page
      }
    } else if (part !== value) return null;
  }
  return params;
}
