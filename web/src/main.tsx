/**
 * The dashboard for procurement officers and legal officers: one page per job, each allowed to the roles the API
 * allows its routes to. A page a role may not open says so and asks the API nothing.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from './api';
import { Failure, Loading } from './components/feedback';
import { Layout } from './components/layout';
import { Assessment } from './pages/assessment';
import { Budgets } from './pages/budgets';
import { Legal } from './pages/legal';
import { Login } from './pages/login';
import { Nvi } from './pages/nvi';
import { Overview } from './pages/overview';
import { ProviderDetail } from './pages/provider';
import { Providers } from './pages/providers';
import { StartCycle } from './pages/start-cycle';
import { Timeline } from './pages/timeline';
import { Triage } from './pages/triage';
import { match, navigate, usePath } from './router';
import { forget, type Me, ROLE_NAMES, ROLE_PLURALS, type Role, signedIn, token } from './session';

type Params = Record<string, string>;

interface PageRoute {
  pattern: string;
  title: string;
  roles: readonly Role[];
  page(params: Params, me: Me): preact.JSX.Element;
}

const BOTH = ['officer', 'legal'] as const;
const OFFICER = ['officer'] as const;

export const PAGES: PageRoute[] = [
  { pattern: '/', title: 'Cycli', roles: BOTH, page: () => <Overview /> },
  { pattern: '/nieuwe-cyclus', title: 'Nieuwe cyclus', roles: OFFICER, page: () => <StartCycle /> },
  { pattern: '/triage', title: 'Triage', roles: OFFICER, page: () => <Triage /> },
  {
    pattern: '/cycli/:id',
    title: 'Tijdlijn',
    roles: BOTH,
    page: (p) => <Timeline cycleId={p.id as string} />,
  },
  {
    pattern: '/cycli/:id/aanbieders',
    title: 'Aanbieders',
    roles: BOTH,
    page: (p) => <Providers cycleId={p.id as string} />,
  },
  {
    pattern: '/cycli/:id/aanbieders/:provider',
    title: 'Aanbieder',
    roles: BOTH,
    page: (p) => <ProviderDetail cycleId={p.id as string} providerId={p.provider as string} />,
  },
  {
    pattern: '/cycli/:id/nvi',
    title: 'Nota van Inlichtingen',
    roles: OFFICER,
    page: (p) => <Nvi cycleId={p.id as string} />,
  },
  {
    pattern: '/cycli/:id/beoordeling',
    title: 'Beoordeling',
    roles: OFFICER,
    page: (p) => <Assessment cycleId={p.id as string} />,
  },
  {
    pattern: '/cycli/:id/juridisch',
    title: 'Juridisch register',
    roles: BOTH,
    page: (p, me) => <Legal cycleId={p.id as string} canAnswer={me.role === 'legal'} />,
  },
  {
    pattern: '/cycli/:id/budgetten',
    title: 'Budgetten',
    roles: BOTH,
    page: (p) => <Budgets cycleId={p.id as string} />,
  },
];

function NoAccess({ me, route }: { me: Me; route: PageRoute }) {
  return (
    <div class="failure" role="alert">
      <h2>Geen toegang</h2>
      <p>
        Deze pagina ({route.title}) is voor {route.roles.map((r) => ROLE_PLURALS[r]).join(' en ')}. U bent
        aangemeld als {ROLE_NAMES[me.role]}
        {me.providerId ? ` (${me.providerId})` : ''}.
      </p>
    </div>
  );
}

function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [checking, setChecking] = useState(token() !== null);

  useEffect(() => {
    if (!token()) return;
    api<Me>('GET', '/me').then(
      (value) => {
        setMe(signedIn(value));
        setChecking(false);
      },
      (failure: unknown) => {
        // A revoked or expired token: sign in again.
        if (failure instanceof ApiFailure && failure.status === 401) forget();
        else setError(failure instanceof ApiFailure ? failure : new ApiFailure(0, 'error', String(failure)));
        setChecking(false);
      },
    );
  }, []);

  if (checking) return <Loading />;
  if (error) return <Failure error={error} />;
  if (!me)
    return (
      <Login
        onSignedIn={(me) => {
          setMe(signedIn(me));
          if (path === '/aanmelden') navigate('/');
        }}
      />
    );

  const signOut = () => {
    forget();
    setMe(null);
  };
  for (const route of PAGES) {
    const params = match(route.pattern, path);
    if (!params) continue;
    document.title = `${route.title}${params.id ? ` · ${params.id}` : ''} · OCO-inkoop`;
    return (
      <Layout me={me} path={path} cycleId={params.id ?? null} onSignOut={signOut}>
        {route.roles.includes(me.role) ? route.page(params, me) : <NoAccess me={me} route={route} />}
      </Layout>
    );
  }
  document.title = 'Niet gevonden · OCO-inkoop';
  return (
    <Layout me={me} path={path} cycleId={null} onSignOut={signOut}>
      <Failure error={new ApiFailure(404, 'notFound', `Er is geen pagina ${path}.`)} />
    </Layout>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
