import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.__OCO_TEST_SERVERS__ ?? []).map((server) => server.teardown()));
  if (globalThis.__OCO_TEST_BUNDLE__) rmSync(globalThis.__OCO_TEST_BUNDLE__, { force: true });
}
