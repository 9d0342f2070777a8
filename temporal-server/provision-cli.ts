/**
 * `npm run provision`: obtains both Temporal servers (and GreenMail, for the mail tests) into the cache and prints where they are and how long it took.
 * Run by .ci/run before the tests, so the first test does not pay for a Go build.
 */
import { provisionGreenMail } from '../mail/greenmail';
import { type Provisioned, provisionDevServer, provisionTestServer } from './provision';

function describe(p: Provisioned, seconds: number): string {
  const where =
    p.source === 'sdk-download' ? `not found (${p.attempts.join('; ')})` : `${p.path} (${p.source})`;
  return `${p.kind}: ${where} in ${seconds.toFixed(1)} s`;
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(`  ${line}`);
  let failed = false;
  for (const provision of [provisionTestServer, provisionDevServer]) {
    const started = process.hrtime.bigint();
    const result = await provision({ log });
    console.log(describe(result, Number(process.hrtime.bigint() - started) / 1e9));
    if (result.source === 'sdk-download') failed = true;
  }
  // GreenMail, the SMTP and IMAP server of the inbound-mail tests: fetched once here, not by two test files at once.
  const started = process.hrtime.bigint();
  try {
    const jar = await provisionGreenMail(log);
    console.log(`greenmail: ${jar} in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  } catch (error) {
    console.error(`greenmail: not provisioned: ${(error as Error).message}`);
    failed = true;
  }
  if (failed) {
    console.error(
      'Some server could not be provisioned locally; the SDK download will be tried at start (needs internet).',
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
