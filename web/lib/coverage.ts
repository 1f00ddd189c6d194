import type { InferRequestType, InferResponseType } from 'hono/client';
import { SITE_KINDS, type SiteKind, ZONE_KINDS, type ZoneKind } from '../map/state.ts';
import type { api } from './api.ts';

// Types of the coverage API (api/coverage/routes.ts), read from the server's route types.

/** `GET /api/coverage/:id`: one run, its state and (once done) its result. */
export type CoverageRun = InferResponseType<(typeof api.coverage)[':id']['$get'], 200>;
/** What one analysis found: sites, border segments and gaps, the hex grid, the recommendations. */
export type CoverageResult = NonNullable<CoverageRun['result']>;
/** The body of `POST /api/coverage`. */
export type CoverageRequest = InferRequestType<(typeof api.coverage)['$post']>['json'];
export type CoverageSite = CoverageResult['sites']['items'][number];
export type BorderGap = CoverageResult['border']['gaps'][number];
export type BorderSegment = CoverageResult['border']['segments'][number];
export type GridCell = CoverageResult['grid']['items'][number];
export type Recommendation = CoverageResult['recommendations']['picks'][number];
/** A saved plan with its headline shares (`GET /api/coverage/plans`). */
export type CoveragePlan = InferResponseType<(typeof api.coverage)['plans']['$get'], 200>['items'][number];
/** Two runs' headline figures and their change (`GET /api/coverage/compare`). */
export type CoverageComparison = InferResponseType<(typeof api.coverage)['compare']['$get'], 200>;

/** What the planner's controls set; the rest of the request takes the server's defaults. */
export interface CoverageControls {
  /** R: a site is covered within this distance of an organisation. */
  siteRadiusKm: number;
  /** Rb: a border segment is covered within this distance of a joint point. */
  borderRadiusKm: number;
  /** Zone kinds that cover what lies inside them. */
  zoneKinds: ZoneKind[];
  /** Site kinds analysed (at least one). */
  siteKinds: SiteKind[];
  /** How many new sites to recommend. */
  k: number;
  /** Hex grid cell size (centre to corner). */
  cellKm: number;
}

/** The server's defaults (api/coverage/params.ts `DEFAULTS`, DESIGN §5); a unit test keeps them equal. */
export const DEFAULT_CONTROLS: CoverageControls = {
  siteRadiusKm: 5,
  borderRadiusKm: 10,
  zoneKinds: [...ZONE_KINDS],
  siteKinds: [...SITE_KINDS],
  k: 3,
  cellKm: 2.5,
};

/** The grid sizes offered: finer than 2.5 km makes a prefecture's grid slow and heavy to draw. */
export const CELL_SIZES_KM = [2.5, 5, 10] as const;

/** The request of a base run of `org`'s subtree with these controls. */
export function coverageRequest(controls: CoverageControls, org: number): CoverageRequest {
  return {
    org,
    siteRadiusKm: controls.siteRadiusKm,
    borderRadiusKm: controls.borderRadiusKm,
    zoneKinds: [...controls.zoneKinds],
    siteKinds: [...controls.siteKinds],
    k: controls.k,
    cellKm: controls.cellKm,
  };
}

/** What a what-if point stands for: a new organisation (covers sites) or joint point (covers the border). */
export type WhatIfKind = 'org' | 'joint_point';

/** A hypothetical organisation or joint point, placed on the map or taken from a recommendation. */
export interface WhatIfPoint {
  /** Stable within the page, for list keys and removal. */
  id: number;
  kind: WhatIfKind;
  lon: number;
  lat: number;
}

/** The API takes up to this many hypothetical points of each kind. */
export const WHAT_IF_LIMIT = 50;

/** Where the API accepts hypothetical points (Yunnan and its neighbours, params.ts `lonLat`). */
export function inAnalysisArea(lon: number, lat: number): boolean {
  return lon >= 97 && lon <= 112 && lat >= 18 && lat <= 30;
}

/**
 * The base request rerun with the what-if points, without the exact optimum (a quick rerun
 * after each click; the greedy recommendations still come back).
 */
export function whatIfRequest(base: CoverageRequest, points: readonly WhatIfPoint[]): CoverageRequest {
  const of = (kind: WhatIfKind) => points.filter((p) => p.kind === kind).map((p) => [p.lon, p.lat] as [number, number]);
  return { ...base, exact: false, hypothetical: { orgs: of('org'), jointPoints: of('joint_point') } };
}

/**
 * The what-if points that stand for a recommended site: an organisation where it gains sites, a
 * joint point where it gains border, both when it gains both (so the what-if gains what the
 * recommendation promised).
 */
export function recommendationKinds(pick: Pick<Recommendation, 'gainSites' | 'gainBorderKm'>): WhatIfKind[] {
  const kinds: WhatIfKind[] = [];
  if (pick.gainSites > 0 || pick.gainBorderKm <= 0) kinds.push('org');
  if (pick.gainBorderKm > 0) kinds.push('joint_point');
  return kinds;
}

/** An uncovered site with how far it lies outside its radius. */
export interface BlindSpot extends CoverageSite {
  /** Distance to the nearest organisation (stored or hypothetical); null when there is none. */
  distanceM: number | null;
  /** `distanceM − radiusM`: how much farther than covered; null when no organisation exists. */
  severityM: number | null;
}

/** The nearer of the stored and the hypothetical organisation, or null. */
function nearestM(site: Pick<CoverageSite, 'nearestOrgM' | 'hypotheticalM'>): number | null {
  const known = [site.nearestOrgM, site.hypotheticalM].filter((m): m is number => typeof m === 'number');
  return known.length > 0 ? Math.min(...known) : null;
}

