/** The benchmarks' providers: the same ids and names in every part, addresses at the part's own domain. */
import type { ProviderRef } from '../domain/inputs';

/** `count` providers with addresses at `domain`. */
export function benchProviders(count: number, domain: string): ProviderRef[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `aanbieder-${i + 1}`,
    name: `Stichting Cliëntondersteuning ${i + 1}`,
    email: `aanbieder-${i + 1}@${domain}`,
    consortium: false,
  }));
}
