/**
 * One incoming e-mail, from its raw bytes and the moment it reached the mailbox to its place in the procedure:
 *
 * 1. Read twice (a re-poll, a restart)? Its Message-ID is in the ledger: nothing is done again.
 * 2. The whole message is kept in the attachment store, then its attachments (within the size limits; a message
 *    over a limit is kept whole and goes to triage, never dropped).
 * 3. Routed (domain/mail-routing.ts) and sent to the provider's workflow as the Update its kind names, stamped with
 *    the mailbox's receipt time, not the time we read it; the Update's id comes from the Message-ID. The workflow
 *    sends the receipt.
 * 4. What cannot be routed with certainty, or what the workflow refuses, goes to the triage queue; the sender is told
 *    it was received and when (inboundReceived), if its address is one, and the officer routes it later
 *    (routeTriageItem).
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { z } from 'zod';
import { FilesRefusedError, type ReceivedFile, receiveFiles } from '../attachments/intake';
import type { AttachmentStore } from '../attachments/store';
import { InputRefusedError, providerInputs } from '../client/inputs';
import type { AttachmentLimits } from '../domain/attachment-limits';
import type { CycleConfig } from '../domain/config';
import { documentKindOf, type MailKind, type Route, regionsNamed, routeMail } from '../domain/mail-routing';
import { routingOf } from '../mail/message-id';
import type { SignedReceipt } from '../mail/receipt';
import { truncate } from '../support/text';
import { calendarOf, mailBase } from '../workflows/outbox';
import type { ProviderDirectory } from './directory';
import type { InboundEntry, InboundLedger } from './ledger';

export interface InboundDependencies {
  client: Client;
  store: AttachmentStore;
  limits: AttachmentLimits;
  ledger: InboundLedger;
  directory: ProviderDirectory;
  /** Sends the acknowledgment of a message that went to triage (the e-mail activities' sendEmail). */
  acknowledge(input: { config: CycleConfig; to: string; entry: InboundEntry; note?: string }): Promise<void>;
}

const addressOf = (field: AddressObject | AddressObject[] | undefined): string =>
  ([field].flat()[0]?.value[0]?.address ?? '').toLowerCase();

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Which of our messages it answers: In-Reply-To and References. */
function answersOf(mail: ParsedMail): string[] {
  return [mail.inReplyTo ?? '', ...[mail.references ?? []].flat()].filter(Boolean);
}

/** The Update's id: one per message, so a second delivery of the same Update is applied once by the server. */
export const updateIdOf = (messageId: string) => `mail-${sha256(Buffer.from(messageId)).slice(0, 32)}`;

