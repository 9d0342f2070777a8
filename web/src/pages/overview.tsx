/**
 * Every cycle on the server: its phase, the next milestone with a countdown, and what needs attention now (an NvI
 * overdue, an assessment incomplete, objections unanswered, contracts unsigned, budget ladders open).
 */
import type { CycleOverview } from '../../../api/dashboard-views';
import { api, enc } from '../api';
import { Failure, Loading } from '../components/feedback';
import { Link } from '../components/link';
import { useLoad, useNow } from '../components/load';
import { TableHead } from '../components/table-head';
import { countdown } from '../format';

export function Overview() {
  const { data, error } = useLoad(
    () => api<{ cycles: CycleOverview[] }>('GET', '/cycles').then((r) => r.cycles),
    [],
  );
  const now = useNow();
  if (error) return <Failure error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>Cycli</h1>
      {data.length === 0 ? (
        <p>
          Er loopt nog geen cyclus. <Link to="/nieuwe-cyclus">Start een cyclus</Link>.
        </p>
      ) : (
        <table class="overview">
          <caption>Alle inkoopcycli, met wat aandacht vraagt</caption>
          <TableHead columns={['Cyclus', 'Fase', 'Volgende mijlpaal', 'Aanbieders', 'Aandacht nodig']} />
          <tbody>
            {data.map((c) => (
              <tr key={c.cycleId}>
                <th scope="row">
                  <Link to={`/cycli/${enc(c.cycleId)}`}>{c.title}</Link>
                  <br />
                  <span class="muted">
                    {c.cycleId}
                    {c.wlzUitvoerder ? ` · ${c.wlzUitvoerder.name}` : ''}
                  </span>
                </th>
                <td>{c.running ? (c.phaseLabel ?? '—') : `${c.phaseLabel ?? '—'} (afgesloten)`}</td>
                <td>
                  {c.next ? (
                    <>
                      {c.next.label}
                      <br />
                      {c.next.display}
                      <br />
                      <strong class="countdown">{countdown(c.next.at, now)}</strong>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{c.providers}</td>
                <td>
                  {c.readError ? (
                    <span class="urgent">Niet te lezen: {c.readError}</span>
                  ) : c.attention.length === 0 ? (
                    <span class="ok">Niets</span>
                  ) : (
                    <ul class="attention">
                      {c.attention.map((a) => (
                        <li key={a.kind}>{a.message}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
