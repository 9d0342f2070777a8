/**
 * The escalation ladder inside a contract-period workflow: opens a case when the provider reports a threat or the
 * system sees one, moves it step by step with who decided, when and why, tells the provider and the officer at every
 * transition, warns the officer when a step's deadline passes without an outcome, and ends a referral with the year.
 * The rules are in domain/budget (ladder, projection); this class keeps the cases in the workflow's state.
 */

import {
  type Decision,
  isOpen,
  type LadderStep,
  type LadderTerms,
  moveTo,
  nextStep,
  type OverrunCase,
  openCase,
  STEP_LABELS_NL,
} from '../domain/budget/ladder';
import { assessThreat, type Projection } from '../domain/budget/projection';
import type { CycleConfig } from '../domain/config';
import { dutchMonth } from '../domain/dutch-format';
import type { ProviderRef } from '../domain/inputs';
import type { ContractPeriodState } from './contract-period-api';
import { mailBase, type Outbox, officerMailBase } from './outbox';

export interface LadderContext {
  config: CycleConfig;
  state: ContractPeriodState;
  provider: ProviderRef;
  outbox: Outbox;
  projection(region: string, year: number): Projection;
  figures(p: Projection): ReturnType<typeof projectionFigures>;
  /** The first instant after a contract year. */
  yearEnd(year: number): number;
  /** At overheveling: the system's transfer proposal goes to the officer. */
  proposeTransfer(c: OverrunCase): void;
}

export function projectionFigures(p: Projection) {
  return {
    ceiling: p.ceilingCents / 100,
    spent: p.spentCents / 100,
    through: p.through ? dutchMonth(p.through) : null,
    monthsCounted: p.monthsCounted,
    expectedToDate: p.expectedToDateCents / 100,
    expectedSource: p.expectedSource,
    projected: p.projectedCents / 100,
    projectedByPrognosis: p.projectedByPrognosisCents / 100,
  };
}

export class ContractLadder {
  private readonly terms: LadderTerms;

  constructor(private readonly ctx: LadderContext) {
    const b = ctx.config.budget;
    this.terms = {
      maatwerkDays: b.maatwerkDays,
      overhevelingDays: b.overhevelingDays,
      vwsReminderDays: b.vwsReminderDays,
    };
  }

  /** The open case for a region and year. */
  openCaseFor(region: string, year: number): OverrunCase | undefined {
    return this.ctx.state.cases.find((c) => c.region === region && c.year === year && isOpen(c));
  }

  open(region: string, year: number, trigger: 'provider' | 'system', decision: Decision): OverrunCase {
    const c = openCase({
      number: this.ctx.state.cases.length + 1,
      region,
      year,
      trigger,
      decision,
      terms: this.terms,
      timezone: this.ctx.config.timezone,
    });
    this.ctx.state.cases.push(c);
    this.tell(c);
    return c;
  }

  move(c: OverrunCase, to: LadderStep, decision: Decision): OverrunCase {
    moveTo(c, to, decision, this.terms, this.ctx.config.timezone);
    if (to === 'referral') c.referralEndsAt = new Date(this.ctx.yearEnd(c.year)).toISOString();
    if (to === 'vws')
      c.vws = { requestedAt: new Date(decision.at).toISOString(), by: decision.by, outcome: null };
    this.tell(c);
    if (to === 'overheveling') this.ctx.proposeTransfer(c);
    return c;
  }

  /** After a step's outcome: the case closes when the projection is within the ceiling, else goes one step up. */
  settle(c: OverrunCase, projectedCents: number | null, decision: Decision): OverrunCase {
    // null: nothing brought the projection within reach (no agreements, nothing to count on): the next step.
    const within =
      projectedCents !== null && projectedCents <= this.ctx.projection(c.region, c.year).ceilingCents;
    return this.move(c, nextStep(c, within), decision);
  }

