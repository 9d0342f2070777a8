/**
 * The legal register: every objection with its terms as exact local times (with weekday), the calendar days left in
 * Europe/Amsterdam, warnings and outcomes; legal records the answer and a kort geding served, and the kort-geding
 * term appears as soon as the answer went out. The register downloads as CSV (semicolons, as Dutch spreadsheets read
 * it), with the instants in ISO-8601 UTC beside the local ones.
 */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LegalRow } from '../../../domain/legal-register';
import { OBJECTION_OUTCOMES, type ObjectionOutcome } from '../../../domain/objection-outcomes';
import { dutchWarning } from '../../../domain/warnings-nl';
import { api, enc, saveBlob } from '../api';
import { useAction } from '../components/actions';
import { Failure, Loading } from '../components/feedback';
import { useLoad, useNow } from '../components/load';
import { TableHead } from '../components/table-head';
import { daysLeft, when } from '../format';
import { legalCsvRows } from '../legal-csv';

export const OUTCOME_NAMES: Record<ObjectionOutcome, string> = {
  upheld: 'gegrond',
  partlyUpheld: 'gedeeltelijk gegrond',
  rejected: 'ongegrond',
};

function DaysLeft({ endsAt, now, done }: { endsAt: string | null; now: number; done: boolean }) {
  if (!endsAt || done) return <>—</>;
  const days = daysLeft(endsAt, now);
  const text =
    days < 0 ? `verstreken` : days === 0 ? 'laatste dag' : `${days} ${days === 1 ? 'dag' : 'dagen'}`;
  return <span class={days <= 2 ? 'urgent' : undefined}>{text}</span>;
}

async function csv(rows: LegalRow[]): Promise<string> {
  const { stringify } = await import('csv-stringify/browser/esm/sync');
  return stringify(legalCsvRows(rows, OUTCOME_NAMES), { header: true, delimiter: ';', bom: true });
}

function AnswerForm({ cycleId, row, onDone }: { cycleId: string; row: LegalRow; onDone(): void }) {
  const [outcome, setOutcome] = useState<ObjectionOutcome>('rejected');
  const [text, setText] = useState('');
  const answer = useAction(() =>
    api('POST', `/cycles/${enc(cycleId)}/providers/${enc(row.providerId)}/objection-answers`, {
      objection: row.objection,
      outcome,
      text,
    }),
  );
  const id = `answer-${row.providerId}-${row.objection}`;
  return (
    <form
      aria-label={`Antwoord op bezwaar ${row.objection} van ${row.provider}`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (await answer.act()) onDone();
      }}
    >
      <label for={`${id}-outcome`}>Uitkomst</label>
      <select
        id={`${id}-outcome`}
        value={outcome}
        onChange={(e) => setOutcome(e.currentTarget.value as ObjectionOutcome)}
      >
        {OBJECTION_OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {OUTCOME_NAMES[o]}
          </option>
        ))}
      </select>
      <label for={`${id}-text`}>Antwoord aan de aanbieder</label>
      <textarea
        id={`${id}-text`}
        rows={4}
        required
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" disabled={answer.busy}>
        Antwoord vastleggen en versturen
      </button>
      {answer.error && <Failure error={answer.error} title="Het antwoord is niet vastgelegd" />}
    </form>
  );
}

function KortGedingForm({ cycleId, row, onDone }: { cycleId: string; row: LegalRow; onDone(): void }) {
  const [court, setCourt] = useState('');
  const [servedOn, setServedOn] = useState('');
  const record = useAction(() =>
    api('POST', `/cycles/${enc(cycleId)}/providers/${enc(row.providerId)}/kort-gedingen`, {
      objection: row.objection,
      court,
      servedOn,
    }),
  );
  const id = `kg-${row.providerId}-${row.objection}`;
  return (
    <form
      aria-label={`Kort geding over bezwaar ${row.objection} van ${row.provider}`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (await record.act()) onDone();
      }}
    >
      <label for={`${id}-court`}>Rechtbank</label>
      <input id={`${id}-court`} required value={court} onInput={(e) => setCourt(e.currentTarget.value)} />
      <label for={`${id}-served`}>Betekend op</label>
      <input
        id={`${id}-served`}
        type="date"
        required
        value={servedOn}
        onInput={(e) => setServedOn(e.currentTarget.value)}
      />
      <button type="submit" disabled={record.busy}>
        Kort geding vastleggen
      </button>
      {record.error && <Failure error={record.error} title="Het kort geding is niet vastgelegd" />}
    </form>
  );
}