export async function takeIn(
  raw: Buffer,
  reachedMailboxAt: Date,
  deps: InboundDependencies,
): Promise<InboundEntry> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw);
  } catch (error) {
    return takeInUnreadable(raw, reachedMailboxAt, deps, (error as Error).message);
  }
  const messageId = mail.messageId ?? `<sha256.${sha256(raw)}@geen-message-id>`;
  const known = deps.ledger.get(messageId);
  if (known) return known;

  const rawStored = await deps.store.put(raw);
  const from = addressOf(mail.from);
  const subject = truncate(mail.subject ?? '', 500);
  const base = {
    messageId,
    receivedAt: reachedMailboxAt.toISOString(),
    from,
    subject,
    rawSha256: rawStored.sha256,
  };
  let files: ReceivedFile[] = [];
  let route: Route;
  try {
    files = await receiveFiles(
      deps.store,
      // mailparser gives `false`, not a string, for an empty Content-Type or file name.
      mail.attachments.map((a) => ({
        name: typeof a.filename === 'string' ? a.filename : 'bijlage',
        declaredType: typeof a.contentType === 'string' ? a.contentType : undefined,
        content: a.content,
      })),
      deps.limits,
    );
    const directory = await deps.directory.read();
    route = routeMail(
      { from, subject, text: mail.text ?? '', answers: answersOf(mail) },
      { providers: directory.providers, regions: directory.regions, tokenOf: routingOf },
    );
  } catch (error) {
    if (!(error instanceof FilesRefusedError)) throw error;
    route = { routed: false, reason: `attachments over a limit: ${error.message}` };
  }

  if (route.routed) {
    try {
      const receipt = await sendRouted(deps, route.cycleId, route.providerId, route.kind, {
        text: mail.text ?? subject,
        files,
        regions: route.regions,
        at: reachedMailboxAt,
        updateId: updateIdOf(messageId),
      });
      return deps.ledger.add({
        ...base,
        files,
        outcome: 'routed',
        cycleId: route.cycleId,
        providerId: route.providerId,
        kind: route.kind,
        receiptCode: receipt.code,
      });
    } catch (error) {
      if (!(error instanceof InputRefusedError)) throw error;
      route = {
        routed: false,
        reason: `refused by the procedure: ${error.message}`,
        cycleId: route.cycleId,
        providerId: route.providerId,
      };
    }
  }
  const triage: Omit<InboundEntry, 'triage'> = {
    ...base,
    files,
    outcome: 'triage',
    reason: route.reason ?? 'not routed',
    ...(route.cycleId ? { cycleId: route.cycleId } : {}),
    ...(route.providerId ? { providerId: route.providerId } : {}),
  };
  // The acknowledgment before the record: if sending fails the message is read again and acknowledged then (with the
  // same Message-ID, so a second attempt never looks like a new message); once recorded it is not read again.
  const directory = await deps.directory.read();
  const config = directory.configs[route.cycleId ?? ''] ?? Object.values(directory.configs)[0];
  if (config && replyable(from))
    try {
      await deps.acknowledge({ config, to: from, entry: triage });
    } catch (error) {
      // An acknowledgment that can never go out (the mail server refused the address for good, or the message cannot
      // be made) must not keep the message out of triage; a temporary failure is tried again with the message.
      if (!(error instanceof ApplicationFailure && error.nonRetryable)) throw error;
      triage.reason = `${triage.reason}; not acknowledged: ${error.message}`;
    }
  const entry = deps.ledger.add(triage);
  return entry;
}

/** A sender's address an acknowledgment can go to: one that is not an address (too long, malformed) gets none. */
function replyable(address: string): boolean {
  return address.length <= 254 && z.email().safeParse(address).success;
}

/**
 * A message the parser refuses (a header over its size limit, say): kept whole and put in triage with the reason, so
 * it is not tried again and again; who sent it is not known, so no acknowledgment goes out.
 */
async function takeInUnreadable(
  raw: Buffer,
  reachedMailboxAt: Date,
  deps: Pick<InboundDependencies, 'store' | 'ledger'>,
  why: string,
): Promise<InboundEntry> {
  const messageId = `<sha256.${sha256(raw)}@onleesbaar>`;
  const known = deps.ledger.get(messageId);
  if (known) return known;
  const rawStored = await deps.store.put(raw);
  return deps.ledger.add({
    messageId,
    receivedAt: reachedMailboxAt.toISOString(),
    from: '',
    subject: '',
    rawSha256: rawStored.sha256,
    files: [],
    outcome: 'triage',
    reason: `the message cannot be read as an e-mail (${truncate(why, 200)}); kept as received`,
  });
}

