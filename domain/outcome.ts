/**
 * One provider's outcome of the selection, per region it applied for: selected (with its provisional ceiling) or not
 * (with the reasons, "een gemotiveerde mededeling van het besluit", 004:L335). Composed by the provider's workflow from
 * the officer's decisions (from the cycle) and its own assessments, so the decisions the cycle hands out do not grow
 * with the number of providers.
 */
import { type AssessmentRecord, isSuitable, SELECTION_FACT_NAMES_NL, SELECTION_FACTS } from './assessment';
import type { AnnouncedDecision } from './selection';

export interface RegionOutcome {
  name: string;
  selected: boolean;
  /** Yearly provisional ceiling in euros; absent when the region has no budget configured or not selected. */
  ceiling?: number;
  /** Why not selected, in Dutch; absent when selected. */
  reasons?: string[];
}

const yesNo = (b: boolean) => (b ? 'ja' : 'nee');

function rejectionReasons(
  assessment: AssessmentRecord | undefined,
  decision: AnnouncedDecision,
  maxProviders: number,
): string[] {
  if (!assessment) return ['Uw inschrijving voor deze regio is niet beoordeeld.'];
  if (!isSuitable(assessment))
    return assessment.unmet.map((u) => `Niet voldaan aan eis ${u.number} (${u.requirement}): ${u.reason}`);
  const reasons = [
    `U voldoet aan de geschiktheidseisen. In deze regio worden ten hoogste ${maxProviders} aanbieders geselecteerd; ` +
      'de geselecteerde aanbieders scoren hoger op de selectiecriteria, in volgorde van belang: ervaring (een ' +
      'Wlz-overeenkomst, een Wmo-overeenkomst in de regio, andere aantoonbare ervaring), deskundigheid die aansluit ' +
      'bij de regionale behoefte, het invullen van een leemte, lidmaatschap van de brancheorganisatie.',
    `Uw inschrijving op de selectiecriteria: ${SELECTION_FACTS.map(
      (f) => `${SELECTION_FACT_NAMES_NL[f]}: ${yesNo(assessment.selection[f])}`,
    ).join('; ')}.`,
  ];
  if (decision.reason) reasons.push(`Toelichting van het zorgkantoor: ${decision.reason}`);
  return reasons;
}

/**
 * The outcome per applied region, or null while a region the provider applied for has no decision (the announcement
 * is never sent half).
 */
export function outcomeFor(input: {
  providerId: string;
  applied: readonly string[];
  assessments: ReadonlyMap<string, AssessmentRecord>;
  decisions: readonly AnnouncedDecision[];
  maxProviders: (region: string) => number;
}): RegionOutcome[] | null {
  const outcomes: RegionOutcome[] = [];
  for (const region of input.applied) {
    const decision = input.decisions.find((d) => d.region === region);
    if (!decision) return null;
    if (decision.selected.includes(input.providerId)) {
      const ceiling = decision.ceilings?.[input.providerId];
      outcomes.push({ name: region, selected: true, ...(ceiling !== undefined ? { ceiling } : {}) });
    } else
      outcomes.push({
        name: region,
        selected: false,
        reasons: rejectionReasons(input.assessments.get(region), decision, input.maxProviders(region)),
      });
  }
  return outcomes;
}

/** Whether two outcomes differ in what was decided (selected or not, ceiling). */
export function outcomeChanged(before: readonly RegionOutcome[], after: readonly RegionOutcome[]): boolean {
  if (before.length !== after.length) return true;
  return before.some((b) => {
    const a = after.find((x) => x.name === b.name);
    return !a || a.selected !== b.selected || a.ceiling !== b.ceiling;
  });
}
