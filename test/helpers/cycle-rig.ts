/**
 * A whole cycle on the time-skipping server for a test: a real Worker running every workflow and activity, a real
 * SMTP server in the process, the cycle started and its providers registered. Inputs are stamped with the instant
 * the test names (the trusted clock of a receiving side that runs on the server's time).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { createActivities } from '../../activities';
import type { EmailDependencies } from '../../activities/email';
import type { WebsiteDependencies } from '../../activities/website';
import { InputRefusedError, officerActions, providerInputs } from '../../client/inputs';
import type { CycleConfig } from '../../domain/config';
import type { DocumentInput, ProviderRef } from '../../domain/inputs';
import { shiftConfigByYears, yearsToFuture } from '../../domain/shift';
import { cycleWorkflow } from '../../workflows/cycle';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { providerWorkflowId } from '../../workflows/ids';
import { type ProviderView, providerViewQuery } from '../../workflows/provider-api';
import { type MailRig, mailsUntil, startMailRig } from './mail';
import { recordHistory, skipTo, withWorker } from './temporal';

export interface CycleRig {
  env: TestWorkflowEnvironment;
  config: CycleConfig;
  cycle: WorkflowHandle<typeof cycleWorkflow>;
  mail: MailRig;
  /** A provider's inputs, stamped at `atMs` (default: the server's time now). */
  provider(id: string, atMs?: number): Promise<ReturnType<typeof providerInputs>>;
  officer(atMs?: number): Promise<ReturnType<typeof officerActions>>;
  view(id: string): Promise<ProviderView>;
  /** Moves the server clock to `ms`, firing due timers. */
  skipTo(ms: number): Promise<void>;
  /** Waits until the SMTP server holds at least `count` messages matching `filter`, and returns them. */
  mails(filter?: (m: ParsedMail) => boolean, count?: number): Promise<ParsedMail[]>;
  /** Records the history of the cycle, or of a provider's workflow, for the replay test (see recordHistory). */
  record(name: string, providerId?: string): Promise<void>;
}

export const kindOf = (m: ParsedMail) => String(m.headers.get('x-oco-kind') ?? '');
export const toOf = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address)).join(',');

export function provider(id: string, consortium = false): ProviderRef {
  return { id, name: `Stichting ${id}`, email: `${id}@aanbieder.example.nl`, consortium };
}

let fileCounter = 0;
/** A document as the workflow sees it: name, size and a SHA-256 (of stand-in content). */
export function doc(kind: DocumentInput['kind'], issuedOn?: string): DocumentInput {
  fileCounter++;
  return {
    kind,
    name: `${kind}-${fileCounter}.pdf`,
    sizeBytes: 10_000 + fileCounter,
    sha256: fileCounter.toString(16).padStart(64, '0'),
    ...(issuedOn ? { issuedOn } : {}),
  };
}

/** The seven mandatory documents (the consortium declaration only for a consortium), fresh on `issuedOn`. */
export function completeDocuments(issuedOn: string, consortium = false): DocumentInput[] {
  const docs = [
    doc('bestuursverklaring'),
    doc('machtiging'),
    doc('vogRp', issuedOn),
    doc('kvkUittreksel', issuedOn),
    doc('uboRegister', issuedOn),
    doc('onderbouwing'),
  ];
  return consortium ? [...docs, doc('consortiumDeclaration')] : docs;
}

export async function runCycle<T>(
  env: TestWorkflowEnvironment,
  config: CycleConfig,
  providers: ProviderRef[],
  fn: (rig: CycleRig) => Promise<T>,
  website: WebsiteDependencies = {},
  /** Added to the e-mail activities' dependencies (an outbox journal, say). */
  email: Partial<EmailDependencies> = {},
): Promise<T> {
  const mail = await startMailRig();
  const activities = createActivities({
    email: { ...mail.deps, ...email },
    website,
    temporal: { client: env.client },
  });
  const now = () => env.currentTimeMs();
  try {
    return await withWorker(
      env,
      async ({ start }) => {
        const cycle = await start(cycleWorkflow, { workflowId: `cycle-${config.id}`, args: [{ config }] });
        // Wait until the cycle has planned its timeline (its first workflow task ran), then register providers.
        for (let i = 0; i < 200 && (await cycle.query(cycleStatusQuery)).timeline.length === 0; i++)
          await new Promise((resolve) => setTimeout(resolve, 25));
        if (providers.length > 0)
          await officerActions(env.client, config.id, () => new Date()).registerProviders(providers);
        const rig: CycleRig = {
          env,
          config,
          cycle,
          mail,
          async provider(id, atMs) {
            const stamp = atMs ?? (await now());
            return providerInputs(env.client, config.id, id, () => new Date(stamp));
          },
          async officer(atMs) {
            const stamp = atMs ?? (await now());
            return officerActions(env.client, config.id, () => new Date(stamp));
          },
          view: (id) =>
            env.client.workflow.getHandle(providerWorkflowId(config.id, id)).query(providerViewQuery),
          async skipTo(ms) {
            const t0 = Date.now();
            await skipTo(env, ms);
            if (process.env.OCO_TRACE_SKIPS)
              console.log(`skip to ${new Date(ms).toISOString()}: ${Date.now() - t0} ms`);
          },
          record: (name, providerId) =>
            recordHistory(
              env.client,
              providerId ? providerWorkflowId(config.id, providerId) : cycle.workflowId,
              name,
            ),
          mails: (filter = () => true, count = 0) => mailsUntil(mail, filter, count),
        };
        try {
          return await fn(rig);
        } finally {
          await Promise.all(
            providers.map((p) =>
              env.client.workflow
                .getHandle(providerWorkflowId(config.id, p.id))
                .terminate('test finished')
                .catch(() => undefined),
            ),
          );
        }
      },
      activities,
    );
  } finally {
    await mail.stop();
  }
}

const DAY = 24 * 60 * 60_000;

/**
 * A configuration moved by whole 28-year cycles into the server's future, under its own id, with the server's clock
 * a day before its publication; `at` reads a local time of the moved cycle, `y` moves a year of the original.
 */
export async function cycleInFuture(env: TestWorkflowEnvironment, base: CycleConfig, id: string) {
  const years = yearsToFuture(base, await env.currentTimeMs());
  const config: CycleConfig = { ...shiftConfigByYears(base, years), id };
  const at = (local: string) => DateTime.fromISO(local, { zone: config.timezone }).toMillis();
  const y = (year: number) => year + years;
  await skipTo(env, at(config.schedule.publication) - DAY);
  return { config, at, y };
}

/** The refusal an input gets (the test fails if it is accepted). */
export async function refusal(promise: Promise<unknown>): Promise<InputRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputRefusedError);
  return error as InputRefusedError;
}
