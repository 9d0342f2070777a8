/**
 * A URL as it may be printed or logged: its password replaced by ***, and the value of any query parameter named like
 * a secret (pass, secret, token, key, auth); the user, host and port stay, so one can still see where it points.
 * Text that does not parse as a URL loses everything between "//" and its last "@".
 */
const SECRET_NAME = /pass|secret|token|key|auth/i;

export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text.replace(/\/\/\S*@/, '//***@');
  }
  if (url.password) url.password = '***';
  for (const name of [...url.searchParams.keys()])
    if (SECRET_NAME.test(name)) url.searchParams.set(name, '***');
  return url.toString();
}
