import type { ExpressionSpecification } from 'maplibre-gl';
import type { MapFilters } from './state.ts';

/**
 * MapFilters → what each layer draws. GeoJSON layers (orgs, joint points) take predicates; tile
 * layers take MapLibre filter expressions. A filter only applies where the data carries the field:
 * zones have no county, and aggregated (clustered) tiles have no fields at all, so the county
 * filter also veils the other counties (the `admin-mask` layer) to show it everywhere.
 */

/** The properties of an org point that filters read. */
export interface OrgFilterFields {
  kind: string;
  star: number | null;
  countyCode: string | null;
}

/** Whether an organisation passes the county, kind and star filters. */
export function orgPasses(filters: MapFilters, org: OrgFilterFields): boolean {
  if (filters.county && org.countyCode !== filters.county) return false;
  if (filters.orgKinds.length > 0 && !(filters.orgKinds as string[]).includes(org.kind)) return false;
  // Once stars are chosen, unrated orgs are hidden (MapFilters.stars says so).
  if (filters.stars.length > 0 && (org.star === null || !filters.stars.includes(org.star))) return false;
  return true;
}

/** Whether a joint point passes the county filter. */
export function jointPointPasses(filters: MapFilters, point: { countyCode: string | null }): boolean {
  return !filters.county || point.countyCode === filters.county;
}

const ALL: ExpressionSpecification = ['boolean', true];

/** Zones by kind. */
export function zoneFilter(filters: MapFilters): ExpressionSpecification {
  if (filters.zoneKinds.length === 0) return ALL;
  return ['in', ['get', 'kind'], ['literal', [...filters.zoneKinds]]];
}

const isAggregate: ExpressionSpecification = ['has', 'count'];

/** Single sites (z ≥ 12) in the chosen county. */
export function siteFilter(filters: MapFilters): ExpressionSpecification {
  const single: ExpressionSpecification = ['!', isAggregate];
  return filters.county ? ['all', single, ['==', ['get', 'countyCode'], filters.county]] : single;
}

/** Aggregated site cells (below z 12); they have no county to filter on. */
export const siteAggregateFilter: ExpressionSpecification = isAggregate;

/** Counties other than the chosen one, to be veiled; nothing when no county is chosen. */
export function countyMaskFilter(filters: MapFilters): ExpressionSpecification {
  const county: ExpressionSpecification = ['==', ['get', 'level'], 'county'];
  return filters.county ? ['all', county, ['!=', ['get', 'code'], filters.county]] : ['boolean', false];
}

/** Outline of the chosen county. */
export function countyFocusFilter(filters: MapFilters): ExpressionSpecification {
  return filters.county ? ['==', ['get', 'code'], filters.county] : ['boolean', false];
}

/** The feature with this id (selection highlights); nothing when none is selected. */
export function idFilter(id: number | null): ExpressionSpecification {
  return id === null ? ['boolean', false] : ['==', ['get', 'id'], id];
}
