/**
 * One provider's dealings in one cycle: the publication notice, reminders, questions, submission versions,
 * supplements and withdrawal, each input an Update that returns its signed receipt. Keeping them here, one workflow
 * per provider, means no history grows with the number of providers.
 *
 * The workflow keeps its own timers from the configuration the cycle sends it (the cycle's news): publication,
 * reminders and closing. When the news changes (an amended schedule, the NvI, the final tariff) the timers follow
 * and the provider is told.
 *
 * Orchestration only: what is allowed, on time or missing is decided in domain/provider-dossier.ts.
 */
import {
  allHandlersFinished,
  condition,
  patched,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createEmailActivities } from '../activities/email';
import type { AssessmentRecord } from '../domain/assessment';
import type { ProviderNews } from '../domain/cycle-news';
import {
  type DocumentInput,
  type QuestionInput,
  QuestionInputSchema,
  type SubmissionInput,
  SubmissionInputSchema,
  type SupplementInput,
  SupplementInputSchema,
  type WithdrawalInput,
  WithdrawalInputSchema,
} from '../domain/inputs';
import { MILESTONE_LABELS_NL } from '../domain/labels';
import { startOfLocalDate } from '../domain/local-time';
import {
  AFTER_CLOSING_NL,
  currentDocuments,
  deadlineFact,
  documentIssues,
  emptyDossier,
  hasActedOn,
  isBeforeDeadline,
  missingFor,
  providerStatus,
  refuseOutOfOrder,
  refuseQuestion,
  refuseSubmission,
  refuseSupplement,
  refuseWithdrawal,
  type SignedReceiptRecord,
  sealedStatus,
  standingVersion,
  toStored,
  versions,
} from '../domain/provider-dossier';
import { planReminders, REMINDED_DEADLINES } from '../domain/reminders';
import { scheduleInstant } from '../domain/timeline';
import type { ReceiptFacts } from '../mail/receipt';
import { Alarm } from './alarm';
import { mailBase, Outbox } from './outbox';
import {
  askQuestionUpdate,
  cycleNewsSignal,
  type ProviderView,
  type ProviderWorkflowInput,
  providerViewQuery,
  type SubmissionView,
  submitUpdate,
  supplementUpdate,
  withdrawUpdate,
} from './provider-api';
import { ProviderOutcome } from './provider-outcome';
import { accept, parsed, refuse } from './refusals';
import { Serial } from './serial';

/** Providers' workflows started before part 2 of the procedure existed replay without it. */
const PART_TWO = 'provider-part-2';

const { signReceipt } = proxyLocalActivities<ReturnType<typeof createEmailActivities>>({
  startToCloseTimeout: '10 seconds',
});

