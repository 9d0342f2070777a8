/**
 * Where an incoming e-mail belongs (issue 7; DOMAIN.md "submission rules"). Pure: the mail reader gives the facts of
 * one message and what it knows (the providers by address, the cycle's regions), and gets a route or the reason it
 * cannot route with certainty. What cannot be routed with certainty goes to the officer's triage queue; nothing is
 * guessed.
 *
 * - A reply to one of our messages carries our Message-ID in In-Reply-To/References; ours hold a routing token
 *   (cycle and provider, mail/message-id.ts). It routes only when the sender is that provider's known address.
 * - A new message routes by the sender's address of a known provider (one cycle, one provider) and the subject's
 *   keyword: vraag, inschrijving, aanvulling, bezwaar, intrekking. Exactly one keyword must match.
 * - A submission by e-mail names its regions in the text; each attachment's document kind comes from its file name.
 */
import type { DocumentKind } from './submission-rules';

export const MAIL_KINDS = ['question', 'submission', 'supplement', 'objection', 'withdrawal'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Subject keywords, Dutch, whole words, any case. */
export const SUBJECT_KEYWORDS: Record<MailKind, RegExp> = {
  question: /\b(vraag|vragen)\b/i,
  submission: /\b(inschrijving|inschrijven)\b/i,
  supplement: /\b(aanvulling|aanvullen)\b/i,
  objection: /\b(bezwaar|bezwaarschrift)\b/i,
  withdrawal: /\b(intrekking|intrekken|trek\w* in)\b/i,
};

/** Document kinds by file name, the first match wins; anything else supports the submission (onderbouwing). */
const KIND_BY_NAME: [RegExp, DocumentKind][] = [
  [/bestuursverklaring/i, 'bestuursverklaring'],
  [/machtiging|volmacht/i, 'machtiging'],
  [/\bvog\b|vog[-_ ]?rp|verklaring[-_ ]omtrent[-_ ]gedrag/i, 'vogRp'],
  [/\bkvk\b|kamer[-_ ]van[-_ ]koophandel|handelsregister/i, 'kvkUittreksel'],
  [/\bubo\b|ubo[-_ ]?register/i, 'uboRegister'],
  [/samenwerking|consorti|hoofdelijk/i, 'consortiumDeclaration'],
];

export function documentKindOf(fileName: string): DocumentKind {
  const base = fileName.replace(/\.[A-Za-z0-9]+$/, '').replace(/[_.-]+/g, ' ');
  for (const [pattern, kind] of KIND_BY_NAME) if (pattern.test(base) || pattern.test(fileName)) return kind;
  return 'onderbouwing';
}

export interface KnownProvider {
  cycleId: string;
  providerId: string;
  email: string;
}

export interface MailFacts {
  from: string;
  subject: string;
  text: string;
  /** The Message-IDs this message answers (In-Reply-To and References). */
  answers: readonly string[];
}

export interface RoutingContext {
  providers: readonly KnownProvider[];
  /** Per cycle its regions, to find those a submission names. */
  regions: Readonly<Record<string, readonly string[]>>;
  /** The routing token in one of our Message-IDs, if it is one of ours. */
  tokenOf(messageId: string): { cycleId: string; providerId: string } | null;
}

export type Route =
  | {
      routed: true;
      kind: MailKind;
      cycleId: string;
      providerId: string;
      regions: string[];
      via: 'reply' | 'sender';
    }
  | { routed: false; reason: string; cycleId?: string; providerId?: string };

/** An address as addresses are compared: without surrounding space, in lower case. */
export const normalAddress = (address: string) => address.trim().toLowerCase();

export function kindOfSubject(subject: string): MailKind[] {
  return MAIL_KINDS.filter((kind) => SUBJECT_KEYWORDS[kind].test(subject));
}

/** The cycle's regions named in the text (whole names, any case; "'t Gooi" as written). */
export function regionsNamed(text: string, regions: readonly string[]): string[] {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return regions.filter((region) =>
    new RegExp(`(^|[^\\p{L}])${literal(region)}($|[^\\p{L}])`, 'iu').test(text),
  );
}

export function routeMail(facts: MailFacts, context: RoutingContext): Route {
  const sender = normalAddress(facts.from);
  const kinds = kindOfSubject(facts.subject);
  const byToken = facts.answers.map((id) => context.tokenOf(id)).find((t) => t !== null) ?? null;
  const senders = context.providers.filter((p) => normalAddress(p.email) === sender);

  let target: KnownProvider | undefined;
  let via: 'reply' | 'sender' = 'sender';
  if (byToken) {
    target = context.providers.find(
      (p) => p.cycleId === byToken.cycleId && p.providerId === byToken.providerId,
    );
    if (!target)
      return {
        routed: false,
        reason: `a reply to a message about provider ${byToken.providerId}, who is not known in cycle ${byToken.cycleId}`,
      };
    if (normalAddress(target.email) !== sender)
      return {
        routed: false,
        reason: `a reply to a message for ${target.providerId}, sent from ${sender}, not from its address ${target.email}`,
        cycleId: target.cycleId,
        providerId: target.providerId,
      };
    via = 'reply';
  } else {
    if (senders.length === 0)
      return { routed: false, reason: `the sender ${sender} is not a known provider's address` };
    if (senders.length > 1)
      return {
        routed: false,
        reason: `the sender ${sender} is the address of ${senders.length} registrations (${senders.map((s) => `${s.cycleId}/${s.providerId}`).join(', ')})`,
      };
    target = senders[0] as KnownProvider;
  }
  const where = { cycleId: target.cycleId, providerId: target.providerId };
  if (kinds.length === 0)
    return {
      routed: false,
      reason: 'the subject names none of vraag, inschrijving, aanvulling, bezwaar, intrekking',
      ...where,
    };
  if (kinds.length > 1)
    return { routed: false, reason: `the subject names more than one kind (${kinds.join(', ')})`, ...where };
  const kind = kinds[0] as MailKind;
  const regions =
    kind === 'submission'
      ? regionsNamed(`${facts.subject}\n${facts.text}`, context.regions[target.cycleId] ?? [])
      : [];
  if (kind === 'submission' && regions.length === 0)
    return { routed: false, reason: "a submission that names none of the cycle's regions", ...where };
  return { routed: true, kind, regions, via, ...where };
}
