/** `oco timeline` as a user runs it: the built command in a child process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE_2024 = path.join(ROOT, 'examples', 'zk-2024-2025.yaml');

function oco(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'oco.js'), ...args], {
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('prints the policy dates as a readable table', () => {
  const { code, stdout, stderr } = oco('timeline', '--config', EXAMPLE_2024);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^objectionDeadline\s+Fri 2023-09-29 24:00 \+02:00\s+2023-09-29T22:00:00\.000Z$/m);
  expect(stdout).toMatch(/^kortGedingDeadline\s+Sun 2023-10-29 24:00 \+01:00\s+2023-10-29T23:00:00\.000Z$/m);
  expect(stdout).toContain('! falls on Saturday 17 June 2023, not a working day (Saturday)');
});

test('--json prints every milestone in time order with UTC instants', () => {
  const { code, stdout } = oco('timeline', '--config', EXAMPLE_2024, '--json');
  expect(code).toBe(0);
  const { milestones } = JSON.parse(stdout) as {
    milestones: { key: string; at: string; local: string; warnings: string[] }[];
  };
  expect(milestones).toHaveLength(12);
  for (const m of milestones) {
    expect(m.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Array.isArray(m.warnings)).toBe(true);
  }
  const times = milestones.map((m) => Date.parse(m.at));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  expect(milestones.find((m) => m.key === 'kortGedingDeadline')).toMatchObject({
    at: '2023-10-29T23:00:00.000Z',
    local: '2023-10-30T00:00:00.000+01:00',
  });
});

test('a wrong file gets every problem with its path, exit code 2 and no stack trace', () => {
  const { code, stdout, stderr } = oco(
    'timeline',
    '--config',
    path.join(ROOT, 'test', 'fixtures', 'bad-config.yaml'),
  );
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toContain('invalid cycle configuration (');
  for (const line of [
    'id: must be lower-case letters and digits joined by single hyphens',
    'wlzUitvoerder.email: must be an e-mail address, got "oco-at-vgz.nl"',
    'schedule.submissionDeadline: must lie before contract.start (2027-01-01), got 2027-07-31T17:00',
    'schedule.assessmentStart: must lie after schedule.submissionDeadline (2027-07-31T17:00), got 2026-08-03T09:00',
    'regions[1].maxProviders: must be at least 1, got 0',
    'regions[1].name: must be unique: "nijmegen" is already regions[0]',
    'tariff.hourlyRate: must not be negative (an amount in euros), got -1',
    'tariff.provisonal: unknown field (did you mean provisional?)',
  ]) {
    expect(stderr).toContain(line);
  }
  expect(stderr).not.toMatch(/^\s+at /m);
});

test('a missing file, a syntax error and a missing option are clear errors with exit code 2', () => {
  const missing = oco('timeline', '--config', '/nonexistent/cycle.yaml');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('/nonexistent/cycle.yaml: invalid cycle configuration (1 problem):');
  expect(missing.stderr).toContain('cannot read the cycle configuration: no such file');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'oco-cli-'));
  const broken = path.join(dir, 'broken.json');
  writeFileSync(broken, '{ "id": "x", }');
  const syntax = oco('timeline', '--config', broken);
  expect(syntax.code).toBe(2);
  expect(syntax.stderr).toContain('is not valid JSON');
  expect(syntax.stderr).not.toMatch(/^\s+at /m);

  const noOption = oco('timeline');
  expect(noOption.code).toBe(2);
  expect(noOption.stderr).toContain("required option '-c, --config <file>' not specified");
});