/**
 * The uncovered sites, worst first: by how far they lie outside their radius (nearest
 * organisation − radius), sites without any organisation first, ties by id. Anything not
 * `covered: true` counts as uncovered (runs stored before sites.sql coalesced it held nulls).
 */
export function blindSpots(sites: readonly CoverageSite[]): BlindSpot[] {
  return sites
    .filter((s) => s.covered !== true)
    .map((s) => {
      const distanceM = nearestM(s);
      return { ...s, distanceM, severityM: distanceM === null ? null : distanceM - s.radiusM };
    })
    .sort((a, b) => {
      const sa = a.severityM ?? Number.POSITIVE_INFINITY;
      const sb = b.severityM ?? Number.POSITIVE_INFINITY;
      return sb - sa || a.id - b.id;
    });
}

/** Kilometres with at most one decimal ("197", "7.5"): the API's km carry float noise (196.99999…). */
export function kmText(km: number): string {
  return String(Math.round(km * 10) / 10);
}

/** Metres as kilometres with one decimal. */
export function metresAsKm(m: number | null): string {
  return m === null ? '—' : kmText(m / 1000);
}

/** A stretch's km markers from the border's start, "190–197 km". */
export function gapMarkers(gap: Pick<BorderGap, 'fromKm' | 'toKm'>): string {
  return `${kmText(gap.fromKm)}–${kmText(gap.toKm)} km`;
}

/** The positions of a GeoJSON LineString (the API's segment geometry), or none. */
export function linePositions(geometry: unknown): [number, number][] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g?.type !== 'LineString' || !Array.isArray(g.coordinates)) return [];
  return g.coordinates.filter(
    (c): c is [number, number] => Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number',
  );
}

/** The outer ring of a GeoJSON Polygon (the API's cell geometry), or none. */
export function polygonRing(geometry: unknown): [number, number][] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g?.type !== 'Polygon' || !Array.isArray(g.coordinates)) return [];
  return linePositions({ type: 'LineString', coordinates: g.coordinates[0] });
}

/** `[minLon, minLat, maxLon, maxLat]` of a result's sites and border, or null when it has neither. */
export function resultBounds(
  result: Pick<CoverageResult, 'sites' | 'border'>,
): [number, number, number, number] | null {
  const positions = [
    ...result.sites.items.map((s) => [s.lon, s.lat]),
    ...result.border.segments.flatMap((s) => linePositions(s.geometry)),
  ];
  if (positions.length === 0) return null;
  const lons = positions.map((p) => p[0] ?? 0);
  const lats = positions.map((p) => p[1] ?? 0);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** The uncovered segments of a stretch, in order. */
function gapSegments(gap: BorderGap, segments: readonly BorderSegment[]): BorderSegment[] {
  const eps = 1e-6;
  return segments.filter(
    (s) =>
      s.covered !== true && s.countyCode === gap.countyCode && s.fromKm >= gap.fromKm - eps && s.toKm <= gap.toKm + eps,
  );
}

/** A point on the border in the middle of an uncovered stretch (a vertex, so it lies on the line). */
export function gapAnchor(gap: BorderGap, segments: readonly BorderSegment[]): [number, number] | null {
  const inGap = gapSegments(gap, segments);
  const middle = inGap[Math.floor(inGap.length / 2)];
  const line = middle ? linePositions(middle.geometry) : [];
  return line[Math.floor(line.length / 2)] ?? null;
}

type Rgb = [number, number, number];

/**
 * Colours of the distance ramp at multiples of the radius: green inside, pale at R, then purples
 * farther out (not reds, so the red uncovered sites and blind outlines stand out on it).
 */
export const DISTANCE_RAMP: readonly { ratio: number; color: Rgb }[] = [
  { ratio: 0, color: [26, 150, 65] },
  { ratio: 0.5, color: [166, 217, 106] },
  { ratio: 1, color: [255, 255, 204] },
  { ratio: 2, color: [188, 189, 220] },
  { ratio: 4, color: [84, 39, 143] },
];

/** The ramp's colour of a distance to the nearest organisation; no organisation at all is the far end. */
export function distanceColor(distanceM: number | null, radiusM: number): Rgb {
  const last = DISTANCE_RAMP[DISTANCE_RAMP.length - 1]!.color;
  if (distanceM === null || radiusM <= 0) return last;
  const ratio = distanceM / radiusM;
  for (let i = 1; i < DISTANCE_RAMP.length; i++) {
    const a = DISTANCE_RAMP[i - 1]!;
    const b = DISTANCE_RAMP[i]!;
    if (ratio <= b.ratio) {
      const f = Math.max(0, (ratio - a.ratio) / (b.ratio - a.ratio));
      return a.color.map((c, k) => Math.round(c + f * ((b.color[k] ?? c) - c))) as Rgb;
    }
  }
  return last;
}

/** The radius the grid's blind cells are judged by: the smallest site radius (grid.sql `$8`). */
export function gridRadiusM(result: Pick<CoverageResult, 'params'>): number {
  return Math.min(...Object.values(result.params.radiusM));
}

/** A change of share in percentage points with one decimal, signed ("+1.3", "−0.5", "0.0"); null when unknown. */
export function pointsChange(base: number | null, next: number | null): string | null {
  if (base === null || next === null) return null;
  const pp = Math.round((next - base) * 1000) / 10;
  if (pp === 0) return '0.0';
  return `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)}`;
}

/** Where a run's exports download (plain links: the browser saves them under the server's names). */
export function exportHref(runId: number, format: 'geojson' | 'xlsx' | 'csv'): string {
  return `/api/coverage/${runId}/export.${format}`;
}