  /**
   * The system's look after production or a ceiling changed: a threat seen at a quarter end opens a case (once per
   * quarter); an open case whose projection came within the ceiling closes, a referral as soon as the ceiling was
   * raised above the projection.
   */
  evaluate(
    region: string,
    year: number,
    at: number,
    cause: 'production' | 'ceilingRaised' | 'ceilingLowered',
  ): OverrunCase | null {
    const projection = this.ctx.projection(region, year);
    const open = this.openCaseFor(region, year);
    if (open) {
      // A threat the provider reported rests on what it knows (a waiting list, say), not only on the figures, and a
      // referral ends only when the ceiling is raised or the year ends: new production closes only a case the system
      // opened, before referral. A raised ceiling above the projection closes any case.
      const figuresDecide =
        cause === 'ceilingRaised' ||
        (cause === 'production' && open.trigger === 'system' && open.step !== 'referral');
      if (
        figuresDecide &&
        projection.monthsCounted > 0 &&
        projection.projectedCents <= projection.ceilingCents
      )
        return this.move(open, 'none', {
          at,
          by: 'system',
          reason:
            cause === 'ceilingRaised'
              ? 'Het budgetplafond ligt nu boven de verwachting voor het jaar: de dreiging is verdwenen.'
              : 'De verwachting voor het jaar ligt weer binnen het budgetplafond: de dreiging is verdwenen.',
        });
      return null;
    }
    // A year that has ended is not escalated any more (December's figures arrive in January).
    if (at >= this.ctx.yearEnd(year)) return null;
    const verdict = assessThreat(projection, this.ctx.config.budget.detection);
    if (!verdict.threatened || !verdict.quarterEnd) return null;
    const key = `${region}:${verdict.quarterEnd}`;
    if (this.ctx.state.assessed.includes(key)) return null;
    this.ctx.state.assessed.push(key);
    return this.open(region, year, 'system', { at, by: 'system', reason: verdict.reason });
  }

  /** Notices due by `now`: a step deadline passed without outcome, a referral that ends with the year. */
  fireDue(now: number): void {
    for (const c of this.ctx.state.cases) {
      if (!isOpen(c)) continue;
      if (c.step === 'referral' && c.referralEndsAt && Date.parse(c.referralEndsAt) <= now) {
        this.move(c, 'none', {
          at: Date.parse(c.referralEndsAt),
          by: 'system',
          reason: 'Het jaar is voorbij: de verwijzing van nieuwe cliënten eindigt.',
        });
        continue;
      }
      const key = `${c.number}:${c.step}:overdue`;
      if (
        c.stepDeadline &&
        Date.parse(c.stepDeadline) <= now &&
        !this.ctx.state.ladderNotices.includes(key)
      ) {
        this.ctx.state.ladderNotices.push(key);
        const since = c.transitions.at(-1)?.at ?? c.openedAt;
        this.ctx.outbox.send(this.ctx.config, 'ladderOverdue', this.ctx.config.wlzUitvoerder.email, {
          ...officerMailBase(this.ctx.config),
          provider: this.ctx.provider.name,
          caseNumber: c.number,
          region: c.region,
          year: c.year,
          stepLabel: STEP_LABELS_NL[c.step],
          since,
          deadline: c.stepDeadline,
          projection: this.ctx.figures(this.ctx.projection(c.region, c.year)),
        });
      }
    }
  }

  /** The next instant fireDue has something to do, or null. */
  next(): number | null {
    let earliest: number | null = null;
    const consider = (at: number) => {
      if (earliest === null || at < earliest) earliest = at;
    };
    for (const c of this.ctx.state.cases) {
      if (!isOpen(c)) continue;
      if (c.step === 'referral' && c.referralEndsAt) consider(Date.parse(c.referralEndsAt));
      if (c.stepDeadline && !this.ctx.state.ladderNotices.includes(`${c.number}:${c.step}:overdue`))
        consider(Date.parse(c.stepDeadline));
    }
    return earliest;
  }

  /** Tells the provider and the officer about the case's latest transition. */
  private tell(c: OverrunCase): void {
    const t = c.transitions.at(-1);
    if (!t) return;
    const { config, provider, outbox } = this.ctx;
    const data = {
      provider: provider.name,
      caseNumber: c.number,
      region: c.region,
      year: c.year,
      step: c.step,
      previous: t.from,
      stepLabel: STEP_LABELS_NL[c.step],
      trigger: c.trigger,
      at: t.at,
      by: t.by,
      reason: t.reason,
      stepDeadline: c.stepDeadline,
      referralEndsAt: c.referralEndsAt,
      projection: this.ctx.figures(this.ctx.projection(c.region, c.year)),
    };
    outbox.send(config, 'overrunStep', provider.email, { ...mailBase(config, provider.name), ...data });
    outbox.send(config, 'overrunStep', config.wlzUitvoerder.email, {
      ...officerMailBase(config),
      ...data,
      forOfficer: true,
    });
  }
}
