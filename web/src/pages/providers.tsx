/**
 * The providers of a cycle at a glance: status, questions, the submission (on time, what is missing; sealed until the
 * closing), the outcome per region, the objection and the contract. Each links to the provider's full dossier.
 */
import { enc } from '../api';
import { Failure, Loading } from '../components/feedback';
import { Link } from '../components/link';
import { useLoad } from '../components/load';
import { TableHead } from '../components/table-head';
import { cycleProviders, type ProviderView } from '../data';
import { when } from '../format';
import { docName, STATUS_NAMES } from '../labels';

function submission(p: ProviderView) {
  const s = p.submission;
  if (!s) return p.withdrawnAt ? `ingetrokken ${when(p.withdrawnAt)}` : '—';
  const missing =
    s.missing === null
      ? 'verzegeld tot de sluiting'
      : s.missing.length === 0
        ? 'volledig'
        : `ontbreekt: ${s.missing.map(docName).join(', ')}`;
  return `${when(s.receivedAt)}, ${s.onTime ? 'op tijd' : 'te laat'}${s.version ? ` (versie ${s.version})` : ''}; ${missing}`;
}

function outcome(p: ProviderView) {
  const latest = p.announcements.at(-1);
  if (!latest) return s(p.submission?.regions);
  return latest.outcome.map((r) => `${r.name}: ${r.selected ? 'gegund' : 'niet gegund'}`).join('; ');
}

const s = (regions: string[] | null | undefined) => (regions ? regions.join(', ') : '—');

export function Providers({ cycleId }: { cycleId: string }) {
  const { data, error } = useLoad(() => cycleProviders(cycleId), [cycleId]);
  if (error) return <Failure error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>Aanbieders</h1>
      {data.length === 0 ? (
        <p>Er zijn nog geen aanbieders geregistreerd.</p>
      ) : (
        <table>
          <caption>
            {data.length} aanbieder(s) in {cycleId}
          </caption>
          <TableHead
            columns={[
              'Aanbieder',
              'Status',
              'Vragen',
              'Inschrijving',
              "Regio's en uitkomst",
              'Bezwaar',
              'Overeenkomst',
            ]}
          />
          <tbody>
            {data.map((p) => (
              <tr key={p.provider.id}>
                <th scope="row">
                  <Link to={`/cycli/${enc(cycleId)}/aanbieders/${enc(p.provider.id)}`}>
                    {p.provider.name}
                  </Link>
                  <br />
                  <span class="muted">{p.provider.email}</span>
                </th>
                <td>{STATUS_NAMES[p.status]}</td>
                <td>{p.questions.length}</td>
                <td>{submission(p)}</td>
                <td>{outcome(p)}</td>
                <td>
                  {p.objections.length === 0
                    ? '—'
                    : p.objections.map((o) => `${o.number}: ${o.answer ? 'beantwoord' : 'open'}`).join('; ')}
                </td>
                <td>
                  {p.contract
                    ? p.contract.signedAt
                      ? `getekend ${when(p.contract.signedAt)}`
                      : `verstuurd, niet getekend (uiterlijk ${when(p.contract.signBefore, 'deadline')})`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
