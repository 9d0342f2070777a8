/**
 * What the cycle tells its providers' workflows: the configuration as it now stands (amendments included), the
 * published NvI and the announced final tariff. Sent whole, with a version, so that delivering it twice, late or to
 * a provider registered later is harmless: a provider workflow acts on what is new to it.
 */
import type { CycleConfig } from './config';
import type { ScheduleKey } from './schedule-keys';
import type { AnnouncedDecision } from './selection';
import type { PublicHoliday } from './working-days';

export interface NviNotice {
  publishedAt: string;
  questionCount: number;
  answerCount: number;
  changesDocuments: boolean;
}

export interface TariffNotice {
  hourlyRate: number;
  announcedAt: string;
  /** First instant at which a withdrawal is late, ISO-8601 UTC. */
  withdrawalDeadline: string;
}

export interface Amendment {
  /** 1, 2, ... in the order the officer made them. */
  number: number;
  milestone: ScheduleKey;
  from: string;
  to: string;
  amendedAt: string;
  reason: string | null;
}

/** The announced selection: the officer's decision per region, replaced region by region after an objection. */
export interface SelectionNotice {
  /** When the cycle announced (its own clock); each provider's term runs from when its message went out. */
  announcedAt: string;
  decisions: AnnouncedDecision[];
}

/** The contracts went out: the tariff they carry (final, or the provisional one when no final was announced). */
export interface ContractNotice {
  dispatchedAt: string;
  hourlyRate: number;
  provisional: boolean;
}

export interface CycleNews {
  version: number;
  config: CycleConfig;
  nvi: NviNotice | null;
  tariff: TariffNotice | null;
  amendments: Amendment[];
  /** The cycle's holiday calendar, for the terms a provider's workflow counts (absent in news of part 1). */
  holidays?: PublicHoliday[];
  selection?: SelectionNotice | null;
  contracts?: ContractNotice | null;
}

/** The news one provider receives: the cycle's, plus which of its own questions the NvI answered. */
export interface ProviderNews extends CycleNews {
  answered: { number: number; changesDocuments: boolean }[];
}
