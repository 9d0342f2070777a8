/**
 * A URL as it may be printed or logged: its password replaced by ***, and the value of any query parameter named like
 * a secret (pass, secret, token, key, auth); the user, host and port stay, so one can still see where it points.
 *
 * A mistyped URL loses more, never less: one without "//" (`smtp:oco:pw@host`, `smtp:/oco:pw@host`) parses as a
 * URL without a host whose path holds the user and password, and text that does not parse at all may be anything;
 * both lose everything between the scheme (or the start) and the last "@".
 */
const SECRET_NAME = /pass|secret|token|key|auth/i;

/** A scheme as text starts with it: "smtp:", "smtps:". */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    if (/\/\/\S*@/.test(text)) return text.replace(/\/\/\S*@/, '//***@');
    return withoutUserInfo(text);
  }
  // No host: whatever stands before an "@" was meant as user and password.
  if (url.host === '') return withoutUserInfo(text);
  if (url.password) url.password = '***';
  for (const name of [...url.searchParams.keys()])
    if (SECRET_NAME.test(name)) url.searchParams.set(name, '***');
  return url.toString();
}

/** Everything between the scheme (or the start) and the last "@" replaced by ***; text without "@" as it is. */
function withoutUserInfo(text: string): string {
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const scheme = SCHEME.exec(text)?.[0] ?? '';
  return `${scheme}***${text.slice(at)}`;
}
