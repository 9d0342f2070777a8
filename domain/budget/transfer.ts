/**
 * Overheveling (000:L717-721): the zorgkantoor moves budget room to a provider whose projection exceeds its
 * ceiling, first from other providers of the same region, then from the Wlz-uitvoerder's other regions. Headroom is
 * ceiling minus projection; only positive headroom can be given. The system proposes, the officer approves amounts.
 * Pure; every amount in whole cents.
 */

export interface BudgetPosition {
  providerId: string;
  region: string;
  ceilingCents: number;
  projectedCents: number;
}

export interface TransferProposal {
  providerId: string;
  region: string;
  shortfallCents: number;
  /** Proposed gifts, largest headroom first; their sum is at most the shortfall. */
  from: {
    providerId: string;
    region: string;
    amountCents: number;
    headroomCents: number;
    sameRegion: boolean;
  }[];
  /** What no headroom covers: the case goes on to VWS if it is not zero. */
  uncoveredCents: number;
  /** Every region's total: ceiling, projection and headroom (the June and October reviews list the same). */
  regions: RegionPosition[];
}

export interface RegionPosition {
  region: string;
  providers: number;
  ceilingCents: number;
  projectedCents: number;
  headroomCents: number;
}

export const headroomOf = (p: BudgetPosition): number => p.ceilingCents - p.projectedCents;

export function regionPositions(positions: readonly BudgetPosition[]): RegionPosition[] {
  const regions = new Map<string, RegionPosition>();
  for (const p of positions) {
    const r = regions.get(p.region) ?? {
      region: p.region,
      providers: 0,
      ceilingCents: 0,
      projectedCents: 0,
      headroomCents: 0,
    };
    r.providers++;
    r.ceilingCents += p.ceilingCents;
    r.projectedCents += p.projectedCents;
    r.headroomCents = r.ceilingCents - r.projectedCents;
    regions.set(p.region, r);
  }
  return [...regions.values()].sort((a, b) => a.region.localeCompare(b.region, 'nl'));
}

export function proposeTransfer(
  positions: readonly BudgetPosition[],
  providerId: string,
  region: string,
): TransferProposal {
  const self = positions.find((p) => p.providerId === providerId && p.region === region);
  const shortfallCents = self ? Math.max(0, -headroomOf(self)) : 0;
  const donors = positions
    .filter((p) => !(p.providerId === providerId && p.region === region) && headroomOf(p) > 0)
    .map((p) => ({ ...p, sameRegion: p.region === region, headroomCents: headroomOf(p) }))
    .sort(
      (a, b) =>
        Number(b.sameRegion) - Number(a.sameRegion) ||
        b.headroomCents - a.headroomCents ||
        a.providerId.localeCompare(b.providerId),
    );
  let left = shortfallCents;
  const from: TransferProposal['from'] = [];
  for (const d of donors) {
    if (left === 0) break;
    const amountCents = Math.min(left, d.headroomCents);
    from.push({
      providerId: d.providerId,
      region: d.region,
      amountCents,
      headroomCents: d.headroomCents,
      sameRegion: d.sameRegion,
    });
    left -= amountCents;
  }
  return {
    providerId,
    region,
    shortfallCents,
    from,
    uncoveredCents: left,
    regions: regionPositions(positions),
  };
}

/** Why an approved transfer cannot be applied; null when it can. */
export function refuseTransfer(
  positions: readonly BudgetPosition[],
  transfer: { from: string; fromRegion: string; to: string; toRegion: string; amountCents: number },
): string | null {
  if (transfer.amountCents <= 0) return 'amount: must be more than zero';
  if (transfer.from === transfer.to && transfer.fromRegion === transfer.toRegion)
    return 'from: must be another provider or region than the one receiving';
  const giver = positions.find((p) => p.providerId === transfer.from && p.region === transfer.fromRegion);
  if (!giver) return `from: ${transfer.from} has no contract for ${transfer.fromRegion}`;
  if (!positions.some((p) => p.providerId === transfer.to && p.region === transfer.toRegion))
    return `to: ${transfer.to} has no contract for ${transfer.toRegion}`;
  const headroom = headroomOf(giver);
  if (transfer.amountCents > headroom)
    return (
      `amount: ${transfer.from} has € ${(Math.max(0, headroom) / 100).toFixed(2)} headroom in ${transfer.fromRegion} ` +
      `(ceiling minus projection); a transfer may not push it over its own ceiling`
    );
  return null;
}

/**
 * Extra funds from VWS for the cases at the VWS step, shared in proportion to their shortfall, in whole cents (the
 * largest remainders get the cents left over); no case gets more than its shortfall.
 */
export function distributeGrant<T extends { shortfallCents: number }>(
  grantCents: number,
  cases: readonly T[],
): (T & { grantedCents: number })[] {
  const total = cases.reduce((a, c) => a + Math.max(0, c.shortfallCents), 0);
  if (total === 0) return cases.map((c) => ({ ...c, grantedCents: 0 }));
  const pool = Math.min(grantCents, total);
  const shares = cases.map((c, index) => {
    const exact = (pool * Math.max(0, c.shortfallCents)) / total;
    return { index, floor: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = pool - shares.reduce((a, s) => a + s.floor, 0);
  for (const s of [...shares].sort((a, b) => b.remainder - a.remainder || a.index - b.index)) {
    if (left === 0) break;
    s.floor++;
    left--;
  }
  return cases.map((c, index) => ({ ...c, grantedCents: shares[index]?.floor ?? 0 }));
}
