/**
 * The second half of a provider's dealings, inside its provider workflow: the officer's assessment per region, the
 * announcement of its outcome, its objections with legal's answers and any kort geding, and its contract up to the
 * signature. Handlers validate with the pure rules in domain/ (assessment, selection, outcome, objection), so a
 * refused input never enters history; this module only keeps the records, sends the messages and says when the
 * workflow must wake next.
 */
import { setHandler } from '@temporalio/workflow';
import {
  type AssessmentInput,
  AssessmentInputSchema,
  type AssessmentRecord,
  refuseAssessment,
  toAssessmentRecord,
} from '../domain/assessment';
import type { CycleConfig } from '../domain/config';
import {
  type ContractSignatureInput,
  ContractSignatureInputSchema,
  contractReminderTimes,
  refuseSignature,
} from '../domain/contract';
import type { ProviderNews } from '../domain/cycle-news';
import type { ProviderRef } from '../domain/inputs';
import { MILESTONE_LABELS_NL } from '../domain/labels';
import { type LegalRow, legalRows } from '../domain/legal-register';
import { startOfLocalDate } from '../domain/local-time';
import {
  answerDue,
  type KortGedingInput,
  KortGedingInputSchema,
  kortGedingTarget,
  kortGedingTerm,
  type ObjectionAnswerInput,
  ObjectionAnswerInputSchema,
  type ObjectionInput,
  ObjectionInputSchema,
  type ObjectionRecord,
  objectionLapsedNl,
  objectionTerm,
  objectionToAnswer,
  refuseKortGeding,
  refuseObjection,
} from '../domain/objection';
import { outcomeChanged, outcomeFor, type RegionOutcome } from '../domain/outcome';
import type { SignedReceiptRecord } from '../domain/provider-dossier';
import { WorkingDayCalendar } from '../domain/working-days';
import type { ReceiptFacts } from '../mail/receipt';
import { mailBase, type Outbox } from './outbox';
import {
  type AnnouncementView,
  answerObjectionUpdate,
  type ContractView,
  fileObjectionUpdate,
  legalRowsQuery,
  recordAssessmentUpdate,
  recordKortGedingUpdate,
  signContractUpdate,
} from './provider-api';
import { accept, parsed, refuse } from './refusals';
import type { Serial } from './serial';

export interface OutcomeDeps {
  provider: ProviderRef;
  outbox: Outbox;
  news: () => ProviderNews | null;
  /** The regions of the submission that counts, or null (none in time, withdrawn). */
  applied: () => readonly string[] | null;
  seal: (facts: Omit<ReceiptFacts, 'cycleId' | 'providerId'>) => Promise<SignedReceiptRecord>;
  /** The provider's inputs that seal a receipt run one at a time (see serial.ts). */
  serial: Serial;
}

export class ProviderOutcome {
  /** Every assessment per region, in order; the last one counts. */
  readonly assessments = new Map<string, AssessmentRecord[]>();
  readonly announcements: AnnouncementView[] = [];
  readonly objections: ObjectionRecord[] = [];
  contract: ContractView | null = null;
  /** Bumped whenever something happens that may change when the workflow must wake. */
  changes = 0;
  private announcing = false;
  private readonly remindersSent = new Set<number>();

  constructor(private readonly deps: OutcomeDeps) {}

  private config(): CycleConfig {
    const news = this.deps.news();
    if (!news) throw new Error('no configuration yet: the cycle has not sent its news');
    return news.config;
  }

  private calendar(): WorkingDayCalendar {
    return new WorkingDayCalendar(this.deps.news()?.holidays ?? []);
  }

  private latestAssessments(): Map<string, AssessmentRecord> {
    return new Map(
      [...this.assessments].map(([region, all]) => [region, all[all.length - 1] as AssessmentRecord]),
    );
  }

  /** The latest announcement that went out, or null. */
  lastSent(): AnnouncementView | null {
    return [...this.announcements].reverse().find((a) => a.sentAt !== null) ?? null;
  }