export async function providerWorkflow({ cycleId, provider }: ProviderWorkflowInput): Promise<ProviderView> {
  // Decided before anything else: the marker is the first command of the first workflow task.
  const partTwo = patched(PART_TWO);
  let news: ProviderNews | null = null;
  let newsVersion = 0;
  const dossier = emptyDossier(provider);
  const outbox = new Outbox(provider.id);
  let opened = false;
  /** Reminder ids already handled (sent or not needed), and what was sent. */
  const remindersHandled = new Set<string>();
  const remindersSent: ProviderView['reminders'] = [];
  let nviSeen = false;
  let tariffSeen = false;
  /**
   * When each reminder first appeared in the plan (its id carries the deadline, so a moved deadline makes new ones).
   * A reminder already due when it first appeared is not sent late; one planned in time is sent even if the worker
   * gets to it late.
   */
  const firstPlanned = new Map<string, number>();

  const config = () => {
    if (!news) throw new Error('no configuration yet: the cycle has not sent its news');
    return news.config;
  };
  const base = () => mailBase(config(), provider.name);

  setHandler(cycleNewsSignal, (incoming) => {
    if (news && incoming.version <= news.version) return;
    news = incoming;
    newsVersion++;
  });

  setHandler(providerViewQuery, () => view());

  async function seal(facts: Omit<ReceiptFacts, 'cycleId' | 'providerId'>): Promise<SignedReceiptRecord> {
    return signReceipt({ ...facts, cycleId, providerId: provider.id });
  }

  const serial = new Serial();
  const outcome = new ProviderOutcome({
    serial,
    provider,
    outbox,
    news: () => news,
    applied: () => standingVersion(dossier)?.record.regions ?? null,
    seal,
  });
  outcome.install();

  const files = (documents: readonly DocumentInput[]) =>
    documents.map((d) => ({ name: d.name, sizeBytes: d.sizeBytes, sha256: d.sha256 }));

  setHandler(
    askQuestionUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<QuestionInput>(QuestionInputSchema, raw);
        const cfg = config();
        const onTime = isBeforeDeadline(cfg, 'questionDeadline', Date.parse(input.receivedAt));
        const record = {
          order: ++dossier.inputs,
          sequence: dossier.questions.length + 1,
          receivedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
          onTime,
          receipt: null as SignedReceiptRecord | null,
          text: input.text,
          answeredAt: null,
          changesDocuments: null,
        };
        dossier.questions.push(record);
        record.receipt = await seal({
          kind: 'question',
          sequence: record.sequence,
          receivedAt: record.receivedAt,
          deadline: deadlineFact(cfg, 'questionDeadline'),
          onTime,
          files: [],
          issues: onTime
            ? []
            : [
                'Ontvangen na de termijn voor vragen: deze vraag wordt niet in de Nota van Inlichtingen opgenomen.',
              ],
        });
        if (onTime)
          outbox.send(cfg, 'questionReceipt', provider.email, {
            ...base(),
            receipt: record.receipt,
            question: input.text,
            nviPublication: scheduleInstant(cfg, 'nviPublication').toUTC().toISO() as string,
          });
        else
          outbox.send(cfg, 'questionLate', provider.email, {
            ...base(),
            receipt: record.receipt,
            question: input.text,
          });
        return record.receipt;
      }),
    {
      validator: (input) => {
        const { stampMs } = accept(QuestionInputSchema, input);
        refuse(refuseOutOfOrder(dossier, stampMs));
        refuse(refuseQuestion(config(), stampMs));
      },
    },
  );

  setHandler(
    submitUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<SubmissionInput>(SubmissionInputSchema, raw);
        const cfg = config();
        const receivedAt = new Date(Date.parse(input.receivedAt)).toISOString();
        const onTime = isBeforeDeadline(cfg, 'submissionDeadline', Date.parse(receivedAt));
        const consortium = input.consortium ?? provider.consortium;
        const record = {
          kind: 'submission' as const,
          order: ++dossier.inputs,
          sequence: dossier.submissions.length + 1,
          receivedAt,
          onTime,
          receipt: null as SignedReceiptRecord | null,
          regions: input.regions,
          documents: toStored(input.documents, receivedAt),
          consortium,
        };
        dossier.submissions.push(record);
        record.receipt = await seal({
          kind: 'submission',
          sequence: record.sequence,
          receivedAt,
          deadline: deadlineFact(cfg, 'submissionDeadline'),
          onTime,
          files: files(input.documents),
          issues: onTime ? documentIssues(record.documents, consortium, cfg) : [AFTER_CLOSING_NL],
        });
        if (onTime)
          outbox.send(cfg, 'submissionReceipt', provider.email, {
            ...base(),
            receipt: record.receipt,
            regions: input.regions,
            version: versions(dossier).length,
            consortium,
          });
        else
          outbox.send(cfg, 'submissionRefused', provider.email, {
            ...base(),
            receipt: record.receipt,
            what: 'inschrijving',
          });
        return record.receipt;
      }),
    {
      validator: (input) => {
        const { value, stampMs } = accept<{ receivedAt: string; regions: string[] }>(
          SubmissionInputSchema,
          input,
        );
        refuse(refuseOutOfOrder(dossier, stampMs));
        refuse(refuseSubmission(config(), value.regions, stampMs));
      },
    },
  );

  setHandler(
    supplementUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<SupplementInput>(SupplementInputSchema, raw);
        const cfg = config();
        const receivedAt = new Date(Date.parse(input.receivedAt)).toISOString();
        // The validator let it in, so it came before the closing, to a standing submission.
        const standing = standingVersion(dossier) as { version: number };
        const record = {
          kind: 'supplement' as const,
          order: ++dossier.inputs,
          sequence: dossier.supplements.length + 1,
          receivedAt,
          onTime: true,
          receipt: null as SignedReceiptRecord | null,
          documents: toStored(input.documents, receivedAt),
          toVersion: standing.version,
        };
        dossier.supplements.push(record);
        record.receipt = await seal({
          kind: 'supplement',
          sequence: record.sequence,
          receivedAt,
          deadline: deadlineFact(cfg, 'submissionDeadline'),
          onTime: true,
          files: files(input.documents),
          issues: missingFor(dossier, cfg),
        });
        outbox.send(cfg, 'supplementReceipt', provider.email, {
          ...base(),
          receipt: record.receipt,
          submissionVersion: record.toVersion,
          documentsAdded: input.documents.length,
        });
        return record.receipt;
      }),
    {
      validator: (input) => {
        const { stampMs } = accept(SupplementInputSchema, input);
        refuse(refuseOutOfOrder(dossier, stampMs));
        refuse(refuseSupplement(dossier, config(), stampMs));
      },
    },
  );

  setHandler(
    withdrawUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<WithdrawalInput>(WithdrawalInputSchema, raw);
        const cfg = config();
        const receivedAt = new Date(Date.parse(input.receivedAt)).toISOString();
        const tariff = news?.tariff;
        const beforeClosing = isBeforeDeadline(cfg, 'submissionDeadline', Date.parse(receivedAt));
        const record = {
          order: ++dossier.inputs,
          sequence: dossier.withdrawals.length + 1,
          receivedAt,
          onTime: true,
          receipt: null as SignedReceiptRecord | null,
          reason: input.reason ?? null,
        };
        dossier.withdrawals.push(record);
        record.receipt = await seal({
          kind: 'withdrawal',
          sequence: record.sequence,
          receivedAt,
          deadline:
            beforeClosing || !tariff
              ? deadlineFact(cfg, 'submissionDeadline')
              : {
                  key: 'withdrawalDeadline',
                  label: MILESTONE_LABELS_NL.withdrawalDeadline,
                  at: tariff.withdrawalDeadline,
                },
          onTime: true,
          files: [],
          issues: [],
        });
        outbox.send(cfg, 'withdrawalReceipt', provider.email, { ...base(), receipt: record.receipt });
        return record.receipt;
      }),
    {
      validator: (input) => {
        const { stampMs } = accept(WithdrawalInputSchema, input);
        refuse(refuseOutOfOrder(dossier, stampMs));
        const current = news;
        if (!current) refuse('the cycle has not been published yet');
        refuse(refuseWithdrawal(dossier, config(), current as ProviderNews, stampMs));
      },
    },
  );

  function view(): ProviderView {
    const cfg = news?.config;
    const standing = standingVersion(dossier);
    const lateOnes = dossier.submissions.filter((s) => !s.onTime);
    const shown = standing?.record ?? lateOnes[lateOnes.length - 1] ?? null;
    let submission: SubmissionView | null = null;
    if (shown && cfg) {
      const documents = shown === standing?.record ? currentDocuments(dossier) : shown.documents;
      submission = {
        version: shown === standing?.record ? standing.version : null,
        receivedAt: shown.receivedAt,
        onTime: shown.onTime,
        receiptCode: shown.receipt?.code ?? null,
        regions: opened ? shown.regions : null,
        documents: opened
          ? documents.map(({ kind, name, sizeBytes, sha256, receivedAt }) => ({
              kind,
              name,
              sizeBytes,
              sha256,
              receivedAt,
            }))
          : null,
        missing: opened
          ? shown === standing?.record
            ? missingFor(dossier, cfg)
            : (shown.receipt?.facts.issues ?? [])
          : null,
      };
    }
    const lastWithdrawal = dossier.withdrawals[dossier.withdrawals.length - 1];
    return {
      cycleId,
      provider,
      // Sealed: before the closing, whether a submission is complete is not shown either.
      status: !cfg ? 'invited' : sealedStatus(providerStatus(dossier, cfg), opened),
      opened,
      questions: dossier.questions.map((q) => ({
        number: q.sequence,
        receivedAt: q.receivedAt,
        onTime: q.onTime,
        receiptCode: q.receipt?.code ?? null,
        text: q.text,
        answeredAt: q.answeredAt,
      })),
      submission,
      history: [...dossier.submissions, ...dossier.supplements]
        .sort((a, b) => a.order - b.order)
        .map((s) => ({
          kind: s.kind,
          sequence: s.sequence,
          receivedAt: s.receivedAt,
          onTime: s.onTime,
          receiptCode: s.receipt?.code ?? null,
        })),
      withdrawnAt: status() === 'withdrawn' ? (lastWithdrawal?.receivedAt ?? null) : null,
      withdrawals: dossier.withdrawals.map((w) => ({
        sequence: w.sequence,
        receivedAt: w.receivedAt,
        receiptCode: w.receipt?.code ?? null,
      })),
      reminders: [...remindersSent],
      deliveryFailures: [...outbox.failures],
      assessments: [...outcome.assessments.values()].map((all) => all[all.length - 1] as AssessmentRecord),
      announcements: outcome.announcements.map((a) => ({ ...a })),
      objections: outcome.objections.map((o) => ({ ...o })),
      contract: outcome.contract ? { ...outcome.contract } : null,
    };
  }

  const status = () => (news ? providerStatus(dossier, news.config) : 'invited');

  /**
   * Acts on what is new in the cycle's news: the questions the NvI answered, the final tariff. (The cycle itself sends
   * the notices that go to every provider: publication, NvI, schedule amendments.)
   */
  function actOnNews(current: ProviderNews): void {
    const cfg = current.config;
    if (current.nvi && !nviSeen) {
      nviSeen = true;
      for (const answer of current.answered) {
        const question = dossier.questions.find((q) => q.sequence === answer.number);
        if (question) {
          question.answeredAt = current.nvi.publishedAt;
          question.changesDocuments = answer.changesDocuments;
        }
      }
    }
    if (current.tariff && !tariffSeen) {
      tariffSeen = true;
      // Only a provider whose submission stands can withdraw it; the others have nothing to decide.
      if (standingVersion(dossier))
        outbox.send(cfg, 'tariffAnnounced', provider.email, {
          ...base(),
          hourlyRate: current.tariff.hourlyRate,
          announcedAt: current.tariff.announcedAt,
          withdrawalDeadline: current.tariff.withdrawalDeadline,
          withdrawalWeeks: cfg.terms.withdrawalWeeks,
        });
    }
  }

  // Nothing happens before the cycle's first news (it comes with the start).
  await condition(() => news !== null);
  let seenVersion = 0;
  const alarm = new Alarm();
  for (;;) {
    const current = news as unknown as ProviderNews;
    const cfg = current.config;
    if (seenVersion !== newsVersion) {
      seenVersion = newsVersion;
      actOnNews(current);
    }
    const now = Date.now();
    const closing = scheduleInstant(cfg, 'submissionDeadline').toMillis();
    // Part 1 of the procedure runs until the contract starts, or until a withdrawal term still open then ends.
    const partOneEnds = Math.max(
      startOfLocalDate(cfg.contract.start, cfg.timezone).toMillis(),
      current.tariff ? Date.parse(current.tariff.withdrawalDeadline) : 0,
    );
    // Part 2 (outcome, objections, contract) keeps the workflow open while a term runs or an objection waits.
    const ends = partTwo ? Math.max(partOneEnds, outcome.openUntil()) : partOneEnds;
    const partTwoWake = partTwo ? outcome.step(now) : Number.POSITIVE_INFINITY;

    const reminders = planReminders(cfg).filter((r) => !remindersHandled.has(r.id));
    for (const reminder of reminders) if (!firstPlanned.has(reminder.id)) firstPlanned.set(reminder.id, now);
    for (const reminder of reminders.filter((r) => r.at <= now)) {
      remindersHandled.add(reminder.id);
      // A reminder planned before the workflow knew of this deadline is not sent late; nor to who already acted.
      if (reminder.at < (firstPlanned.get(reminder.id) as number) || hasActedOn(dossier, reminder.key))
        continue;
      remindersSent.push({
        key: reminder.key,
        daysBefore: reminder.daysBefore,
        sentAt: new Date(now).toISOString(),
      });
      outbox.send(cfg, 'deadlineReminder', provider.email, {
        ...base(),
        milestone: {
          key: reminder.key,
          label: MILESTONE_LABELS_NL[reminder.key],
          at: new Date(reminder.deadlineAt).toISOString(),
        },
        daysBefore: reminder.daysBefore,
        action: REMINDED_DEADLINES[reminder.key],
      });
    }
    if (!opened && now >= closing) opened = true;

    if (now >= ends) break;
    const upcoming = [
      opened ? Number.POSITIVE_INFINITY : closing,
      // No timer for a reminder that will not be sent: who acted on a deadline stays acted.
      ...reminders.filter((r) => r.at > now && !hasActedOn(dossier, r.key)).map((r) => r.at),
      ends,
      partTwoWake,
    ];
    alarm.set(Math.min(...upcoming));
    // New news or a new input (which may make a reminder unneeded) replans in the same activation.
    const seenInputs = dossier.inputs;
    const seenChanges = outcome.changes;
    await condition(
      () =>
        alarm.rang ||
        newsVersion !== seenVersion ||
        dossier.inputs !== seenInputs ||
        outcome.changes !== seenChanges,
    );
  }

  await condition(allHandlersFinished);
  await outbox.idle();
  return view();
}
