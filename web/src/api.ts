/**
 * The dashboard's only way to the server: the same HTTP API as every other client, with the signed-in user's bearer
 * token. An error answer keeps the API's code and its problems by field, so a form can show each beside its field.
 */
import { token } from './session';

export interface Problem {
  path: string;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/** What the user reads for an answer that is not JSON (a proxy error page, a dropped connection). */
function unreadable(status: number): ApiFailure {
  return new ApiFailure(status, 'unreadable', `De server gaf een onleesbaar antwoord (HTTP ${status}).`);
}

async function send(method: string, path: string, body?: unknown, bearer = token()): Promise<Response> {
  const headers: Record<string, string> = {};
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiFailure(0, 'offline', 'De server is niet bereikbaar. Probeer het opnieuw.');
  }
}

export async function api<T>(method: string, path: string, body?: unknown, bearer?: string): Promise<T> {
  return answerOf<T>(await send(method, path, body, bearer));
}

/** The JSON of a successful answer, or the API's error (code, message, problems by field) thrown. */
async function answerOf<T>(response: Response): Promise<T> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    throw unreadable(response.status);
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; problems?: Problem[] } } | null)
      ?.error;
    if (!error) throw unreadable(response.status);
    throw new ApiFailure(response.status, error.code ?? 'error', error.message ?? '', error.problems ?? []);
  }
  return parsed as T;
}

/** A file from the API (the calendar), as the browser downloads it. */
export async function download(path: string, filename: string): Promise<void> {
  const response = await send('GET', path);
  if (!response.ok) return void (await answerOf(response));
  saveBlob(await response.blob(), filename);
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const enc = encodeURIComponent;
