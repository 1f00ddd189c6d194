/**
 * The map view's state and its URL form. Everything a shared link must reproduce lives here:
 * centre, zoom, visible layers, filters and the selected feature. Components read and change it
 * through `useMapState` (web/hooks/useMapState.ts); nothing else touches `location.search`.
 */

/** Thematic layers the user can toggle (base-map layers are always on). */
export const THEMATIC_LAYERS = [
  'admin',
  'border',
  'orgs',
  'zones',
  'joint_points',
  'sites',
  'members',
  'live',
] as const;
export type ThematicLayer = (typeof THEMATIC_LAYERS)[number];

export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'temporary_branch', 'joint_branch'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ZONE_KINDS = ['responsibility', 'border_defence', 'grid'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const SITE_KINDS = [
  'tobacco_station',
  'purchase_point',
  'village_committee',
  'retail_terminal',
  'border_post',
] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** What a click or a search result can select; `id` is the row id (member id for members). */
export const SELECTION_KINDS = ['org', 'zone', 'joint_point', 'site', 'member'] as const;
export type SelectionKind = (typeof SELECTION_KINDS)[number];
export interface Selection {
  kind: SelectionKind;
  id: number;
}

/** Filters narrow what is drawn; an empty list means "all". */
export interface MapFilters {
  /** County code (6-digit, e.g. '532624'); null = the whole prefecture. */
  county: string | null;
  orgKinds: OrgKind[];
  /** Star ratings 1..5 to show; orgs without a rating are hidden once this is non-empty. */
  stars: number[];
  zoneKinds: ZoneKind[];
}

export interface MapState {
  /** [longitude, latitude] in WGS84. */
  center: [number, number];
  zoom: number;
  layers: ThematicLayer[];
  filters: MapFilters;
  selection: Selection | null;
  /** Big-screen mode (大屏): dark theme, full screen, headline counts. */
  screen: boolean;
}

/**
 * Wenshan prefecture (文山州) as first seen by those whose scope is the prefecture; everyone else
 * opens on their own extent (`useHomeView`) unless a link names a camera.
 */
export const DEFAULT_STATE: MapState = {
  center: [104.8, 23.5],
  zoom: 7.6,
  layers: ['admin', 'border', 'orgs', 'zones', 'joint_points', 'members', 'live'],
  filters: { county: null, orgKinds: [], stars: [], zoneKinds: [] },
  selection: null,
  screen: false,
};

// URL keys are short so links stay readable: ?c=104.8,23.5&z=7.6&l=orgs,zones&sel=org:12
const KEY = {
  center: 'c',
  zoom: 'z',
  layers: 'l',
  county: 'county',
  orgKinds: 'ok',
  stars: 'stars',
  zoneKinds: 'zk',
  selection: 'sel',
  screen: 'screen',
} as const;

function pickAll<T extends string>(raw: string | null, allowed: readonly T[]): T[] | null {
  if (raw === null) return null;
  if (raw === '') return [];
  return raw.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

/** Whether a query string names a camera (a shared link, a reload): then the map opens there. */
export function hasCamera(search: string): boolean {
  const q = new URLSearchParams(search);
  return q.has(KEY.center) || q.has(KEY.zoom);
}

/** Reads a state from a query string; anything missing or malformed falls back to the default. */
export function parseMapState(search: string, base: MapState = DEFAULT_STATE): MapState {
  const q = new URLSearchParams(search);
  const [lon, lat] = (q.get(KEY.center) ?? '').split(',').map(Number);
  const center: [number, number] =
    lon !== undefined && lat !== undefined && Math.abs(lon) <= 180 && Math.abs(lat) <= 85 && q.has(KEY.center)
      ? [lon, lat]
      : base.center;
  const zoomRaw = Number(q.get(KEY.zoom));
  const zoom = q.has(KEY.zoom) && Number.isFinite(zoomRaw) && zoomRaw >= 0 && zoomRaw <= 22 ? zoomRaw : base.zoom;
  const county = q.get(KEY.county);
  const stars = pickAll(q.get(KEY.stars), ['1', '2', '3', '4', '5'] as const);
  const sel = /^([a-z_]+):(\d+)$/.exec(q.get(KEY.selection) ?? '');
  const selKind = sel?.[1] as SelectionKind | undefined;
  const selection =
    sel && selKind && SELECTION_KINDS.includes(selKind) && Number(sel[2]) > 0
      ? { kind: selKind, id: Number(sel[2]) }
      : base.selection;
  return {
    center,
    zoom,
    layers: pickAll(q.get(KEY.layers), THEMATIC_LAYERS) ?? base.layers,
    filters: {
      county: county && /^\d{6}$/.test(county) ? county : base.filters.county,
      orgKinds: pickAll(q.get(KEY.orgKinds), ORG_KINDS) ?? base.filters.orgKinds,
      stars: stars ? stars.map(Number) : base.filters.stars,
      zoneKinds: pickAll(q.get(KEY.zoneKinds), ZONE_KINDS) ?? base.filters.zoneKinds,
    },
    selection,
    screen: q.has(KEY.screen) ? q.get(KEY.screen) === '1' : base.screen,
  };
}

/**
 * Writes a state as a query string. Centre keeps 5 decimals (about 1 m), zoom 2; values equal to
 * the default are left out so the plain URL stays plain.
 */
export function formatMapState(state: MapState): string {
  const q = new URLSearchParams();
  const d = DEFAULT_STATE;
  q.set(KEY.center, `${state.center[0].toFixed(5)},${state.center[1].toFixed(5)}`);
  q.set(KEY.zoom, state.zoom.toFixed(2));
  if (state.layers.join() !== d.layers.join()) q.set(KEY.layers, state.layers.join(','));
  if (state.filters.county) q.set(KEY.county, state.filters.county);
  if (state.filters.orgKinds.length) q.set(KEY.orgKinds, state.filters.orgKinds.join(','));
  if (state.filters.stars.length) q.set(KEY.stars, state.filters.stars.join(','));
  if (state.filters.zoneKinds.length) q.set(KEY.zoneKinds, state.filters.zoneKinds.join(','));
  if (state.selection) q.set(KEY.selection, `${state.selection.kind}:${state.selection.id}`);
  if (state.screen) q.set(KEY.screen, '1');
  return q.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
}
