/**
 * The Nota van Inlichtingen editor: every question received before the question deadline, each under an answer;
 * similar questions are bundled by putting them under the same answer. Each answer says whether it changes the
 * procurement documents. The draft is kept in this browser until it is published; publishing sends the whole NvI to
 * the cycle, which checks it (every on-time question answered once, none late) and mails it to every provider.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api';
import { useAction } from '../components/actions';
import { Done, Failure, Loading } from '../components/feedback';
import { useLoad } from '../components/load';
import { cycleProviders, cycleStatus } from '../data';
import { plural, when } from '../format';

interface Question {
  key: string;
  provider: string;
  providerName: string;
  number: number;
  receivedAt: string;
  text: string;
}

interface Draft {
  groupOf: Record<string, number>;
  answers: Record<number, { text: string; changesDocuments: boolean }>;
}

const draftKey = (cycleId: string) => `oco-nvi-draft:${cycleId}`;

function loadDraft(cycleId: string, questions: Question[]): Draft {
  let saved: Draft | null = null;
  try {
    saved = JSON.parse(localStorage.getItem(draftKey(cycleId)) ?? 'null') as Draft | null;
  } catch {}
  const draft: Draft = { groupOf: {}, answers: { ...(saved?.answers ?? {}) } };
  let next = Math.max(0, ...Object.values(saved?.groupOf ?? {})) + 1;
  for (const q of questions) draft.groupOf[q.key] = saved?.groupOf[q.key] ?? next++;
  return draft;
}

async function read(cycleId: string) {
  const [status, providers] = await Promise.all([cycleStatus(cycleId), cycleProviders(cycleId)]);
  const questions: Question[] = providers
    .flatMap((p) =>
      p.questions
        .filter((q) => q.onTime)
        .map((q) => ({
          key: `${p.provider.id}#${q.number}`,
          provider: p.provider.id,
          providerName: p.provider.name,
          number: q.number,
          receivedAt: q.receivedAt,
          text: q.text,
        })),
    )
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const late = providers.reduce((n, p) => n + p.questions.filter((q) => !q.onTime).length, 0);
  return { status, questions, late };
}

export function Nvi({ cycleId }: { cycleId: string }) {
  const { data, error, reload } = useLoad(() => read(cycleId), [cycleId]);
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (data) setDraft(loadDraft(cycleId, data.questions));
  }, [data, cycleId]);
  useEffect(() => {
    if (draft) localStorage.setItem(draftKey(cycleId), JSON.stringify(draft));
  }, [draft, cycleId]);

  const groups = draft ? [...new Set(Object.values(draft.groupOf))].sort((a, b) => a - b) : [];
  const publish = useAction(() =>
    api('POST', `/cycles/${enc(cycleId)}/nvi`, {
      answers: groups.map((g) => ({
        questions: (data?.questions ?? [])
          .filter((q) => draft?.groupOf[q.key] === g)
          .map((q) => ({ provider: q.provider, number: q.number })),
        answer: draft?.answers[g]?.text ?? '',
        changesDocuments: draft?.answers[g]?.changesDocuments ?? false,
      })),
    }),
  );

  if (error) return <Failure error={error} />;
  if (!data || !draft) return <Loading />;
  const { status, questions } = data;
  const deadline = status.timeline.find((m) => m.key === 'questionDeadline');
  const due = status.timeline.find((m) => m.key === 'nviPublication');
  const setAnswer = (g: number, change: Partial<{ text: string; changesDocuments: boolean }>) =>
    setDraft({
      ...draft,
      answers: {
        ...draft.answers,
        [g]: { text: '', changesDocuments: false, ...draft.answers[g], ...change },
      },
    });

  return (
    <>
      <h1>Nota van Inlichtingen</h1>
      <p>
        Vragen tot {when(deadline?.at, 'deadline')}; publicatie gepland op {when(due?.at, 'deadline')}.{' '}
        {data.late > 0 &&
          `${data.late} te late vraag/vragen niet opgenomen (de aanbieder kreeg daarover bericht).`}
      </p>
      {status.nvi ? (
        <Done>
          <p>
            Gepubliceerd op {when(status.nvi.publishedAt)}:{' '}
            {plural(status.nvi.answerCount, 'antwoord', 'antwoorden')} op{' '}
            {plural(status.nvi.questionCount, 'vraag', 'vragen')}
            {status.nvi.changesDocuments ? '; de aanbestedingsstukken zijn gewijzigd' : ''}.
          </p>
        </Done>
      ) : questions.length === 0 ? (
        <p>Er zijn (nog) geen vragen op tijd ontvangen.</p>
      ) : (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (await publish.act()) {
              localStorage.removeItem(draftKey(cycleId));
              reload();
            }
          }}
        >
          <p class="hint">
            Bundel gelijke vragen door ze onder hetzelfde antwoord te zetten. Het concept wordt in deze
            browser bewaard.
          </p>
          {groups.map((g, index) => {
            const inGroup = questions.filter((q) => draft.groupOf[q.key] === g);
            return (
              <fieldset key={g} class="card">
                <legend>Antwoord {index + 1}</legend>
                <ul class="questions">
                  {inGroup.map((q) => (
                    <li key={q.key}>
                      <p>
                        <strong>
                          {q.providerName}, vraag {q.number}
                        </strong>{' '}
                        <span class="muted">({when(q.receivedAt)})</span>
                      </p>
                      <blockquote>{q.text}</blockquote>
                      <label for={`move-${q.key}`}>Onder antwoord</label>{' '}
                      <select
                        id={`move-${q.key}`}
                        value={String(g)}
                        onChange={(e) =>
                          setDraft({
                            ...draft,
                            groupOf: { ...draft.groupOf, [q.key]: Number(e.currentTarget.value) },
                          })
                        }
                      >
                        {groups.map((other, i) => (
                          <option key={other} value={String(other)}>
                            Antwoord {i + 1}
                          </option>
                        ))}
                        <option value={String(Math.max(...groups) + 1)}>Een nieuw antwoord</option>
                      </select>
                    </li>
                  ))}
                </ul>
                <label for={`answer-${g}`}>Antwoord {index + 1}</label>
                <textarea
                  id={`answer-${g}`}
                  rows={4}
                  required
                  value={draft.answers[g]?.text ?? ''}
                  onInput={(e) => setAnswer(g, { text: e.currentTarget.value })}
                />
                <label class="check">
                  <input
                    type="checkbox"
                    checked={draft.answers[g]?.changesDocuments ?? false}
                    onChange={(e) => setAnswer(g, { changesDocuments: e.currentTarget.checked })}
                  />{' '}
                  Wijzigt de aanbestedingsstukken
                </label>
              </fieldset>
            );
          })}
          <button type="submit" disabled={publish.busy}>
            Nota van Inlichtingen publiceren
          </button>
        </form>
      )}
      {publish.error && (
        <Failure error={publish.error} title="De Nota van Inlichtingen is niet gepubliceerd" />
      )}
    </>
  );
}
