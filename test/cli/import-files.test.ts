/**
 * The import files and options added for the officers, wrong in every way they can be: each refused before anything is
 * sent, naming the file, the row and the rule.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readProductionFile } from '../../cli/commands/production';
import { readProvidersFile } from '../../cli/commands/providers';
import { InputError } from '../../cli/config-file';
import { buildProgram, reportFailure } from '../../cli/main';

const dir = mkdtempSync(path.join(tmpdir(), 'oco-import-files-'));
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};
const problemsOf = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('accepted');
};

test('a production file that is no table, empty, or broken CSV is refused as a whole', () => {
  expect(problemsOf(() => readProductionFile(path.join(dir, 'missing.csv')))).toEqual([
    { path: '', message: 'cannot read the production: no such file' },
  ]);
  expect(problemsOf(() => readProductionFile(file('empty.csv', 'provider;region;month;hours\n')))).toEqual([
    { path: '', message: 'holds no rows' },
  ]);
  expect(problemsOf(() => readProductionFile(file('object.json', '{"provider": "a"}')))).toEqual([
    { path: '', message: 'must be a list of rows (or a .csv file)' },
  ]);
  const [broken] = problemsOf(() =>
    readProductionFile(file('broken.csv', 'provider;region;month;hours\na;Utrecht;2027-01;1;extra\n')),
  );
  expect(broken?.message).toMatch(/^is not valid CSV: .*line 2/);
  expect(
    problemsOf(() =>
      readProductionFile(
        file(
          'rows.json',
          JSON.stringify([{ provider: 'a', region: 'Utrecht', month: '2027-13', hours: -1 }]),
        ),
      ),
    ).map((p) => p.path),
  ).toEqual(['[0] month', '[0] hours']);
});

test('a provider list with a bad row, an id or an address twice, is refused by line', () => {
  const list = file(
    'aanbieders.csv',
    [
      'id,name,email,consortium',
      'a,Stichting a,a@aanbieder.example.nl,misschien',
      'b,Stichting b,B@aanbieder.example.nl,ja',
      'b,Stichting b2,b2@aanbieder.example.nl,nee',
      'c,Stichting c,b@aanbieder.example.nl,',
    ].join('\n'),
  );
  expect(problemsOf(() => readProvidersFile(list))).toEqual([
    { path: 'line 2 consortium', message: expect.stringMatching(/boolean/) },
    { path: 'line 4 id', message: 'b is already on line 3' },
    { path: 'line 5 email', message: 'b@aanbieder.example.nl is already on line 3' },
  ]);
});

test('options out of range are usage errors (exit 2), before any connection is made', async () => {
  const run = async (...args: string[]) => {
    const errors: string[] = [];
    const program = buildProgram();
    program.configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => undefined });
    for (const command of program.commands)
      command.configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => undefined });
    const code = await program.parseAsync(['node', 'oco', ...args]).then(() => 0, reportFailure);
    return { code, errors: errors.join('') };
  };
  const production = await run('production', 'import', '--cycle', 'x', '--file', 'f.csv', '--parallel', '0');
  expect(production.code).toBe(2);
  const start = await run('start', '--config', 'c.yaml', '--inbound-port', '70000');
  expect([start.code, start.errors]).toEqual([2, expect.stringContaining('must be a port 1-65535')]);
});
