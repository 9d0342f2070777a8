/**
 * The cycle's schedule as a timeline: past milestones (when they were reached) and future ones (with a countdown),
 * amendments marked on the milestone they moved, warnings (a weekend, a public holiday), the reminders sent, and the
 * whole schedule as an .ics file for the officer's calendar.
 */
import type { TimelineResponse } from '../../../api/dashboard-views';
import { dutchWarning } from '../../../domain/warnings-nl';
import { api, download, enc } from '../api';
import { useAction } from '../components/actions';
import { Failure, Loading } from '../components/feedback';
import { useLoad, useNow } from '../components/load';
import { TableHead } from '../components/table-head';
import { countdown, plural, when } from '../format';

export function Timeline({ cycleId }: { cycleId: string }) {
  const { data, error } = useLoad(
    () => api<TimelineResponse>('GET', `/cycles/${enc(cycleId)}/timeline`),
    [cycleId],
  );
  const now = useNow();
  const ics = useAction(() => download(`/cycles/${enc(cycleId)}/calendar.ics`, `${cycleId}.ics`));
  if (error) return <Failure error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>Tijdlijn</h1>
      <p>
        Alle tijden in Nederlandse tijd ({data.timezone}).{' '}
        <button type="button" onClick={() => void ics.act()} disabled={ics.busy}>
          Agenda downloaden (.ics)
        </button>
      </p>
      {ics.error && <Failure error={ics.error} />}
      <ol class="timeline">
        {data.milestones.map((m) => (
          <li key={m.key} class={m.reached ? 'past' : 'future'}>
            <p class="when">
              <span class="visually-hidden">{m.reached ? 'Voorbij: ' : 'Gepland: '}</span>
              {m.display}
            </p>
            <p class="what">
              <strong>{m.label}</strong>{' '}
              {m.reached ? (
                <span class="muted">bereikt {when(m.reachedAt)}</span>
              ) : (
                <span class="countdown">{countdown(m.at, now)}</span>
              )}
            </p>
            {m.amendments.map((a) => (
              <p key={a.number} class="amended">
                Gewijzigd ({a.number}) op {when(a.amendedAt)}: van {when(a.from, m.kind)} naar{' '}
                {when(a.to, m.kind)}
                {a.reason ? ` — ${a.reason}` : ''}
              </p>
            ))}
            {m.warnings.map((w) => (
              <p key={w} class="warning">
                {dutchWarning(w)}
              </p>
            ))}
          </li>
        ))}
      </ol>
      <h2>Verstuurde herinneringen</h2>
      {data.reminders.length === 0 ? (
        <p>Er zijn nog geen herinneringen verstuurd.</p>
      ) : (
        <table>
          <caption>Herinneringen aan aanbieders die nog niet hadden gehandeld</caption>
          <TableHead columns={['Herinnering', 'Verstuurd', 'Aan']} />
          <tbody>
            {data.reminders.map((r) => (
              <tr key={`${r.key}-${r.sentAt}`}>
                <th scope="row">
                  {r.label}, {plural(r.daysBefore, 'dag', 'dagen')} vooraf
                </th>
                <td>{r.display}</td>
                <td>{plural(r.count, 'aanbieder', 'aanbieders')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
