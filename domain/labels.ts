/** Dutch names of the milestones, as providers read them in e-mails and calendars. */
import type { CycleConfig } from './config';
import type { Phase } from './phases';
import type { MilestoneKey } from './timeline';

export const MILESTONE_LABELS_NL: Record<MilestoneKey, string> = {
  publication: 'publicatie van de inkoopprocedure',
  questionDeadline: 'termijn voor het stellen van vragen',
  nviPublication: 'publicatie van de Nota van Inlichtingen',
  submissionDeadline: 'sluiting van de inschrijving',
  assessmentStart: 'start van de beoordeling',
  announcement: 'bekendmaking van de uitkomst',
  objectionDeadline: 'einde van de bezwaartermijn',
  objectionAnswerDeadline: 'uiterste datum van het antwoord op bezwaren',
  kortGedingDeadline: 'einde van de termijn voor een kort geding',
  withdrawalDeadline: 'einde van de termijn om de inschrijving in te trekken',
  contractDispatch: 'verzending van de overeenkomsten',
  contractStart: 'ingangsdatum van de overeenkomst',
  contractEnd: 'einde van de overeenkomst',
};

/** Dutch names of the phases, as the officer's dashboard shows where a cycle stands. */
export const PHASE_LABELS_NL: Record<Phase, string> = {
  scheduled: 'nog niet gepubliceerd',
  questions: 'vragen stellen',
  nviPreparation: 'voorbereiding van de Nota van Inlichtingen',
  submissions: 'inschrijving open',
  closed: 'inschrijving gesloten',
  assessment: 'beoordeling',
  objection: 'bezwaartermijn',
  objectionAnswering: 'beantwoording van bezwaren',
  contractPreparation: 'voorbereiding van de overeenkomsten',
  contracting: 'ondertekening van de overeenkomsten',
  completed: 'afgerond; de contractperiode loopt',
};

/** "Inkoop onafhankelijke cliëntondersteuning Wlz 2024-2025": the contract years name the cycle. */
export function cycleTitle(contractStart: string, years: number): string {
  const first = Number(contractStart.slice(0, 4));
  const last = first + years - 1;
  return `Inkoop onafhankelijke cliëntondersteuning Wlz ${years === 1 ? first : `${first}-${last}`}`;
}

/** The cycle's name in e-mails and calendars: its configured title, or the one its contract years give. */
export function titleOf(config: Pick<CycleConfig, 'title' | 'contract'>): string {
  return config.title ?? cycleTitle(config.contract.start, config.contract.years);
}
