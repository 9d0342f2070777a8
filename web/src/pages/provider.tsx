/**
 * One provider's dossier in a cycle: its questions, every submission version with files and SHA-256 hashes, what is
 * missing, regions and outcomes, assessments, objections, the contract, and its mailbox thread: every message sent to
 * it and received from it, in order.
 */
import type { ThreadResponse } from '../../../api/dashboard-views';
import { api, enc } from '../api';
import { Failure, Loading } from '../components/feedback';
import { useLoad } from '../components/load';
import { TableHead } from '../components/table-head';
import { cycleProviders } from '../data';
import { when } from '../format';
import { docName, STATUS_NAMES } from '../labels';
import { OUTCOME_NAMES } from './legal';

/** The kinds of a provider's submission history, in Dutch. */
const INPUT_NAMES: Record<string, string> = {
  submission: 'inschrijving',
  supplement: 'aanvulling',
  withdrawal: 'intrekking',
};

async function read(cycleId: string, providerId: string) {
  const [[view], thread] = await Promise.all([
    cycleProviders(cycleId).then((all) => all.filter((p) => p.provider.id === providerId)),
    api<ThreadResponse>('GET', `/cycles/${enc(cycleId)}/providers/${enc(providerId)}/thread`),
  ]);
  return { view, thread };
}

export function ProviderDetail({ cycleId, providerId }: { cycleId: string; providerId: string }) {
  const { data, error } = useLoad(() => read(cycleId, providerId), [cycleId, providerId]);
  if (error) return <Failure error={error} />;
  if (!data) return <Loading />;
  const { view, thread } = data;
  if (!view)
    return (
      <Failure
        error={
          {
            status: 404,
            code: 'notFound',
            message: `Aanbieder ${providerId} is niet geregistreerd in ${cycleId}.`,
            problems: [],
            name: 'ApiFailure',
          } as never
        }
      />
    );
  const s = view.submission;
  return (
    <>
      <h1>{view.provider.name}</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{STATUS_NAMES[view.status]}</dd>
        <dt>E-mail</dt>
        <dd>{view.provider.email}</dd>
        <dt>Samenwerkingsverband</dt>
        <dd>{view.provider.consortium ? 'ja' : 'nee'}</dd>
      </dl>

      <h2>Vragen</h2>
      {view.questions.length === 0 ? (
        <p>Geen vragen gesteld.</p>
      ) : (
        <ol>
          {view.questions.map((q) => (
            <li key={q.number}>
              {when(q.receivedAt)} ({q.onTime ? 'op tijd' : 'te laat'}
              {q.answeredAt ? `, beantwoord in de NvI van ${when(q.answeredAt)}` : ''}): {q.text}
            </li>
          ))}
        </ol>
      )}

      <h2>Inschrijving</h2>
      {!s ? (
        <p>
          {view.withdrawnAt ? `Ingetrokken op ${when(view.withdrawnAt)}.` : 'Geen inschrijving ontvangen.'}
        </p>
      ) : (
        <>
          <p>
            Ontvangen {when(s.receivedAt)}, {s.onTime ? 'op tijd' : 'te laat'}
            {s.version ? `, versie ${s.version}` : ''}; ontvangstcode <code>{s.receiptCode ?? '—'}</code>.
          </p>
          {s.documents === null ? (
            <p>De inhoud is verzegeld tot de sluiting van de inschrijving.</p>
          ) : (
            <>
              <p>Regio's: {s.regions?.join(', ')}.</p>
              <p>
                {s.missing && s.missing.length > 0
                  ? `Ontbreekt of twijfelachtig: ${s.missing.map(docName).join(', ')}.`
                  : 'Volledig.'}
              </p>
              <table>
                <caption>Bestanden van de geldende versie</caption>
                <TableHead columns={['Stuk', 'Bestand', 'Grootte', 'SHA-256']} />
                <tbody>
                  {s.documents.map((d) => (
                    <tr key={d.sha256 + d.name}>
                      <th scope="row">{docName(d.kind)}</th>
                      <td>{d.name}</td>
                      <td>{(d.sizeBytes / 1024).toFixed(1)} KiB</td>
                      <td>
                        <code class="hash">{d.sha256}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <p>
            Alle ontvangen versies:{' '}
            {view.history
              .map(
                (h) =>
                  `${INPUT_NAMES[h.kind] ?? h.kind} ${h.sequence} (${when(h.receivedAt)}${h.onTime ? '' : ', te laat'})`,
              )
              .join('; ')}
            .
          </p>
        </>
      )}

      <h2>Uitkomst</h2>
      {view.announcements.length === 0 ? (
        <p>Nog niet bekendgemaakt.</p>
      ) : (
        view.announcements.map((a) => (
          <div key={a.number}>
            <p>
              Bekendmaking {a.number}
              {a.revised ? ' (herzien)' : ''}, verstuurd {when(a.sentAt)}; bezwaar tot{' '}
              {when(a.termEndsAt, 'deadline')}.
            </p>
            <ul>
              {a.outcome.map((r) => (
                <li key={r.name}>
                  {r.name}: {r.selected ? 'gegund' : `niet gegund (${(r.reasons ?? []).join('; ')})`}
                </li>
              ))}
            </ul>
          </div>
        ))
      )}

      <h2>Bezwaar</h2>
      {view.objections.length === 0 ? (
        <p>Geen bezwaar.</p>
      ) : (
        <ul>
          {view.objections.map((o) => (
            <li key={o.number}>
              Bezwaar {o.number}, ingediend {when(o.receivedAt)} ({o.onTime ? 'op tijd' : 'te laat'}):{' '}
              {o.answer
                ? `${OUTCOME_NAMES[o.answer.outcome]}, antwoord verstuurd ${when(o.answer.sentAt)}; kort geding uiterlijk ${when(o.answer.kortGedingDeadline, 'deadline')}`
                : `antwoord uiterlijk ${when(o.answerDueAt, 'deadline')}`}
            </li>
          ))}
        </ul>
      )}

      <h2>Overeenkomst</h2>
      <p>
        {view.contract
          ? `Verstuurd ${when(view.contract.sentAt)}; ${view.contract.signedAt ? `getekend ${when(view.contract.signedAt)}` : `nog niet getekend (uiterlijk ${when(view.contract.signBefore, 'deadline')})`}.`
          : 'Geen overeenkomst verstuurd.'}
      </p>

      <h2>Berichten</h2>
      {thread.messages.length === 0 ? (
        <p>Nog geen berichten.</p>
      ) : (
        <ol class="thread">
          {thread.messages.map((m) => (
            <li key={`${m.direction}-${m.messageId}`} class={m.direction}>
              <p>
                <strong>{m.direction === 'out' ? 'Verstuurd' : 'Ontvangen'}</strong> {m.display}
              </p>
              <p>{m.subject}</p>
              {m.files && m.files.length > 0 && (
                <p class="muted">Bijlagen: {m.files.map((f) => f.name).join(', ')}</p>
              )}
              <p class="muted">
                <code>{m.messageId}</code>
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
