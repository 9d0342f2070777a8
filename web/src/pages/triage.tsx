/**
 * The triage queue: inbound e-mail the reader could not route with certainty. Each item comes with the routing the
 * dashboard can guess (the sender's address among a cycle's providers, a keyword in the subject), so the officer
 * routes it with two clicks: check the choice, press "Routeren". The input gets the time the message reached the
 * mailbox, whenever it is routed.
 */
import { useState } from 'preact/hooks';
import { kindOfSubject, MAIL_KINDS, type MailKind } from '../../../domain/mail-routing';
import { api } from '../api';
import { useAction } from '../components/actions';
import { Done, Failure, Loading } from '../components/feedback';
import { useLoad } from '../components/load';
import { cycleProviders, cycleStatus, type InboundEntry, type ProviderView } from '../data';
import { when } from '../format';

export const KIND_NAMES: Record<MailKind, string> = {
  question: 'vraag',
  submission: 'inschrijving',
  supplement: 'aanvulling',
  objection: 'bezwaar',
  withdrawal: 'intrekking',
};

interface CycleChoice {
  cycleId: string;
  regions: string[];
  providers: ProviderView[];
}

async function readChoices(): Promise<{ items: InboundEntry[]; cycles: CycleChoice[] }> {
  const [{ items }, { cycles }] = await Promise.all([
    api<{ items: InboundEntry[] }>('GET', '/triage'),
    api<{ cycles: { cycleId: string; running: boolean }[] }>('GET', '/cycles'),
  ]);
  const running = cycles.filter((c) => c.running);
  const choices = await Promise.all(
    running.map(async (c) => {
      const [status, providers] = await Promise.all([cycleStatus(c.cycleId), cycleProviders(c.cycleId)]);
      return { cycleId: c.cycleId, regions: status.config.regions.map((r) => r.name), providers };
    }),
  );
  return { items, cycles: choices };
}

function senderAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
}

/** The likeliest routing: the cycle and provider whose address sent it, the kind its subject names. */
function guess(item: InboundEntry, cycles: CycleChoice[]) {
  const address = senderAddress(item.from);
  for (const cycle of cycles) {
    const provider = cycle.providers.find((p) => p.provider.email.toLowerCase() === address);
    if (provider) return { cycleId: cycle.cycleId, providerId: provider.provider.id };
  }
  return { cycleId: item.cycleId ?? cycles[0]?.cycleId ?? '', providerId: item.providerId ?? '' };
}

function TriageItem({
  item,
  cycles,
  onRouted,
}: {
  item: InboundEntry;
  cycles: CycleChoice[];
  onRouted(): void;
}) {
  const first = guess(item, cycles);
  const [cycleId, setCycleId] = useState(first.cycleId);
  const [providerId, setProviderId] = useState(first.providerId);
  const [kind, setKind] = useState<MailKind>(item.kind ?? kindOfSubject(item.subject)[0] ?? 'question');
  const [regions, setRegions] = useState<string[]>([]);
  const cycle = cycles.find((c) => c.cycleId === cycleId);
  const id = item.triage?.id ?? 0;
  const route = useAction(() =>
    api<{ code?: string }>('POST', `/triage/${id}/route`, {
      cycleId,
      providerId,
      kind,
      ...(kind === 'submission' && regions.length > 0 ? { regions } : {}),
    }),
  );
  const field = (name: string) => `triage-${id}-${name}`;
  return (
    <article class="card" aria-labelledby={field('title')}>
      <h2 id={field('title')}>
        #{id} {item.subject || '(geen onderwerp)'}
      </h2>
      <dl class="facts">
        <dt>Van</dt>
        <dd>{item.from}</dd>
        <dt>In de mailbox</dt>
        <dd>{when(item.receivedAt)}</dd>
        <dt>Bijlagen</dt>
        <dd>{item.files.length === 0 ? 'geen' : item.files.map((f) => f.name).join(', ')}</dd>
        <dt>Waarom in triage</dt>
        <dd>{item.reason ?? '—'}</dd>
      </dl>
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await route.act()) onRouted();
        }}
      >
        <div>
          <label for={field('cycle')}>Cyclus</label>
          <select
            id={field('cycle')}
            value={cycleId}
            onChange={(e) => {
              setCycleId(e.currentTarget.value);
              setProviderId('');
              setRegions([]);
            }}
          >
            {cycles.map((c) => (
              <option key={c.cycleId} value={c.cycleId}>
                {c.cycleId}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for={field('provider')}>Aanbieder</label>
          <select
            id={field('provider')}
            value={providerId}
            required
            onChange={(e) => setProviderId(e.currentTarget.value)}
          >
            <option value="">Kies een aanbieder</option>
            {(cycle?.providers ?? []).map((p) => (
              <option key={p.provider.id} value={p.provider.id}>
                {p.provider.name} ({p.provider.email})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for={field('kind')}>Soort</label>
          <select
            id={field('kind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as MailKind)}
          >
            {MAIL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_NAMES[k]}
              </option>
            ))}
          </select>
        </div>
        {kind === 'submission' && (
          <fieldset>
            <legend>Regio's</legend>
            {(cycle?.regions ?? []).map((r) => (
              <label key={r} class="check">
                <input
                  type="checkbox"
                  checked={regions.includes(r)}
                  onChange={(e) =>
                    setRegions(e.currentTarget.checked ? [...regions, r] : regions.filter((x) => x !== r))
                  }
                />{' '}
                {r}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={route.busy}>
          Routeren
        </button>
      </form>
      {route.error && <Failure error={route.error} title="Niet gerouteerd" />}
    </article>
  );
}

export function Triage() {
  const { data, error, reload } = useLoad(readChoices, []);
  const [routed, setRouted] = useState<string | null>(null);
  return (
    <>
      <h1>Triage</h1>
      <p>
        Binnengekomen e-mail die niet met zekerheid aan een aanbieder kon worden toegewezen. Niets gaat
        verloren: het bericht houdt de tijd waarop het in de mailbox kwam.
      </p>
      {routed && <Done>{routed}</Done>}
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <p>Er staat niets in de triage.</p>}
      {data?.items.map((item) => (
        <TriageItem
          key={item.messageId}
          item={item}
          cycles={data.cycles}
          onRouted={() => {
            setRouted(`Bericht #${item.triage?.id} "${item.subject}" is gerouteerd.`);
            reload();
          }}
        />
      ))}
    </>
  );
}
