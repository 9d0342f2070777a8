/**
 * Problems found in input, as people read them: "schedule.submissionDeadline: must lie before contract.start
 * (2027-01-01), got 2027-07-31T17:00". Shared by every boundary that validates with zod.
 */
import type { z } from 'zod';
import { truncate } from '../support/text';

export interface Problem {
  /** Dotted path into the input, with [i] for array items: "regions[2].name". Empty for the whole input. */
  path: string;
  /** The rule that was broken, ideally with what was found. */
  message: string;
}

/** A key as a path shows it: a field name is short, so a longer key (from a record, an unknown field) is cut. */
export function pathKey(key: string): string {
  return truncate(key, 64);
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? pathKey(String(part)) : `.${pathKey(String(part))}`;
  }
  return out;
}

export function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function formatProblem(p: Problem): string {
  return p.path === '' ? p.message : `${p.path}: ${p.message}`;
}

/** A short rendering of a value for messages: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return truncate(text, 60);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${describeValue(value)}`;
}

/**
 * The edit distance of a and b, or `bound + 1` as soon as it is sure to exceed `bound` (the smallest value of a row
 * never decreases in the rows below it): comparing a long key with many candidates stays cheap.
 */
function editDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      smallest = Math.min(smallest, row[j] as number);
      previous = current;
    }
    if (smallest > bound) return bound + 1;
  }
  return row[b.length] as number;
}

/** The known key closest to a misspelt one, if it is close enough to be a likely typo (the first of equals). */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(key.length / 4));
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    // Only a candidate closer than the best so far can take its place.
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}

type KnownKeys = (path: readonly PropertyKey[]) => readonly string[];

/** Turns zod issues into problems; `knownKeys` lets an unknown key suggest the field that was probably meant. */
export function zodProblems(error: z.ZodError, knownKeys?: KnownKeys): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const suggestion = knownKeys ? closestKey(key, knownKeys(issue.path)) : undefined;
          problems.push({
            path: joinPath(path, pathKey(key)),
            message: `unknown field${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
          });
        }
        break;
      case 'invalid_type':
        if (input === undefined) problems.push({ path, message: 'is required' });
        else if (issue.message.startsWith('Invalid input')) {
          problems.push({ path, message: `must be ${article(issue.expected)}, got ${typeName(input)}` });
        } else problems.push({ path, message: `${issue.message}, got ${typeName(input)}` });
        break;
      default:
        problems.push({
          path,
          message:
            input === undefined || issue.message.includes(' got ')
              ? issue.message
              : `${issue.message}, got ${describeValue(input)}`,
        });
    }
  }
  return problems;
}

function article(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    default:
      return `a ${expected}`;
  }
}
