/** Contracts as the cycle hands them over, for tests of the contract period. */
import type { CycleConfig } from '../../domain/config';
import type { ContractRecord } from '../../domain/contract';
import type { ProviderRef } from '../../domain/inputs';
import type { ContractHandover } from '../../workflows/contract-period-api';

/** A signed contract at € 100 an hour for the configuration's contract period. */
export function signedContract(config: CycleConfig, regions: ContractRecord['regions']): ContractRecord {
  return {
    regions,
    hourlyRate: 100,
    provisional: false,
    start: config.contract.start,
    years: config.contract.years,
    signBefore: '2026-12-17T23:00:00.000Z',
    sentAt: '2026-10-19T07:00:00.000Z',
    signedAt: '2026-10-20T07:00:00.000Z',
    signedBy: 'provider',
    signer: null,
    receiptCode: null,
    reminders: [],
  };
}

export function handoverOf(
  config: CycleConfig,
  provider: ProviderRef,
  regions: ContractRecord['regions'],
  newProvider = false,
): ContractHandover {
  return {
    cycleId: config.id,
    provider,
    wlzUitvoerder: { name: config.wlzUitvoerder.name, email: config.wlzUitvoerder.email },
    timezone: config.timezone,
    config,
    newProvider,
    contract: signedContract(config, regions),
  };
}
