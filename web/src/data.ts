/**
 * The API's answers the pages read, by the types the server itself uses (type-only imports: nothing of the server
 * enters the bundle), and the reads several pages share.
 */
import type { InboundEntry } from '../../inbound/ledger';
import type { CycleStatus } from '../../workflows/cycle-api';
import type { ProviderView } from '../../workflows/provider-api';
import { api, enc } from './api';

export type { CycleStatus, InboundEntry, ProviderView };

export const cycleStatus = (cycleId: string) => api<CycleStatus>('GET', `/cycles/${enc(cycleId)}`);

export const cycleProviders = (cycleId: string) =>
  api<{ providers: ProviderView[] }>('GET', `/cycles/${enc(cycleId)}/providers`).then((r) => r.providers);
