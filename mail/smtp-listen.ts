/** What our two SMTP servers (the sink in mailbox-server.ts, the inbound listener) share with smtp-server. */
import type { SMTPServer } from 'smtp-server';

/** An SMTP reply for smtp-server's callbacks: responseCode 4xx is temporary, 5xx permanent. */
export function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Listens on host:port (0: any free port); resolves with the port it got. */
export async function listenSmtp(server: SMTPServer, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.server.address();
  return typeof address === 'object' && address ? address.port : port;
}
