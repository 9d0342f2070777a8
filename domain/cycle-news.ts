/**
 * What the cycle tells its providers' workflows: the configuration as it now stands (amendments included), the
 * published NvI and the announced final tariff. Sent whole, with a version, so that delivering it twice, late or to
 * a provider registered later is harmless: a provider workflow acts on what is new to it.
 */
import type { CycleConfig } from './config';
import type { ScheduleKey } from './schedule-keys';

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

export interface CycleNews {
  version: number;
  config: CycleConfig;
  nvi: NviNotice | null;
  tariff: TariffNotice | null;
  amendments: Amendment[];
}

/** The news one provider receives: the cycle's, plus which of its own questions the NvI answered. */
export interface ProviderNews extends CycleNews {
  answered: { number: number; changesDocuments: boolean }[];
}
