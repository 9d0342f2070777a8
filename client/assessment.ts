/**
 * The assessment overview of a cycle, per region: every applicant with its assessment, late or incomplete
 * submissions marked, the suitable ones ranked and the proposal within `maxProviders` (domain/selection.ts). Built
 * from the providers' workflows, where the assessments live.
 */
import type { CycleConfig } from '../domain/config';
import {
  type Candidate,
  type RegionProposal,
  type RegionReadiness,
  rankRegion,
  regionReadiness,
} from '../domain/selection';
import type { ProviderView } from '../workflows/provider-api';

/** The applicants for a region: a submission that names it, on time (the version that counts) or late. */
export function candidatesFor(region: string, views: readonly ProviderView[]): Candidate[] {
  return views
    .filter((v) => v.status !== 'withdrawn' && v.submission?.regions?.includes(region))
    .map((v) => ({
      providerId: v.provider.id,
      name: v.provider.name,
      onTime: v.submission?.onTime === true,
      missing: v.submission?.missing ?? [],
      assessment: v.assessments.find((a) => a.region === region) ?? null,
    }));
}

export function proposals(config: CycleConfig, views: readonly ProviderView[]): RegionProposal[] {
  return config.regions.map((r) => rankRegion(r.name, r.maxProviders, candidatesFor(r.name, views)));
}

/** Whether each region can be announced, given the basis of each region's decision. */
export function readiness(
  regions: readonly string[],
  views: readonly ProviderView[],
  decisionBasis: Readonly<Record<string, string>>,
): RegionReadiness[] {
  return regions.map((r) => regionReadiness(r, candidatesFor(r, views), decisionBasis[r]));
}
