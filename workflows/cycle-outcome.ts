/**
 * The second half of the procedure inside the cycle workflow: the officer's selection per region, the announcement
 * (held back, and escalated, while the assessment is not complete), the checks that warn officer and legal, contract
 * dispatch, and the hand-over of signed contracts at contract start.
 *
 * The assessments, objections and contracts themselves live in the providers' workflows; the cycle reads across them
 * through activities that return small summaries, so its history grows with regions and checks, not with providers.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { z } from 'zod';
import type { createProviderActivities } from '../activities/providers';
import type { CycleConfig } from '../domain/config';
import type { CycleCheck } from '../domain/cycle-checks';
import type { ContractNotice, SelectionNotice } from '../domain/cycle-news';
import type { ProviderRef } from '../domain/inputs';
import { receivedAtSchema } from '../domain/inputs';
import {
  announcedDecision,
  isReady,
  type RegionReadiness,
  refuseDecision,
  type SelectionDecision,
  type SelectionDecisionInput,
  SelectionDecisionInputSchema,
  toDecision,
} from '../domain/selection';
import { scheduleInstant } from '../domain/timeline';
import {
  type AnnouncementRelease,
  decideSelectionUpdate,
  type HandoverSummary,
  releaseAnnouncementUpdate,
} from './cycle-api';
import { mailBase, type Outbox, officerMailBase } from './outbox';
import { accept, parsed, refuse } from './refusals';

type Activities = ReturnType<typeof createProviderActivities>;
const { assessmentReadiness, openObjections, unsignedContracts, handOverContracts } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
  });

const ReleaseSchema = z.strictObject({ receivedAt: receivedAtSchema });

export interface CycleOutcomeDeps {
  config: () => CycleConfig;
  roster: () => ReadonlyMap<string, ProviderRef>;
  outbox: Outbox;
  /** Sends the cycle's news (with the selection and contracts below) to every provider's workflow. */
  tellEveryone: () => Promise<void>;
}

export class CycleOutcome {
  readonly decisions = new Map<string, SelectionDecision>();
  selection: SelectionNotice | null = null;
  contracts: ContractNotice | null = null;
  blocked: { since: string; incomplete: RegionReadiness[] } | null = null;
  handover: HandoverSummary | null = null;
  /** Bumped by every decision and release request: a held-back announcement checks again. */
  private nudges = 0;
  private checked = 0;

  constructor(private readonly deps: CycleOutcomeDeps) {}

  private get providerIds(): string[] {
    return [...this.deps.roster().keys()];
  }

  /** Only selected providers get a contract: the contract checks read their workflows, not everyone's. */
  private get selectedIds(): string[] {
    return [...new Set([...this.decisions.values()].flatMap((d) => d.selected))];
  }

  install(): void {
    setHandler(
      decideSelectionUpdate,
      async (raw) => {
        const input = parsed<SelectionDecisionInput>(SelectionDecisionInputSchema, raw);
        const config = this.deps.config();
        const number = (this.decisions.get(input.region)?.number ?? 0) + 1;
        const decision = toDecision(config, input, number);
        this.decisions.set(input.region, decision);
        this.nudges++;
        if (this.selection) {
          // After the announcement: the changed providers are told by their own workflows.
          this.selection = {
            ...this.selection,
            decisions: [...this.decisions.values()].map(announcedDecision),
          };
          await this.deps.tellEveryone();
        }
        return decision;
      },
      {
        validator: (raw) => {
          const { value, stampMs } = accept<SelectionDecisionInput>(SelectionDecisionInputSchema, raw);
          refuse(refuseDecision(this.deps.config(), value, stampMs, this.selection !== null));
        },
      },
    );

    setHandler(
      releaseAnnouncementUpdate,
      async (raw): Promise<AnnouncementRelease> => {
        parsed(ReleaseSchema, raw);
        const mine = ++this.nudges;
        // The held-back announcement re-checks on the main path; wait for that check.
        await this.waitForCheck(mine);
        return { announced: this.selection !== null, incomplete: this.blocked?.incomplete ?? [] };
      },
      {
        validator: (raw) => {
          accept(ReleaseSchema, raw);
          if (this.selection) refuse('the outcome has already been announced');
          if (!this.blocked)
            refuse(
              'the announcement is not held back: it goes out at schedule.announcement when the assessment is complete',
            );
        },
      },
    );
  }

  private waitForCheck(nudge: number): Promise<void> {
    return condition(() => this.checked >= nudge || this.selection !== null);
  }

