/**
 * What `oco audit` prints for an entry: what a caller wrote (a path, a label, an error's reason) reaches the terminal
 * with its control characters escaped as \uXXXX, so an escape sequence in the log cannot recolour, move the cursor,
 * hide or reorder a line; and a line that stands for many refused attempts says how many, until when, with which
 * tokens and on which routes, from where.
 */
import type { AuditEntry } from '../../api/audit/entry';
import { auditLine, escapeControls } from '../../cli/commands/audit';

const hostile: AuditEntry = {
  at: '2030-01-01T10:00:00.000Z',
  requestId: 'r-1',
  channel: 'api',
  who: { tokenId: 'abcdefabcdef', verified: true, role: 'officer', label: 'M. \u001b[8mverborgen\u001b[0m' },
  what: { action: 'nvi.publish', method: 'POST', route: '/cycles/:cycleId/nvi', path: '/cycles/x\r\n/nvi' },
  outcome: {
    ok: false,
    status: 409,
    error: 'refused',
    reason: 'regio \u202eUtrecht\u009b2J\u0007 bestaat niet',
  },
  remoteAddress: '127.0.0.1',
};

test('control characters from the log are printed escaped, the rest as it is', () => {
  const line = auditLine(hostile);
  expect(line).toBe(
    '2030-01-01T10:00:00.000Z  nvi.publish  officer "M. \\u001b[8mverborgen\\u001b[0m" [abcdefabcdef]  ' +
      'POST /cycles/x\\u000d\\u000a/nvi  409 refused: regio \\u202eUtrecht\\u009b2J\\u0007 bestaat niet',
  );
  // Nothing a terminal acts on is left.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be absent
  expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  expect(escapeControls('Zorg & Welzijn — één regel')).toBe('Zorg & Welzijn — één regel');
  expect(escapeControls('\u0000\u007f\u2028\u2066')).toBe('\\u0000\\u007f\\u2028\\u2066');
});

test('a line for repeated refusals: the count, until when, the tokens and routes', () => {
  const line = auditLine({
    at: '2030-01-01T10:00:00.000Z',
    requestId: 'r-2',
    channel: 'api',
    who: { tokenId: null, verified: false },
    what: {
      action: 'refused.repeated',
      fields: { routes: ['POST /cycles/:cycleId/nvi'], tokenIds: ['aaaaaaaaaaaa', '-'] },
    },
    outcome: { ok: false, status: 401, error: 'unauthorized' },
    remoteAddress: '203.0.113.7',
    repeated: { count: 57, until: '2030-01-01T10:00:59.000Z' },
  });
  expect(line).toBe(
    '2030-01-01T10:00:00.000Z  refused.repeated  401 unauthorized  57 times until 2030-01-01T10:00:59.000Z; ' +
      'from 203.0.113.7; tokens aaaaaaaaaaaa, none; routes POST /cycles/:cycleId/nvi',
  );
});
