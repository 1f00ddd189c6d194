import type { GeoJSONSource, MapGeoJSONFeature, Map as MaplibreMap } from 'maplibre-gl';
import type { LivePosition } from '../lib/positions.ts';
import { PICKABLE_STYLE_LAYERS, SOURCE, STYLE_LAYER } from './layerIds.ts';
import { LIVE_STATE } from './layers/members.ts';
import { ORG_CLUSTER_MAX_ZOOM } from './layers/orgs.ts';
import type { Selection } from './state.ts';

/**
 * What is under the pointer, whichever renderer drew it: the live members' canvas (deck.gl) and
 * MapLibre's style layers (orgs, joint points, members' latest fixes, sites, zones), in the order
 * of {@link hitAt}.
 */
export type MapHit =
  | {
      type: 'feature';
      selection: Selection;
      name: string;
      /** The server's kind of org, zone or site (for the tooltip's kind label); null otherwise. */
      subKind: string | null;
      /** When a live member's fix was taken (ISO), for "3 minutes ago"; absent otherwise. */
      fixTime?: string;
    }
  | {
      type: 'cluster';
      layer: 'orgs' | 'members' | 'sites';
      count: number;
      center: [number, number];
      /** Where a click zooms to ({@link clusterZoom} may know better). */
      zoom: number;
      /** An org cluster's id in the `orgs` source. */
      clusterId?: number;
    };

/** Pixels of slack around the pointer, so small symbols are easy to hit. */
const PICK_RADIUS = 4;

/**
 * Live dots jump to a new place every second or so: between seeing one and clicking, it may have
 * moved by its own size. Once nothing that stands still is under the pointer, a live member this
 * close still counts.
 */
export const LIVE_PICK_RADIUS = 14;

/** Finds the live member near a pixel (liveOverlay.ts). */
export interface LivePicker {
  pick(x: number, y: number, radius: number): LivePosition | null;
}

/** Aggregated tiles switch to single points at this zoom (tiles/README.md). */
const AGGREGATE_BELOW = 12;

/** Where a click on an aggregated cell goes: two levels in, at most to the first unaggregated zoom. */
export function cellZoom(zoom: number): number {
  return Math.min(Math.max(zoom + 2, 8), AGGREGATE_BELOW);
}

/** The symbols that stand still: organisations, their clusters, joint points. */
const STILL = [STYLE_LAYER.orgs, STYLE_LAYER.orgClusters, STYLE_LAYER.jointPoints];
const MEMBER_POINTS = [STYLE_LAYER.membersPoint, STYLE_LAYER.membersSelected];
const MEMBER_CELLS = [STYLE_LAYER.membersCell];
/** Style layers of points, which come before a live member picked from afar. */
const STYLE_POINTS = PICKABLE_STYLE_LAYERS.filter((l) => l !== STYLE_LAYER.zonesFill);

function liveHit(p: LivePosition): MapHit {
  return {
    type: 'feature',
    selection: { kind: 'member', id: p.memberId },
    name: p.name,
    subKind: null,
    fixTime: p.time,
  };
}

/** The features of those `layers` in the style that are drawn within PICK_RADIUS of (x, y). */
function renderedAt(map: MaplibreMap, x: number, y: number, layers: readonly string[]): MapGeoJSONFeature[] {
  const shown = layers.filter((l) => map.getLayer(l));
  return shown.length === 0 ? [] : map.queryRenderedFeatures(box(x, y), { layers: shown });
}

/** An organisation, a cluster of them, or a joint point. */
function stillHit(map: MaplibreMap, x: number, y: number): MapHit | null {
  const f = renderedAt(map, x, y, STILL)[0];
  if (!f) return null;
  const p = f.properties as Record<string, unknown>;
  if (f.layer.id === STYLE_LAYER.orgClusters) {
    return {
      type: 'cluster',
      layer: 'orgs',
      count: Number(p.point_count ?? 0),
      center: pointOf(f),
      zoom: Math.min(map.getZoom() + 2, ORG_CLUSTER_MAX_ZOOM + 1),
      clusterId: Number(p.cluster_id),
    };
  }
  if (typeof p.id !== 'number') return null;
  const name = String(p.name ?? '');
  if (f.layer.id === STYLE_LAYER.jointPoints) {
    return { type: 'feature', selection: { kind: 'joint_point', id: p.id }, name, subKind: null };
  }
  return {
    type: 'feature',
    selection: { kind: 'org', id: p.id },
    name,
    subKind: typeof p.kind === 'string' ? p.kind : null,
  };
}

