/**
 * Selection per region: the policy's order of importance, a tie at the cut-off surfaced and never broken, the
 * officer's decision checked, and a region budget split exactly.
 */

import type { SelectionFact } from '../../domain/assessment';
import { type AssessmentRecord, refuseAssessment, toAssessmentRecord } from '../../domain/assessment';
import {
  type Candidate,
  rankRegion,
  refuseDecision,
  regionReadiness,
  type SelectionDecisionInput,
  splitBudget,
  toDecision,
} from '../../domain/selection';
import { example2024 } from '../helpers/configs';

const config = example2024();
const at = (iso: string) => Date.parse(iso);
const DURING = at('2023-08-20T10:00:00Z');

function assessed(facts: SelectionFact[], unmet: AssessmentRecord['unmet'] = []): AssessmentRecord {
  return {
    region: 'Drenthe',
    version: 1,
    assessedAt: '2023-08-10T10:00:00.000Z',
    assessor: null,
    unmet,
    selection: {
      priorWlzContract: facts.includes('priorWlzContract'),
      wmoContractInRegion: facts.includes('wmoContractInRegion'),
      otherExperience: facts.includes('otherExperience'),
      expertiseMatch: facts.includes('expertiseMatch'),
      fillsGap: facts.includes('fillsGap'),
      branchMember: facts.includes('branchMember'),
    },
  };
}
const candidate = (id: string, assessment: AssessmentRecord | null, onTime = true): Candidate => ({
  providerId: id,
  name: id,
  onTime,
  missing: [],
  assessment,
});

describe('ranking in the order of importance', () => {
  test('a prior Wlz contract outranks a Wmo contract, which outranks every lower criterion together', () => {
    const proposal = rankRegion('Drenthe', 2, [
      candidate('wmo', assessed(['wmoContractInRegion'])),
      candidate('all-lower', assessed(['otherExperience', 'expertiseMatch', 'fillsGap', 'branchMember'])),
      candidate('wlz', assessed(['priorWlzContract'])),
    ]);
    expect(proposal.candidates.map((c) => [c.providerId, c.rank])).toEqual([
      ['wlz', 1],
      ['wmo', 2],
      ['all-lower', 3],
    ]);
    expect(proposal.proposed).toEqual(['wlz', 'wmo']);
    expect(proposal.tie).toBeNull();
  });

  test('unsuitable, late and unassessed applicants are never ranked; the unassessed block a decision', () => {
    const proposal = rankRegion('Drenthe', 4, [
      candidate(
        'fails',
        assessed(
          ['priorWlzContract'],
          [{ number: 13, requirement: 'x', reason: 'twee cliëntondersteuners' }],
        ),
      ),
      candidate('late', assessed(['priorWlzContract']), false),
      candidate('pending', null),
      candidate('ok', assessed([])),
    ]);
    expect(proposal.proposed).toEqual(['ok']);
    expect(proposal.candidates.filter((c) => c.rank !== null).map((c) => c.providerId)).toEqual(['ok']);
    expect(proposal.notAssessed).toEqual(['pending']);
  });

  test('equal providers straddling the cut-off are a tie for the officer, not broken by name', () => {
    const proposal = rankRegion('Drenthe', 4, [
      candidate('a', assessed(['priorWlzContract', 'expertiseMatch'])),
      candidate('b', assessed(['priorWlzContract'])),
      candidate('c', assessed(['wmoContractInRegion'])),
      candidate('d', assessed(['wmoContractInRegion'])),
      candidate('e', assessed(['wmoContractInRegion'])),
    ]);
    expect(proposal.proposed).toEqual(['a', 'b']);
    expect(proposal.tie).toEqual({ rank: 3, providers: ['c', 'd', 'e'], places: 2 });
  });

  test('a tie inside the places is no tie at the cut-off', () => {
    const proposal = rankRegion('Drenthe', 4, [
      candidate('a', assessed(['wmoContractInRegion'])),
      candidate('b', assessed(['wmoContractInRegion'])),
      candidate('c', assessed([])),
    ]);
    expect(proposal.tie).toBeNull();
    expect(proposal.proposed).toEqual(['a', 'b', 'c']);
  });
});

