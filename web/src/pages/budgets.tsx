/**
 * Budgets in the contract period: per provider and region the ceiling, what was spent, the projection and the
 * prognosis as a chart per month, the step on the overrun ladder with every transition (when, who, why), and the
 * June/October reallocation review as a table; the transfers and consultations with VWS below.
 */
import type { BudgetsResponse } from '../../../api/dashboard-views';
import { STEP_LABELS_NL } from '../../../domain/budget/ladder';
import { api, enc } from '../api';
import { Failure, Loading } from '../components/feedback';
import { useLoad } from '../components/load';
import { MonthChart } from '../components/month-chart';
import { TableHead } from '../components/table-head';
import { cents, when } from '../format';

const euroCents = (euros: number) => Math.round(euros * 100);

/** Who moved a case: the system, the provider, or the officer by name. */
const BY_NAMES: Record<string, string> = { system: 'systeem', provider: 'aanbieder' };

export function Budgets({ cycleId }: { cycleId: string }) {
  const { data, error } = useLoad(
    () => api<BudgetsResponse>('GET', `/cycles/${enc(cycleId)}/budgets`),
    [cycleId],
  );
  if (error) return <Failure error={error} />;
  if (!data) return <Loading />;
  if (data.contracts.length === 0)
    return (
      <>
        <h1>Budgetten</h1>
        <p>De contractperiode is nog niet begonnen: er zijn nog geen lopende overeenkomsten.</p>
      </>
    );
  return (
    <>
      <h1>Budgetten</h1>
      <h2>Herverdeling (juni en oktober)</h2>
      <table>
        <caption>
          Ruimte per regio: plafond min verwachte besteding
          {data.coordinator && data.coordinator.reviews.length > 0
            ? `; rapportages verstuurd: ${data.coordinator.reviews.join(', ')}`
            : ''}
        </caption>
        <TableHead columns={['Regio', 'Jaar', 'Aanbieders', 'Plafond', 'Verwacht', 'Ruimte']} />
        <tbody>
          {data.review.map((r) => (
            <tr key={`${r.region}-${r.year}`}>
              <th scope="row">{r.region}</th>
              <td>{r.year}</td>
              <td>{r.providers}</td>
              <td class="num">{cents(r.ceilingCents)}</td>
              <td class="num">{cents(r.projectedCents)}</td>
              <td class={`num${r.headroomCents < 0 ? ' urgent' : ''}`}>{cents(r.headroomCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {data.contracts.map((c) => (
        <section key={c.provider.id} class="card" aria-labelledby={`budget-${c.provider.id}`}>
          <h2 id={`budget-${c.provider.id}`}>{c.provider.name}</h2>
          {(c.budget ?? []).map((b) => {
            const cases = (c.cases ?? []).filter((k) => k.region === b.region && k.year === b.year);
            const points = c.months
              .filter((m) => m.region === b.region && m.year === b.year)
              .map((m) => ({ ...m, spentCents: m.reported ? m.spentCents : null }));
            return (
              <div key={`${b.region}-${b.year}`} class="region-budget">
                <h3>
                  {b.region}, {b.year}
                </h3>
                <dl class="facts">
                  <dt>Plafond</dt>
                  <dd>
                    {cents(euroCents(b.ceiling))} ({b.final ? 'definitief' : 'voorlopig'})
                  </dd>
                  <dt>Besteed</dt>
                  <dd>{cents(euroCents(b.spent))}</dd>
                  <dt>Verwacht voor het jaar</dt>
                  <dd>
                    {cents(euroCents(b.projected))} (volgens prognose{' '}
                    {cents(euroCents(b.projectedByPrognosis))})
                  </dd>
                  <dt>Ladder</dt>
                  <dd>{STEP_LABELS_NL[b.step]}</dd>
                </dl>
                <MonthChart
                  title={`${c.provider.name}, ${b.region} ${b.year}`}
                  points={points}
                  ceilingCents={euroCents(b.ceiling)}
                  projectedCents={euroCents(b.projected)}
                />
                {cases.map((k) => (
                  <table key={k.number}>
                    <caption>
                      Overschrijdingstraject {k.number} (
                      {k.trigger === 'system' ? 'gesignaleerd' : 'gemeld door de aanbieder'}{' '}
                      {when(k.openedAt)})
                      {k.closedAt ? `, gesloten ${when(k.closedAt)}` : `, nu: ${STEP_LABELS_NL[k.step]}`}
                      {k.stepDeadline ? `, uiterlijk ${when(k.stepDeadline, 'deadline')}` : ''}
                    </caption>
                    <TableHead columns={['Wanneer', 'Van', 'Naar', 'Door', 'Waarom']} />
                    <tbody>
                      {k.transitions.map((t) => (
                        <tr key={t.at + t.to}>
                          <td>{when(t.at)}</td>
                          <td>{STEP_LABELS_NL[t.from]}</td>
                          <td>{STEP_LABELS_NL[t.to]}</td>
                          <td>{BY_NAMES[t.by] ?? t.by}</td>
                          <td>{t.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ))}
                <details>
                  <summary>Cijfers per maand</summary>
                  <table>
                    <caption>
                      {b.region} {b.year} per maand
                    </caption>
                    <TableHead columns={['Maand', 'Besteed', 'Prognose']} />
                    <tbody>
                      {points.map((p) => (
                        <tr key={p.month}>
                          <th scope="row">{p.month}</th>
                          <td class="num">{p.spentCents === null ? 'niet gemeld' : cents(p.spentCents)}</td>
                          <td class="num">{cents(p.prognosisCents)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </div>
            );
          })}
        </section>
      ))}

      {data.coordinator && (data.coordinator.transfers.length > 0 || data.coordinator.vws.length > 0) && (
        <>
          <h2>Overhevelingen en overleg met VWS</h2>
          <ul>
            {data.coordinator.transfers.map((t) => (
              <li key={t.number}>
                {when(t.approvedAt)}: {cents(t.amountCents)} van {t.from} ({t.fromRegion}) naar {t.to} (
                {t.toRegion}), door {t.by}: {t.reason}
              </li>
            ))}
            {data.coordinator.vws.map((v) => (
              <li key={`vws-${v.number}`}>
                VWS-verzoek {v.number} ({v.year}) van {when(v.requestedAt)}:{' '}
                {v.outcome
                  ? v.outcome.granted
                    ? `toegekend ${cents(v.outcome.amountCents)}`
                    : 'afgewezen'
                  : 'nog geen uitkomst'}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