  private async readiness(): Promise<RegionReadiness[]> {
    const config = this.deps.config();
    return assessmentReadiness({
      cycleId: config.id,
      providerIds: this.providerIds,
      regions: config.regions.map((r) => r.name),
      decisionBasis: Object.fromEntries([...this.decisions].map(([region, d]) => [region, d.basis])),
    });
  }

  /**
   * At `schedule.announcement`: announces when every region is assessed and decided; otherwise escalates to the
   * officer and holds the announcement back until a decision or the officer's release makes it complete.
   */
  async announce(): Promise<void> {
    for (;;) {
      const nudge = this.nudges;
      const incomplete = (await this.readiness()).filter((r) => !isReady(r));
      this.checked = nudge;
      if (incomplete.length === 0) break;
      const config = this.deps.config();
      if (!this.blocked)
        this.deps.outbox.send(config, 'assessmentOverdue', config.wlzUitvoerder.email, {
          ...officerMailBase(config),
          announcement: scheduleInstant(config, 'announcement').toUTC().toISO() as string,
          blocked: true,
          incomplete: incomplete.map(incompleteRow),
        });
      this.blocked = { since: this.blocked?.since ?? new Date(Date.now()).toISOString(), incomplete };
      await condition(() => this.nudges !== nudge);
    }
    this.blocked = null;
    this.selection = {
      announcedAt: new Date(Date.now()).toISOString(),
      decisions: [...this.decisions.values()].map(announcedDecision),
    };
    await this.deps.tellEveryone();
  }

  async dispatchContracts(tariff: { hourlyRate: number } | null): Promise<void> {
    const config = this.deps.config();
    this.contracts = {
      dispatchedAt: new Date(Date.now()).toISOString(),
      hourlyRate: tariff?.hourlyRate ?? config.tariff.hourlyRate,
      provisional: tariff === null && config.tariff.provisional,
    };
    await this.deps.tellEveryone();
  }

  async handOver(): Promise<void> {
    const config = this.deps.config();
    const result = await handOverContracts({
      cycleId: config.id,
      providerIds: this.selectedIds,
      wlzUitvoerder: { name: config.wlzUitvoerder.name, email: config.wlzUitvoerder.email },
      timezone: config.timezone,
      config,
    });
    this.handover = { at: new Date(Date.now()).toISOString(), ...result };
  }

  /** One of the timed checks (domain/cycle-checks.ts). */
  async check(check: CycleCheck): Promise<void> {
    const config = this.deps.config();
    const cycleId = config.id;
    if (check.kind === 'assessmentWarning') {
      const incomplete = (await this.readiness()).filter((r) => !isReady(r));
      if (incomplete.length > 0)
        this.deps.outbox.send(config, 'assessmentOverdue', config.wlzUitvoerder.email, {
          ...officerMailBase(config),
          announcement: scheduleInstant(config, 'announcement').toUTC().toISO() as string,
          blocked: false,
          incomplete: incomplete.map(incompleteRow),
        });
      return;
    }
    if (check.kind === 'answerWarning' || check.kind === 'answerOverdue') {
      const open = await openObjections({ cycleId, providerIds: this.providerIds });
      if (open.length === 0) return;
      const answerDeadline = scheduleInstant(config, 'objectionAnswerDeadline').toUTC().toISO() as string;
      const objections = open.map((o) => ({ provider: o.provider, filedAt: o.filedAt }));
      if (check.kind === 'answerWarning')
        this.deps.outbox.send(
          config,
          'objectionAnswerDue',
          config.wlzUitvoerder.legalEmail ?? config.wlzUitvoerder.email,
          {
            ...mailBase(config, `Juridische zaken ${config.wlzUitvoerder.name}`),
            answerDeadline,
            objections,
          },
        );
      else
        this.deps.outbox.send(config, 'objectionAnswerOverdue', config.wlzUitvoerder.email, {
          ...officerMailBase(config),
          answerDeadline,
          objections,
        });
      return;
    }
    const unsigned = await unsignedContracts({ cycleId, providerIds: this.selectedIds });
    if (unsigned.length > 0)
      this.deps.outbox.send(config, 'contractsUnsigned', config.wlzUitvoerder.email, {
        ...officerMailBase(config),
        contractStart: config.contract.start,
        contracts: unsigned.map((u) => ({ provider: u.provider, sentAt: u.sentAt })),
      });
  }

  /** Selected providers per region, for the cycle's summary. */
  selected(): Record<string, string[]> {
    return Object.fromEntries([...this.decisions].map(([region, d]) => [region, [...d.selected]]));
  }
}

function incompleteRow(r: RegionReadiness) {
  return { region: r.region, providersNotAssessed: r.notAssessed, undecided: !r.decided, stale: r.stale };
}
