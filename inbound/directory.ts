/**
 * Who the mail reader knows: for each cycle it serves, the registered providers with their addresses and the cycle's
 * regions, read from the workflows (cycle status and provider views), kept for a short while between polls.
 */
import type { Client } from '@temporalio/client';
import { cycleStatus } from '../client/cycles';
import { providerViews } from '../client/provider-views';
import type { CycleConfig } from '../domain/config';
import type { KnownProvider } from '../domain/mail-routing';

export interface Directory {
  providers: KnownProvider[];
  regions: Record<string, string[]>;
  configs: Record<string, CycleConfig>;
}

export class ProviderDirectory {
  private cached: { at: number; directory: Directory } | undefined;

  constructor(
    private readonly client: Client,
    private readonly cycleIds: readonly string[],
    private readonly ttlMs = 30_000,
  ) {}

  /** Forgets what it read: a provider registered a moment ago is known at the next read. */
  invalidate(): void {
    this.cached = undefined;
  }

  async read(): Promise<Directory> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.directory;
    const directory: Directory = { providers: [], regions: {}, configs: {} };
    for (const cycleId of this.cycleIds) {
      const status = await cycleStatus(this.client, cycleId);
      directory.configs[cycleId] = status.config;
      directory.regions[cycleId] = status.config.regions.map((r) => r.name);
      for (const view of await providerViews(this.client, cycleId))
        directory.providers.push({ cycleId, providerId: view.provider.id, email: view.provider.email });
    }
    this.cached = { at: Date.now(), directory };
    return directory;
  }
}
