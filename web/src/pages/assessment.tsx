/**
 * Assessment per region: the suitability requirements and selection facts per provider (recorded per provider and
 * region), the ranking the system proposes in the policy's order of importance, the cut-off at the region's maximum
 * with any tie, and the decision: the proposal confirmed, or another selection with a written reason.
 */
import { useState } from 'preact/hooks';
import type { RankedCandidate, RegionProposal } from '../../../domain/selection';
import {
  SELECTION_FACT_NAMES_NL,
  SELECTION_FACTS,
  type SelectionFact,
} from '../../../domain/selection-facts';
import { api, enc } from '../api';
import { useAction } from '../components/actions';
import { Done, Failure, Loading } from '../components/feedback';
import { useLoad } from '../components/load';
import { type CycleStatus, cycleStatus } from '../data';
import { when } from '../format';
import { docName } from '../labels';

async function read(cycleId: string) {
  const [status, { proposals }] = await Promise.all([
    cycleStatus(cycleId),
    api<{ proposals: RegionProposal[] }>('GET', `/cycles/${enc(cycleId)}/proposals`),
  ]);
  return { status, proposals };
}

type Requirement = { met: boolean; reason: string };

function AssessForm(props: {
  cycleId: string;
  region: string;
  candidate: RankedCandidate;
  requirements: readonly string[];
  onDone(): void;
}) {
  const { candidate, region, requirements } = props;
  const earlier = candidate.assessment;
  const [results, setResults] = useState<Requirement[]>(
    requirements.map((_, i) => {
      const unmet = earlier?.unmet.find((u) => u.number === i + 1);
      return { met: !unmet, reason: unmet?.reason ?? '' };
    }),
  );
  const [facts, setFacts] = useState<Record<SelectionFact, boolean>>(
    Object.fromEntries(SELECTION_FACTS.map((f) => [f, earlier?.selection[f] ?? false])) as Record<
      SelectionFact,
      boolean
    >,
  );
  const save = useAction(() =>
    api('POST', `/cycles/${enc(props.cycleId)}/providers/${enc(candidate.providerId)}/assessments`, {
      region,
      requirements: Object.fromEntries(
        results.map((r, i) => [String(i + 1), r.met ? true : { met: false, reason: r.reason }]),
      ),
      selection: facts,
    }),
  );
  const id = (what: string) => `assess-${region}-${candidate.providerId}-${what}`.replace(/\W/g, '-');
  return (
    <form
      class="assess"
      aria-label={`Beoordeling van ${candidate.name} in ${region}`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (await save.act()) props.onDone();
      }}
    >
      <fieldset>
        <legend>Geschiktheidseisen</legend>
        <ol class="requirements">
          {requirements.map((text, i) => (
            <li key={text}>
              <label class="check">
                <input
                  type="checkbox"
                  checked={results[i]?.met}
                  onChange={(e) =>
                    setResults(results.map((r, j) => (j === i ? { ...r, met: e.currentTarget.checked } : r)))
                  }
                />{' '}
                {text}
              </label>
              {!results[i]?.met && (
                <>
                  <label for={id(`reason-${i + 1}`)}>Reden waarom eis {i + 1} niet is gehaald</label>
                  <input
                    id={id(`reason-${i + 1}`)}
                    required
                    value={results[i]?.reason}
                    onInput={(e) =>
                      setResults(
                        results.map((r, j) => (j === i ? { ...r, reason: e.currentTarget.value } : r)),
                      )
                    }
                  />
                </>
              )}
            </li>
          ))}
        </ol>
      </fieldset>
      <fieldset>
        <legend>Selectiecriteria (in volgorde van belang)</legend>
        {SELECTION_FACTS.map((f) => (
          <label key={f} class="check">
            <input
              type="checkbox"
              checked={facts[f]}
              onChange={(e) => setFacts({ ...facts, [f]: e.currentTarget.checked })}
            />{' '}
            {SELECTION_FACT_NAMES_NL[f]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={save.busy}>
        Beoordeling vastleggen
      </button>
      {save.error && <Failure error={save.error} title="De beoordeling is niet vastgelegd" />}
    </form>
  );
}

function candidateState(c: RankedCandidate): string {
  if (!c.onTime) return 'te laat, niet beoordeeld';
  if (!c.assessment) return 'nog niet beoordeeld';
  if (!c.suitable) return `ongeschikt (${c.assessment.unmet.map((u) => `eis ${u.number}`).join(', ')})`;
  return `geschikt, rang ${c.rank}`;
}

function Decide({
  cycleId,
  proposal,
  onDone,
}: {
  cycleId: string;
  proposal: RegionProposal;
  onDone(): void;
}) {
  const suitable = proposal.candidates.filter((c) => c.suitable);
  const [selected, setSelected] = useState<string[]>(proposal.proposed);
  const [reason, setReason] = useState('');
  const override =
    [...selected].sort().join(',') !== [...proposal.proposed].sort().join(',') || proposal.tie !== null;
  const decide = useAction(() =>
    api('POST', `/cycles/${enc(cycleId)}/regions/${enc(proposal.region)}/selection`, {
      ...(override ? { selected, reason } : {}),
    }),
  );
  const id = `decide-${proposal.region}`.replace(/\W/g, '-');
  return (
    <form
      aria-label={`Selectie in ${proposal.region}`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (await decide.act()) onDone();
      }}
    >
      <fieldset>
        <legend>Selectie (ten hoogste {proposal.maxProviders})</legend>
        {suitable.map((c) => (
          <label key={c.providerId} class="check">
            <input
              type="checkbox"
              checked={selected.includes(c.providerId)}
              onChange={(e) =>
                setSelected(
                  e.currentTarget.checked
                    ? [...selected, c.providerId]
                    : selected.filter((p) => p !== c.providerId),
                )
              }
            />{' '}
            {c.name} (rang {c.rank})
          </label>
        ))}
      </fieldset>
      {override && (
        <>
          <label for={`${id}-reason`}>Reden van de afwijking van het voorstel (integrale afweging)</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            required
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </>
      )}
      <button type="submit" disabled={decide.busy || proposal.notAssessed.length > 0}>
        {override ? 'Selectie met reden vastleggen' : 'Voorstel bevestigen'}
      </button>
      {decide.error && <Failure error={decide.error} title="De selectie is niet vastgelegd" />}
    </form>
  );
}

function Region(props: { cycleId: string; status: CycleStatus; proposal: RegionProposal; onChange(): void }) {
  const { proposal, status } = props;
  const [open, setOpen] = useState<string | null>(null);
  const decision = [...(status.decisions ?? [])].reverse().find((d) => d.region === proposal.region);
  const cutOff = proposal.maxProviders;
  const regionId = `region-${proposal.region}`.replace(/\W/g, '-');
  return (
    <section class="card" aria-labelledby={regionId}>
      <h2 id={regionId}>{proposal.region}</h2>
      <table>
        <caption>
          Rangorde in {proposal.region}: de beste {cutOff} worden voorgesteld
        </caption>
        <thead>
          <tr>
            <th scope="col">Aanbieder</th>
            <th scope="col">Stand</th>
            <th scope="col">Ontbreekt</th>
            <th scope="col">Voorstel</th>
            <th scope="col">
              <span class="visually-hidden">Actie</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {proposal.candidates.map((c, i) => (
            <tr key={c.providerId} class={i === cutOff - 1 ? 'cut-off' : undefined}>
              <th scope="row">{c.name}</th>
              <td>{candidateState(c)}</td>
              <td>{c.missing.length === 0 ? '—' : c.missing.map(docName).join(', ')}</td>
              <td>
                {proposal.proposed.includes(c.providerId)
                  ? 'voorgesteld'
                  : proposal.tie?.providers.includes(c.providerId)
                    ? 'gelijk aan de grens'
                    : '—'}
              </td>
              <td>
                {c.onTime && (
                  <button
                    type="button"
                    aria-expanded={open === c.providerId}
                    onClick={() => setOpen(open === c.providerId ? null : c.providerId)}
                  >
                    {c.assessment ? 'Opnieuw beoordelen' : 'Beoordelen'}
                    <span class="visually-hidden"> {c.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {proposal.tie && (
        <p class="warning">
          Gelijke stand op de grens: {proposal.tie.providers.join(', ')} voor {proposal.tie.places}{' '}
          plaats(en). Kies zelf, met een reden.
        </p>
      )}
      {open && (
        <AssessForm
          key={open}
          cycleId={props.cycleId}
          region={proposal.region}
          candidate={proposal.candidates.find((c) => c.providerId === open) as RankedCandidate}
          requirements={status.config.assessment.requirements}
          onDone={() => {
            setOpen(null);
            props.onChange();
          }}
        />
      )}
      {decision && (
        <p>
          Besluit {decision.number} van {when(decision.decidedAt)}:{' '}
          {decision.selected.join(', ') || 'niemand'}
          {decision.override ? ` (afwijkend: ${decision.reason})` : ' (voorstel bevestigd)'}.
        </p>
      )}
      {proposal.notAssessed.length > 0 ? (
        <p>Nog te beoordelen: {proposal.notAssessed.join(', ')}.</p>
      ) : (
        proposal.candidates.length > 0 && (
          <Decide key={proposal.basis} cycleId={props.cycleId} proposal={proposal} onDone={props.onChange} />
        )
      )}
    </section>
  );
}

export function Assessment({ cycleId }: { cycleId: string }) {
  const { data, error, reload } = useLoad(() => read(cycleId), [cycleId]);
  const [saved, setSaved] = useState(0);
  if (error) return <Failure error={error} />;
  if (!data) return <Loading />;
  const start = data.status.timeline.find((m) => m.key === 'assessmentStart');
  return (
    <>
      <h1>Beoordeling</h1>
      <p>
        Beoordeling vanaf {when(start?.at)}. Een aanbieder is geschikt als hij aan elke eis voldoet; de
        geschikten worden gerangschikt op de selectiecriteria in volgorde van belang.
      </p>
      {saved > 0 && <Done>Vastgelegd.</Done>}
      {data.status.announcementBlocked && (
        <p class="warning" role="alert">
          De bekendmaking wordt tegengehouden sinds {when(data.status.announcementBlocked.since)}: niet alle
          regio's zijn beoordeeld en besloten.
        </p>
      )}
      {data.proposals.map((p) => (
        <Region
          key={p.region}
          cycleId={cycleId}
          status={data.status}
          proposal={p}
          onChange={() => {
            setSaved(saved + 1);
            reload();
          }}
        />
      ))}
    </>
  );
}