export function Legal({ cycleId, canAnswer }: { cycleId: string; canAnswer: boolean }) {
  const { data, error, reload } = useLoad(
    () => api<{ rows: LegalRow[] }>('GET', `/cycles/${enc(cycleId)}/legal-register`).then((r) => r.rows),
    [cycleId],
  );
  const now = useNow();
  const [open, setOpen] = useState<string | null>(null);
  // An answer is recorded at once and goes out by e-mail a moment later; its kort-geding term counts from then.
  const [awaiting, setAwaiting] = useState<{ key: string; tries: number } | null>(null);
  useEffect(() => {
    if (!awaiting || !data) return;
    const row = data.find((r) => `${r.providerId}-${r.objection}` === awaiting.key);
    if (row?.answeredAt || awaiting.tries >= 30) return setAwaiting(null);
    const timer = setTimeout(() => {
      setAwaiting({ ...awaiting, tries: awaiting.tries + 1 });
      reload();
    }, 1000);
    return () => clearTimeout(timer);
  }, [awaiting, data, reload]);
  if (error) return <Failure error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>Juridisch register</h1>
      <p>
        Elke termijn eindigt op het genoemde tijdstip (Nederlandse tijd); "dagen" zijn kalenderdagen tot en
        met de laatste dag.{' '}
        <button
          type="button"
          onClick={async () =>
            saveBlob(
              new Blob([await csv(data)], { type: 'text/csv;charset=utf-8' }),
              `${cycleId}-juridisch-register.csv`,
            )
          }
        >
          Exporteren als CSV
        </button>
      </p>
      {data.length === 0 ? (
        <p>Er zijn geen bezwaren.</p>
      ) : (
        <table class="register">
          <caption>Bezwaren en termijnen in {cycleId}</caption>
          <TableHead
            columns={[
              'Aanbieder, bezwaar',
              'Ingediend',
              'Antwoord uiterlijk',
              'Dagen',
              'Uitkomst',
              'Kort geding uiterlijk',
              'Dagen',
              'Waarschuwingen',
            ]}
          />
          <tbody>
            {data.map((r) => {
              const key = `${r.providerId}-${r.objection}`;
              return (
                <Fragment key={key}>
                  <tr>
                    <th scope="row">
                      {r.provider}, bezwaar {r.objection}
                      <br />
                      <span class="muted">{r.regions.join(', ')}</span>
                    </th>
                    <td>
                      {when(r.filedAt)}
                      <br />
                      {r.onTime ? 'op tijd' : <strong>te laat</strong>} (termijn tot{' '}
                      {when(r.objectionTermEndsAt, 'deadline')})
                    </td>
                    <td>{when(r.answerDueAt, 'deadline')}</td>
                    <td>
                      <DaysLeft endsAt={r.answerDueAt} now={now} done={r.answeredAt !== null} />
                    </td>
                    <td>
                      {r.outcome
                        ? `${OUTCOME_NAMES[r.outcome]}, verstuurd ${when(r.answeredAt)}`
                        : 'nog niet beantwoord'}
                    </td>
                    <td data-testid="kort-geding-deadline">{when(r.kortGedingDeadline, 'deadline')}</td>
                    <td>
                      <DaysLeft endsAt={r.kortGedingDeadline} now={now} done={r.kortGedingServed !== null} />
                    </td>
                    <td>
                      {r.kortGedingServed && (
                        <p>
                          Kort geding: {r.kortGedingServed.court}, betekend {r.kortGedingServed.servedOn}
                        </p>
                      )}
                      {r.warnings.length > 0 && (
                        <ul class="warnings">
                          {r.warnings.map((w) => (
                            <li key={w}>{dutchWarning(w)}</li>
                          ))}
                        </ul>
                      )}
                      {canAnswer &&
                        (r.outcome === null
                          ? r.onTime
                          : r.answeredAt !== null && r.kortGedingServed === null) && (
                          <button
                            type="button"
                            aria-expanded={open === key}
                            onClick={() => setOpen(open === key ? null : key)}
                          >
                            {r.outcome === null ? 'Antwoorden' : 'Kort geding vastleggen'}
                            <span class="visually-hidden">
                              {' '}
                              ({r.provider}, bezwaar {r.objection})
                            </span>
                          </button>
                        )}
                    </td>
                  </tr>
                  {open === key && (
                    <tr>
                      <td colSpan={8}>
                        {r.outcome === null ? (
                          <AnswerForm
                            cycleId={cycleId}
                            row={r}
                            onDone={() => {
                              setOpen(null);
                              setAwaiting({ key, tries: 0 });
                              reload();
                            }}
                          />
                        ) : (
                          <KortGedingForm
                            cycleId={cycleId}
                            row={r}
                            onDone={() => {
                              setOpen(null);
                              reload();
                            }}
                          />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