/** The Update a kind of message becomes, stamped with the mailbox's receipt time. */
async function sendRouted(
  deps: Pick<InboundDependencies, 'client'>,
  cycleId: string,
  providerId: string,
  kind: MailKind,
  content: { text: string; files: ReceivedFile[]; regions: string[]; at: Date; updateId: string },
): Promise<SignedReceipt> {
  const inputs = providerInputs(deps.client, cycleId, providerId, () => content.at, {
    updateId: content.updateId,
  });
  const documents = content.files.map((f) => ({
    kind: documentKindOf(f.name),
    name: f.name,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    mediaType: f.mediaType,
    ...(f.textLayer ? { textLayer: f.textLayer } : {}),
  }));
  const text = truncate(content.text.trim(), 20_000) || '(geen tekst)';
  switch (kind) {
    case 'question':
      return inputs.askQuestion(text);
    case 'submission':
      return inputs.submit({ regions: content.regions, documents });
    case 'supplement':
      return inputs.supplement(documents);
    case 'withdrawal':
      return inputs.withdraw(truncate(text, 5_000));
    case 'objection':
      return inputs.object({
        text,
        files: content.files.map((f) => ({
          name: f.name,
          sizeBytes: f.sizeBytes,
          sha256: f.sha256,
          type: f.mediaType,
        })),
      });
  }
}

/**
 * The officer routes a triage item: to a provider of a cycle, as a kind (and for a submission, the regions, if the
 * message does not name them). The input is stamped with the time the message reached the mailbox.
 */
export async function routeTriageItem(
  deps: Pick<InboundDependencies, 'client' | 'ledger' | 'store' | 'directory'>,
  id: number,
  choice: { cycleId: string; providerId: string; kind: MailKind; regions?: string[]; by: string },
  now: Date = new Date(),
): Promise<SignedReceipt> {
  const item = deps.ledger.triageItem(id);
  if (!item) throw new InputRefusedError(`id: there is no triage item ${id}`, 'refused', [], true);
  if (item.triage?.state === 'routed')
    throw new InputRefusedError(
      `id: triage item ${id} was already routed by ${item.triage.routedBy} at ${item.triage.routedAt}`,
      'refused',
    );
  const raw = await deps.store.get(item.rawSha256);
  // A message the parser refused on arrival is routed with its subject (none) as its text.
  const mail = raw ? await simpleParser(raw).catch(() => undefined) : undefined;
  const text = mail?.text ?? item.subject;
  const directory = await deps.directory.read();
  const regions =
    choice.regions ??
    (choice.kind === 'submission'
      ? regionsNamed(`${item.subject}\n${text}`, directory.regions[choice.cycleId] ?? [])
      : []);
  if (choice.kind === 'submission' && regions.length === 0)
    throw new InputRefusedError('regions: the message names no region of the cycle; name them', 'invalid', [
      { path: 'regions', message: 'the message names no region of the cycle; name them' },
    ]);
  const receipt = await sendRouted(deps, choice.cycleId, choice.providerId, choice.kind, {
    text,
    files: item.files,
    regions,
    at: new Date(item.receivedAt),
    updateId: updateIdOf(item.messageId),
  });
  deps.ledger.markRouted(id, {
    by: choice.by,
    at: now.toISOString(),
    cycleId: choice.cycleId,
    providerId: choice.providerId,
    kind: choice.kind,
    receiptCode: receipt.code,
  });
  return receipt;
}

/** Whom the acknowledgment of a message is about in its business event (and so in the outbox journal). */
export const acknowledgmentAbout = (messageId: string) =>
  `inbound-${sha256(Buffer.from(messageId)).slice(0, 24)}`;

/** The acknowledgment of a triage item, through the e-mail activities' sendEmail (same Message-ID on a retry). */
export function acknowledgmentOf(input: {
  config: CycleConfig;
  to: string;
  entry: InboundEntry;
  note?: string;
}) {
  const { config, entry } = input;
  return {
    event: {
      cycleId: config.id,
      providerId: acknowledgmentAbout(entry.messageId),
      kind: 'inboundReceived' as const,
      sequence: 1,
    },
    to: [input.to],
    data: {
      ...mailBase(config, input.to),
      receivedAt: entry.receivedAt,
      originalSubject: entry.subject || '(geen onderwerp)',
      files: entry.files.map((f) => ({ name: f.name, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
      ...(input.note ? { note: input.note } : {}),
    },
    inReplyTo: [entry.messageId],
    reportTo: config.wlzUitvoerder.email,
    calendar: calendarOf(config),
  };
}