/**
 * The zoom a click on a cluster goes to: where an org cluster falls apart (MapLibre's
 * supercluster knows), else the hit's own.
 */
export async function clusterZoom(map: MaplibreMap, hit: Extract<MapHit, { type: 'cluster' }>): Promise<number> {
  const source = map.getSource<GeoJSONSource>(SOURCE.orgs);
  if (hit.clusterId === undefined || !source) return hit.zoom;
  try {
    return Math.min(await source.getClusterExpansionZoom(hit.clusterId), ORG_CLUSTER_MAX_ZOOM + 1);
  } catch {
    // The data changed since (a filter): the cluster is gone.
    return hit.zoom;
  }
}

/** A member's latest fix (or an aggregated cell of them) from the tiles; live members' dots are not drawn. */
function memberHit(map: MaplibreMap, x: number, y: number, layers: readonly string[]): MapHit | null {
  const f = renderedAt(map, x, y, layers).find((f) => f.state?.[LIVE_STATE] !== true);
  if (!f) return null;
  const p = f.properties as Record<string, unknown>;
  if (f.layer.id !== STYLE_LAYER.membersCell && typeof p.id === 'number') {
    return { type: 'feature', selection: { kind: 'member', id: p.id }, name: String(p.name ?? ''), subKind: null };
  }
  return {
    type: 'cluster',
    layer: 'members',
    count: Number(p.count ?? 0),
    center: pointOf(f),
    zoom: cellZoom(map.getZoom()),
  };
}

const box = (x: number, y: number): [[number, number], [number, number]] => [
  [x - PICK_RADIUS, y - PICK_RADIUS],
  [x + PICK_RADIUS, y + PICK_RADIUS],
];

function pointOf(f: MapGeoJSONFeature): [number, number] {
  const g = f.geometry;
  return g.type === 'Point' ? [g.coordinates[0] ?? 0, g.coordinates[1] ?? 0] : [0, 0];
}

function styleHit(map: MaplibreMap, x: number, y: number, pickable: readonly string[]): MapHit | null {
  // Points before areas, whatever the render order says.
  const ranked = renderedAt(map, x, y, pickable).sort(
    (a, b) => PICKABLE_STYLE_LAYERS.indexOf(a.layer.id) - PICKABLE_STYLE_LAYERS.indexOf(b.layer.id),
  );
  const f = ranked[0];
  if (!f) return null;
  const p = f.properties as Record<string, unknown>;
  if (f.layer.id === STYLE_LAYER.sitesAggregate) {
    return {
      type: 'cluster',
      layer: 'sites',
      count: Number(p.count ?? 0),
      center: pointOf(f),
      zoom: cellZoom(map.getZoom()),
    };
  }
  if (typeof p.id !== 'number') return null;
  const kind = f.layer.id === STYLE_LAYER.zonesFill ? 'zone' : 'site';
  return {
    type: 'feature',
    selection: { kind, id: p.id },
    name: String(p.name ?? ''),
    subKind: typeof p.kind === 'string' ? p.kind : null,
  };
}

/**
 * What a click at pixel (x, y) of the map means, or null. Not simply the topmost symbol: a member
 * under the pointer (live or latest fix) wins over the organisation icon drawn above it, or a
 * member standing at the branch seat could never be clicked. Then organisations and joint points,
 * then aggregated member cells (large discs that would swallow the icons on them), then sites,
 * then a live member within {@link LIVE_PICK_RADIUS}, then zones.
 */
export function hitAt(map: MaplibreMap, live: LivePicker | null, x: number, y: number): MapHit | null {
  const underLive = live?.pick(x, y, PICK_RADIUS);
  if (underLive) return liveHit(underLive);
  const member = memberHit(map, x, y, MEMBER_POINTS);
  if (member) return member;
  const still = stillHit(map, x, y) ?? memberHit(map, x, y, MEMBER_CELLS) ?? styleHit(map, x, y, STYLE_POINTS);
  if (still) return still;
  const nearLive = live?.pick(x, y, LIVE_PICK_RADIUS);
  if (nearLive) return liveHit(nearLive);
  return styleHit(map, x, y, PICKABLE_STYLE_LAYERS);
}
