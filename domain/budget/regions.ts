/** Which regions a provider is contracted for: the one refusal every budget input shares. Pure. */

/** Why `region` is not one of the provider's; null when it is. `field` names the input's field. */
export function refuseRegion(regions: readonly string[], region: string, field = 'region'): string | null {
  return regions.includes(region)
    ? null
    : `${field}: "${region}" is not contracted with this provider (contracted: ${regions.join(', ')})`;
}
