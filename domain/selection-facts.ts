/** The words of the selection criteria, without their schemas: the dashboard shows them too. */
/** The selection facts (000:L975-989; branch membership is a 2027-2028 criterion, 004:L233). Absent means no. */
export const SELECTION_FACTS = [
  'priorWlzContract',
  'wmoContractInRegion',
  'otherExperience',
  'expertiseMatch',
  'fillsGap',
  'branchMember',
] as const;
export type SelectionFact = (typeof SELECTION_FACTS)[number];

export const SELECTION_FACT_NAMES_NL: Record<SelectionFact, string> = {
  priorWlzContract: 'een Wlz-overeenkomst voor OCO in de vorige contractperiode',
  wmoContractInRegion: 'een Wmo-overeenkomst voor cliëntondersteuning in de regio',
  otherExperience: 'andere aantoonbare ervaring met cliëntondersteuning',
  expertiseMatch: 'deskundigheid die aansluit bij de behoefte in de regio',
  fillsGap: 'vult een leemte in het regionale aanbod',
  branchMember: 'lid van de brancheorganisatie',
};