  install(): void {
    const { provider, outbox } = this.deps;

    setHandler(
      recordAssessmentUpdate,
      (raw) => {
        const input = parsed<AssessmentInput>(AssessmentInputSchema, raw);
        const all = this.assessments.get(input.region) ?? [];
        const record = toAssessmentRecord(this.config(), input, all.length + 1);
        all.push(record);
        this.assessments.set(input.region, all);
        this.changes++;
        return record;
      },
      {
        validator: (raw) => {
          const { value, stampMs } = accept<AssessmentInput>(AssessmentInputSchema, raw);
          refuse(refuseAssessment(this.config(), value, stampMs, this.deps.applied()));
        },
      },
    );

    setHandler(
      fileObjectionUpdate,
      (raw) =>
        this.deps.serial.run(async () => {
          const input = parsed<ObjectionInput>(ObjectionInputSchema, raw);
          const cfg = this.config();
          const announced = this.lastSent() as AnnouncementView;
          const receivedMs = Date.parse(input.receivedAt);
          const termEndsAt = announced.termEndsAt as string;
          const onTime = receivedMs < Date.parse(termEndsAt);
          const record: ObjectionRecord = {
            number: this.objections.length + 1,
            receivedAt: new Date(receivedMs).toISOString(),
            onTime,
            regions: input.regions ?? announced.outcome.filter((r) => !r.selected).map((r) => r.name),
            text: input.text,
            files: input.files,
            termEndsAt,
            receiptCode: null,
            answerDueAt: onTime ? new Date(answerDue(cfg, receivedMs, this.calendar())).toISOString() : null,
            answer: null,
            kortGeding: null,
          };
          if (record.regions.length === 0) record.regions = announced.outcome.map((r) => r.name);
          this.objections.push(record);
          this.changes++;
          const receipt = await this.deps.seal({
            kind: 'objection',
            sequence: record.number,
            receivedAt: record.receivedAt,
            deadline: {
              key: 'objectionDeadline',
              label: MILESTONE_LABELS_NL.objectionDeadline,
              at: termEndsAt,
            },
            onTime,
            files: input.files.map((f) => ({ name: f.name, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
            issues: onTime ? [] : [objectionLapsedNl(cfg)],
          });
          record.receiptCode = receipt.code;
          const base = mailBase(cfg, provider.name);
          if (onTime)
            outbox.send(cfg, 'objectionReceipt', provider.email, {
              ...base,
              receipt,
              objectionAnswerDeadline: record.answerDueAt as string,
            });
          else
            outbox.send(cfg, 'objectionRefused', provider.email, {
              ...base,
              receipt,
              objectionDays: cfg.terms.objectionDays,
            });
          return receipt;
        }),
      {
        validator: (raw) => {
          const { value } = accept<ObjectionInput>(ObjectionInputSchema, raw);
          refuse(refuseObjection(this.lastSent()?.outcome.map((r) => r.name) ?? null, value));
        },
      },
    );

    setHandler(
      answerObjectionUpdate,
      (raw) => {
        const input = parsed<ObjectionAnswerInput>(ObjectionAnswerInputSchema, raw);
        const cfg = this.config();
        const target = objectionToAnswer(this.objections, input.objection);
        if (!target.ok) throw new Error(target.rule); // the validator ran on the same state
        const objection = target.objection;
        const now = Date.now();
        const expected = kortGedingTerm(cfg, now, this.calendar());
        objection.answer = {
          outcome: input.outcome,
          text: input.text,
          recordedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
          sentAt: null,
          kortGedingDeadline: null,
          kortGedingLastDay: null,
          kortGedingWarnings: [],
        };
        this.changes++;
        const answer = objection.answer;
        void outbox
          .deliver(cfg, 'objectionAnswer', provider.email, {
            ...mailBase(cfg, provider.name),
            outcome: input.outcome,
            answer: input.text,
            answeredAt: new Date(now).toISOString(),
            kortGedingDeadline: new Date(expected.endsAt).toISOString(),
            kortGedingDays: cfg.terms.kortGedingDays,
          })
          .then((delivered) => {
            if (!delivered) return;
            // The vervaltermijn runs from the day the answer actually went out.
            const sentAt = Date.now();
            const term = kortGedingTerm(cfg, sentAt, this.calendar());
            answer.sentAt = new Date(sentAt).toISOString();
            answer.kortGedingDeadline = new Date(term.endsAt).toISOString();
            answer.kortGedingLastDay = term.lastDay;
            answer.kortGedingWarnings = term.warnings;
            this.changes++;
            outbox.send(cfg, 'kortGedingRunning', cfg.wlzUitvoerder.legalEmail ?? cfg.wlzUitvoerder.email, {
              ...mailBase(cfg, `Juridische zaken ${cfg.wlzUitvoerder.name}`),
              provider: provider.name,
              answeredAt: answer.sentAt,
              kortGedingDeadline: answer.kortGedingDeadline,
              kortGedingDays: cfg.terms.kortGedingDays,
            });
          });
        return { objection: objection.number, outcome: input.outcome, recordedAt: answer.recordedAt };
      },
      {
        validator: (raw) => {
          const { value } = accept<ObjectionAnswerInput>(ObjectionAnswerInputSchema, raw);
          const target = objectionToAnswer(this.objections, value.objection);
          if (!target.ok) refuse(target.rule);
        },
      },
    );

    setHandler(
      recordKortGedingUpdate,
      (raw) => {
        const input = parsed<KortGedingInput>(KortGedingInputSchema, raw);
        const target = kortGedingTarget(this.objections, input.objection);
        target.kortGeding = {
          court: input.court,
          servedOn: input.servedOn,
          recordedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
          afterTerm: input.servedOn > (target.answer?.kortGedingLastDay ?? input.servedOn),
        };
        this.changes++;
        return { objection: target.number, ...target.kortGeding };
      },
      {
        validator: (raw) => {
          const { value, stampMs } = accept<KortGedingInput>(KortGedingInputSchema, raw);
          refuse(refuseKortGeding(this.config(), this.objections, value, stampMs));
        },
      },
    );

    setHandler(
      signContractUpdate,
      (raw) =>
        this.deps.serial.run(async () => {
          const input = parsed<ContractSignatureInput>(ContractSignatureInputSchema, raw);
          const cfg = this.config();
          const contract = this.contract as ContractView;
          contract.signedAt = new Date(Date.parse(input.receivedAt)).toISOString();
          contract.signedBy = input.by;
          contract.signer = input.signer ?? null;
          this.changes++;
          const receipt = await this.deps.seal({
            kind: 'contractSigned',
            sequence: 1,
            receivedAt: contract.signedAt,
            deadline: {
              key: 'contractSignature',
              label: 'uiterste datum ondertekening overeenkomst',
              at: contract.signBefore,
            },
            onTime: Date.parse(contract.signedAt) < Date.parse(contract.signBefore),
            files: input.file
              ? [{ name: input.file.name, sizeBytes: input.file.sizeBytes, sha256: input.file.sha256 }]
              : [],
            issues: [],
          });
          contract.receiptCode = receipt.code;
          outbox.send(cfg, 'contractSignedReceipt', provider.email, {
            ...mailBase(cfg, provider.name),
            receipt,
            contractStart: cfg.contract.start,
          });
          return receipt;
        }),
      {
        validator: (raw) => {
          const { stampMs } = accept<ContractSignatureInput>(ContractSignatureInputSchema, raw);
          refuse(refuseSignature(this.config(), this.contract, stampMs));
        },
      },
    );

    setHandler(legalRowsQuery, () => this.legalRows());
  }

  legalRows(): LegalRow[] {
    const news = this.deps.news();
    if (!news) return [];
    return legalRows({
      providerId: this.deps.provider.id,
      provider: this.deps.provider.name,
      objections: this.objections,
      zone: news.config.timezone,
      calendar: this.calendar(),
      nowMs: Date.now(),
    });
  }

  /**
   * Acts on the cycle's news and the clock: announces the outcome (again, when an objection changed it), sends the
   * contract and its reminders. Returns the next instant it needs to be woken at (Infinity when none).
   */
  step(now: number): number {
    const news = this.deps.news();
    if (!news) return Number.POSITIVE_INFINITY;
    const cfg = news.config;
    this.announce(news);
    this.dispatchContract(news);
    let next = Number.POSITIVE_INFINITY;
    // Awake when an answer falls due, so the register (a query, on the workflow's clock) shows it overdue at once.
    for (const o of this.objections)
      if (o.answerDueAt && !o.answer && Date.parse(o.answerDueAt) > now)
        next = Math.min(next, Date.parse(o.answerDueAt));
    const contract = this.contract;
    if (contract?.sentAt && !contract.signedAt) {
      const times = contractReminderTimes(cfg, Date.parse(contract.sentAt));
      times.forEach((at, i) => {
        if (this.remindersSent.has(i)) return;
        if (at <= now) {
          this.remindersSent.add(i);
          contract.reminders.push(new Date(now).toISOString());
          this.deps.outbox.send(cfg, 'contractReminder', this.deps.provider.email, {
            ...mailBase(cfg, this.deps.provider.name),
            sentAt: contract.sentAt as string,
            signBefore: contract.signBefore,
            contractStart: cfg.contract.start,
          });
        } else next = Math.min(next, at);
      });
    }
    return next;
  }

  /** How long the workflow must stay open for part 2: through every term still running, and while an objection waits. */
  openUntil(): number {
    const news = this.deps.news();
    if (!news) return 0;
    const ends = [startOfLocalDate(news.config.contract.start, news.config.timezone).toMillis()];
    for (const a of this.announcements) if (a.termEndsAt) ends.push(Date.parse(a.termEndsAt));
    for (const o of this.objections) {
      if (o.onTime && !o.answer?.sentAt) ends.push(Number.POSITIVE_INFINITY);
      if (o.answer?.kortGedingDeadline) ends.push(Date.parse(o.answer.kortGedingDeadline));
    }
    if (this.announcing) ends.push(Number.POSITIVE_INFINITY);
    return Math.max(...ends);
  }

  private announce(news: ProviderNews): void {
    const selection = news.selection;
    const applied = this.deps.applied();
    if (!selection || !applied || this.announcing) return;
    const cfg = news.config;
    const outcome = outcomeFor({
      providerId: this.deps.provider.id,
      applied,
      assessments: this.latestAssessments(),
      decisions: selection.decisions,
      maxProviders: (region) => cfg.regions.find((r) => r.name === region)?.maxProviders ?? 0,
    });
    if (!outcome) return;
    const previous = this.announcements[this.announcements.length - 1];
    if (previous && !outcomeChanged(previous.outcome, outcome)) return;
    this.send(cfg, outcome, previous !== undefined);
  }

  private send(cfg: CycleConfig, outcome: RegionOutcome[], revised: boolean): void {
    const record: AnnouncementView = {
      number: this.announcements.length + 1,
      outcome,
      revised,
      sentAt: null,
      termEndsAt: null,
      termLastDay: null,
      termWarnings: [],
      failed: false,
    };
    this.announcements.push(record);
    this.announcing = true;
    const now = Date.now();
    const expected = objectionTerm(cfg, now, this.calendar());
    const data = {
      ...mailBase(cfg, this.deps.provider.name),
      regions: outcome,
      announcedAt: new Date(now).toISOString(),
      objectionDeadline: new Date(expected.endsAt).toISOString(),
      objectionDays: cfg.terms.objectionDays,
      revised,
    };
    const selected = outcome.some((r) => r.selected);
    const delivery = selected
      ? this.deps.outbox.deliver(cfg, 'selected', this.deps.provider.email, data)
      : this.deps.outbox.deliver(cfg, 'notSelected', this.deps.provider.email, {
          ...data,
          regions: outcome.map((r) => ({ ...r, selected: false as const, reasons: r.reasons ?? [] })),
        });
    void delivery.then((delivered) => {
      this.announcing = false;
      this.changes++;
      if (!delivered) {
        record.failed = true;
        return;
      }
      // The objection term runs from the day the message actually went out, not the planned announcement.
      const sentAt = Date.now();
      const term = objectionTerm(cfg, sentAt, this.calendar());
      record.sentAt = new Date(sentAt).toISOString();
      record.termEndsAt = new Date(term.endsAt).toISOString();
      record.termLastDay = term.lastDay;
      record.termWarnings = term.warnings;
    });
  }

  private dispatchContract(news: ProviderNews): void {
    const notice = news.contracts;
    if (!notice || this.contract) return;
    const announced = this.announcements[this.announcements.length - 1];
    const regions = (announced?.outcome ?? []).filter((r) => r.selected);
    if (regions.length === 0) return;
    const cfg = news.config;
    const start = startOfLocalDate(cfg.contract.start, cfg.timezone);
    const signBefore = start.minus({ days: cfg.contract.escalationDaysBefore }).toUTC().toISO() as string;
    const contract: ContractView = {
      regions: regions.map((r) => ({ name: r.name, ceiling: r.ceiling ?? null })),
      hourlyRate: notice.hourlyRate,
      provisional: notice.provisional,
      start: cfg.contract.start,
      years: cfg.contract.years,
      signBefore,
      sentAt: null,
      signedAt: null,
      signedBy: null,
      signer: null,
      receiptCode: null,
      reminders: [],
    };
    this.contract = contract;
    void this.deps.outbox
      .deliver(cfg, 'contractDispatch', this.deps.provider.email, {
        ...mailBase(cfg, this.deps.provider.name),
        regions: contract.regions,
        contractStart: cfg.contract.start,
        contractYears: cfg.contract.years,
        hourlyRate: notice.hourlyRate,
        tariffProvisional: notice.provisional,
        signBefore,
      })
      .then((delivered) => {
        if (delivered) contract.sentAt = new Date(Date.now()).toISOString();
        this.changes++;
      });
  }
}