describe("the officer's decision", () => {
  const tied = rankRegion('Drenthe', 2, [
    candidate('a', assessed(['priorWlzContract'])),
    candidate('b', assessed([])),
    candidate('c', assessed([])),
  ]);
  const decide = (
    selected: string[],
    extra: Partial<SelectionDecisionInput> = {},
  ): SelectionDecisionInput => ({
    receivedAt: new Date(DURING).toISOString(),
    region: 'Drenthe',
    selected,
    proposal: {
      proposed: tied.proposed,
      suitable: tied.candidates.filter((c) => c.suitable).map((c) => c.providerId),
      tie: tied.tie?.providers ?? null,
      notAssessed: tied.notAssessed,
      basis: tied.basis,
    },
    ...extra,
  });

  test('a tie cannot be decided without a written reason', () => {
    expect(refuseDecision(config, decide(['a', 'b']), DURING, false)).toMatch(
      /^reason: b, c are equal on every selection criterion at the cut-off/,
    );
    expect(
      refuseDecision(config, decide(['a', 'b'], { reason: 'b covers the whole region' }), DURING, false),
    ).toBeNull();
  });

  test('only suitable providers, at most maxProviders, and an allocation for exactly the selected', () => {
    const twoPlaces = {
      ...config,
      regions: config.regions.map((r) => (r.name === 'Drenthe' ? { ...r, maxProviders: 2 } : r)),
    };
    expect(
      refuseDecision(config, decide(['a', 'x'], { reason: 'x is the better choice' }), DURING, false),
    ).toMatch(/^selected: x does not meet every suitability requirement/);
    expect(
      refuseDecision(twoPlaces, decide(['a', 'b', 'c'], { reason: 'all three are good' }), DURING, false),
    ).toMatch('selected: at most 2 providers in Drenthe (regions[].maxProviders), got 3');
    expect(
      refuseDecision(
        config,
        decide(['a', 'b'], { reason: 'b covers the whole region', allocation: { a: 1 } }),
        DURING,
        false,
      ),
    ).toBe('allocation: must give a weight for exactly the selected providers; missing b');
  });

  test('not before the assessment starts, not after contract dispatch, not in an unknown region', () => {
    expect(refuseDecision(config, decide(['a']), at('2023-08-02T06:59:59.999Z'), false)).toMatch(
      /has not started/,
    );
    expect(refuseDecision(config, decide(['a']), at('2023-10-16T07:00:00.000Z'), false)).toMatch(
      /dispatched/,
    );
    expect(refuseDecision(config, decide(['a'], { region: 'Atlantis' }), DURING, false)).toMatch(
      /^region: "Atlantis"/,
    );
  });

  test('after the announcement every new decision needs a reason', () => {
    const clear = rankRegion('Drenthe', 4, [candidate('a', assessed([]))]);
    const input = {
      ...decide(['a']),
      proposal: { ...decide(['a']).proposal, proposed: clear.proposed, tie: null },
    };
    expect(refuseDecision(config, input, DURING, false)).toBeNull();
    expect(refuseDecision(config, input, DURING, true)).toMatch(/^reason: the outcome has been announced/);
  });

  test('a decision goes stale when an assessment changes after it', () => {
    const candidates = [candidate('a', assessed(['priorWlzContract']))];
    const decision = toDecision(
      config,
      {
        ...decide(['a'], { reason: 'only a applies now' }),
        proposal: { ...decide(['a']).proposal, basis: rankRegion('Drenthe', 4, candidates).basis },
      },
      1,
    );
    expect(regionReadiness('Drenthe', candidates, decision.basis)).toMatchObject({
      decided: true,
      stale: false,
    });
    const reassessed = [candidate('a', { ...assessed([]), version: 2 })];
    expect(regionReadiness('Drenthe', reassessed, decision.basis)).toMatchObject({
      decided: true,
      stale: true,
    });
  });
});

describe('provisional ceilings', () => {
  test('a budget is split by weight in whole cents that add up exactly', () => {
    const split = splitBudget(1_000_000.01, ['a', 'b', 'c']);
    expect(split).toEqual({ a: 333_333.34, b: 333_333.34, c: 333_333.33 });
    expect(Math.round(Object.values(split).reduce((s, v) => s + v, 0) * 100)).toBe(100_000_001);
    expect(splitBudget(900, ['a', 'b'], { a: 2, b: 1 })).toEqual({ a: 600, b: 300 });
  });
});

describe('recording an assessment', () => {
  const all = Object.fromEntries(
    config.assessment.requirements.map((_, i) => [String(i + 1), true as const]),
  );
  test('every configured requirement must be assessed, and only those', () => {
    const { '7': _seven, ...withoutSeven } = all;
    expect(
      refuseAssessment(config, { region: 'Drenthe', requirements: withoutSeven }, DURING, ['Drenthe']),
    ).toBe(
      'requirements: 7 not assessed; every one of the 15 requirements must be met or not, with a reason',
    );
    expect(
      refuseAssessment(config, { region: 'Drenthe', requirements: { ...all, '16': true } }, DURING, [
        'Drenthe',
      ]),
    ).toMatch(/^requirements: 16 is not a requirement number/);
    expect(refuseAssessment(config, { region: 'Zwolle', requirements: all }, DURING, ['Drenthe'])).toMatch(
      /^region: the provider did not apply for "Zwolle"/,
    );
    expect(refuseAssessment(config, { region: 'Drenthe', requirements: all }, DURING, null)).toMatch(
      /no submission that counts/,
    );
  });

  test('an unmet requirement keeps its number, its text and the reason', () => {
    const record = toAssessmentRecord(
      config,
      {
        receivedAt: '2023-08-10T10:00:00.000Z',
        region: 'Drenthe',
        requirements: { ...all, '13': { met: false, reason: ' slechts twee cliëntondersteuners ' } },
        selection: { fillsGap: true },
      },
      1,
    );
    expect(record.unmet).toEqual([
      {
        number: 13,
        requirement: config.assessment.requirements[12],
        reason: 'slechts twee cliëntondersteuners',
      },
    ]);
    expect(record.selection.fillsGap).toBe(true);
    expect(record.selection.priorWlzContract).toBe(false);
  });
});
