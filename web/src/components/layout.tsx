/**
 * The frame of every page: who is signed in, the main sections for the role, and inside a cycle its pages. Navigation
 * is a list of real links with the current page marked (aria-current), reachable by keyboard in reading order.
 */
import type { ComponentChildren } from 'preact';
import { type Me, ROLE_NAMES, type Role } from '../session';
import { Link } from './link';

interface Section {
  to: string;
  label: string;
  roles: readonly Role[];
}

const MAIN: Section[] = [
  { to: '/', label: 'Cycli', roles: ['officer', 'legal'] },
  { to: '/triage', label: 'Triage', roles: ['officer'] },
  { to: '/nieuwe-cyclus', label: 'Nieuwe cyclus', roles: ['officer'] },
];

const IN_CYCLE: Section[] = [
  { to: '', label: 'Tijdlijn', roles: ['officer', 'legal'] },
  { to: '/aanbieders', label: 'Aanbieders', roles: ['officer', 'legal'] },
  { to: '/nvi', label: 'Nota van Inlichtingen', roles: ['officer'] },
  { to: '/beoordeling', label: 'Beoordeling', roles: ['officer'] },
  { to: '/juridisch', label: 'Juridisch register', roles: ['officer', 'legal'] },
  { to: '/budgetten', label: 'Budgetten', roles: ['officer', 'legal'] },
];

export function Layout(props: {
  me: Me;
  path: string;
  cycleId: string | null;
  onSignOut(): void;
  children: ComponentChildren;
}) {
  const { me, path, cycleId } = props;
  const base = cycleId ? `/cycli/${encodeURIComponent(cycleId)}` : null;
  return (
    <>
      <header class="top">
        <p class="brand">OCO-inkoop</p>
        <nav aria-label="Hoofdmenu">
          <ul>
            {MAIN.filter((s) => s.roles.includes(me.role)).map((s) => (
              <li key={s.to}>
                <Link to={s.to} current={path === s.to}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          {me.label ?? ROLE_NAMES[me.role]} <span class="role">({ROLE_NAMES[me.role]})</span>
          <button type="button" class="link" onClick={props.onSignOut}>
            Afmelden
          </button>
        </p>
      </header>
      {base && (
        <nav class="cycle-nav" aria-label={`Cyclus ${cycleId}`}>
          <p class="cycle-name">{cycleId}</p>
          <ul>
            {IN_CYCLE.filter((s) => s.roles.includes(me.role)).map((s) => (
              <li key={s.to}>
                <Link to={`${base}${s.to}`} current={path === `${base}${s.to}`}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
