/**
 * Start a cycle: the officer opens a configuration file (YAML or JSON, as `oco cycle start` reads it) or pastes it,
 * and the server checks it whole. Every problem is listed with its field; a running cycle with this id is resumed.
 */
import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../api';
import { useAction } from '../components/actions';
import { Done, Failure } from '../components/feedback';
import { Link } from '../components/link';

interface Started {
  cycleId: string;
  state: 'started' | 'running';
  differences: string[];
}

async function readConfig(text: string): Promise<Record<string, unknown>> {
  const { parse } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new ApiFailure(
      400,
      'invalid',
      `De configuratie is geen geldige YAML of JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ApiFailure(
      400,
      'invalid',
      'De configuratie moet een object zijn (velden als id, schedule, regions).',
    );
  return value as Record<string, unknown>;
}

export function StartCycle() {
  const [text, setText] = useState('');
  const start = useAction(async () => api<Started>('POST', '/cycles', await readConfig(text)));
  return (
    <>
      <h1>Nieuwe cyclus starten</h1>
      <p>
        Open het configuratiebestand van de cyclus (YAML of JSON) of plak het hieronder. De server controleert
        het geheel; een cyclus die al loopt wordt hervat, niet opnieuw gestart.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void start.act();
        }}
      >
        <label for="config-file">Configuratiebestand</label>
        <input
          id="config-file"
          type="file"
          accept=".yaml,.yml,.json,application/json,text/yaml"
          onChange={async (event) => {
            const file = event.currentTarget.files?.[0];
            if (file) setText(await file.text());
          }}
        />
        <label for="config-text">Configuratie</label>
        <textarea
          id="config-text"
          rows={16}
          required
          spellcheck={false}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" disabled={start.busy}>
          Cyclus starten
        </button>
      </form>
      {start.error && <Failure error={start.error} title="De cyclus is niet gestart" />}
      {start.result && (
        <Done>
          <p>
            Cyclus <strong>{start.result.cycleId}</strong>{' '}
            {start.result.state === 'started' ? 'is gestart.' : 'liep al en is hervat.'}{' '}
            <Link to={`/cycli/${encodeURIComponent(start.result.cycleId)}`}>Naar de tijdlijn</Link>
          </p>
          {start.result.differences.length > 0 && (
            <>
              <p>De lopende cyclus wijkt af van dit bestand:</p>
              <ul>
                {start.result.differences.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </>
          )}
        </Done>
      )}
    </>
  );
}
