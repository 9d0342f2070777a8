/**
 * A real HTTP request through node:http, for what fetch does not offer: a chosen local address (another caller on
 * this machine: 127.0.0.2 is loopback too), and a hook once the whole request went out (to hang up before the answer).
 * Each request has a connection of its own.
 */
import { request as httpRequest } from 'node:http';

export interface RawOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** The address the request comes from, e.g. 127.0.0.2. */
  localAddress?: string;
  signal?: AbortSignal;
  /** Called once the whole request was handed to the connection, with the connection's local port. */
  onSent?: (localPort: number) => void;
}

export interface RawAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, read by tests field by field
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

export function rawRequest(
  base: string,
  method: string,
  path: string,
  options: RawOptions = {},
): Promise<RawAnswer> {
  const url = new URL(path, base);
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers });
        });
      },
    );
    request.on('error', reject);
    request.end(payload, () => options.onSent?.(request.socket?.localPort ?? 0));
  });
}
