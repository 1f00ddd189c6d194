import type { ExpressionSpecification, LayerSpecification, Map as MaplibreMap } from 'maplibre-gl';
import { idFilter } from '../filters.ts';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import { MEMBER_COLOR, ORG_KIND_COLOR } from '../palette.ts';
import { FONT_BOLD, type StyleLayerProps, visibility } from './common.ts';

/**
 * Members' latest BeiDou positions from the scoped `members` vector tiles, drawn by MapLibre like
 * the sites: single members as small blue dots, aggregated cells (below z 12) as discs sized by
 * the count with the number. MapLibre decodes the tiles in its workers and requests them with the
 * other sources; as deck.gl layers they were parsed on the main thread, asked for only after
 * deck.gl's first frame, and cost two more shader programs (hundreds of milliseconds each to
 * compile with a software renderer).
 */

/** Properties of a `members` tile feature: a member's last fix, or an aggregated cell. */
export interface MemberTileProps {
  id?: number;
  name?: string;
  orgId?: number;
  time?: string;
  count?: number;
  cluster?: boolean;
}

/** The tiles' layer name. */
export const MEMBER_SOURCE_LAYER = 'members';

/** Feature state of a member whose dot the live layer draws: its tile dot is left out. */
export const LIVE_STATE = 'live';

/** Radius in pixels of an aggregated cell of `count` members. */
export function memberCellRadius(count: number): number {
  return Math.min(20, 3.5 + 1.8 * Math.sqrt(count));
}

/** Radius in pixels of a single member's dot. */
export const MEMBER_RADIUS = 4.5;

/** Cells with fewer members than this show no number (it would not fit). */
const COUNT_LABEL_MIN = 10;

const isCell: ExpressionSpecification = ['any', ['==', ['get', 'cluster'], true], ['has', 'count']];
const isSingle: ExpressionSpecification = ['!', isCell];
/** 0 for a member on the live layer, else `value`. */
const unlessLive = (value: number): ExpressionSpecification => [
  'case',
  ['boolean', ['feature-state', LIVE_STATE], false],
  0,
  value,
];

/** Props of {@link memberLayers}. */
export interface MemberLayerProps extends StyleLayerProps {
  /** Member id to ring. @default null */
  selectedId?: number | null;
}

export function memberLayers({ visible, selectedId = null }: MemberLayerProps): LayerSpecification[] {
  const layout = { visibility: visibility(visible) };
  const source = { source: SOURCE.members, 'source-layer': MEMBER_SOURCE_LAYER };
  return [
    {
      id: STYLE_LAYER.membersCell,
      type: 'circle',
      ...source,
      filter: isCell,
      layout,
      paint: {
        'circle-color': MEMBER_COLOR,
        'circle-opacity': 170 / 255,
        // memberCellRadius as an expression.
        'circle-radius': ['min', 20, ['+', 3.5, ['*', 1.8, ['sqrt', ['coalesce', ['get', 'count'], 1]]]]],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-opacity': 0.9,
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: STYLE_LAYER.membersCellCount,
      type: 'symbol',
      ...source,
      filter: ['all', isCell, ['>=', ['coalesce', ['get', 'count'], 0], COUNT_LABEL_MIN]],
      layout: {
        ...layout,
        'text-field': ['to-string', ['get', 'count']],
        'text-font': FONT_BOLD,
        'text-size': 10,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: STYLE_LAYER.membersPoint,
      type: 'circle',
      ...source,
      filter: isSingle,
      layout,
      paint: {
        'circle-color': MEMBER_COLOR,
        'circle-opacity': unlessLive(240 / 255),
        'circle-radius': MEMBER_RADIUS,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-opacity': unlessLive(0.9),
        'circle-stroke-width': 1.5,
      },
    },
    {
      // The selected member's latest fix in the committee's red, also with the layer off (picked
      // in the search box); a live member is ringed by the live layer instead.
      id: STYLE_LAYER.membersSelected,
      type: 'circle',
      ...source,
      filter: ['all', isSingle, idFilter(selectedId)],
      layout: { visibility: visibility(visible || selectedId !== null) },
      paint: {
        'circle-color': ORG_KIND_COLOR.committee,
        'circle-opacity': unlessLive(1),
        'circle-radius': MEMBER_RADIUS + 1,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-opacity': unlessLive(1),
        'circle-stroke-width': 2,
      },
    },
  ];
}

/**
 * Marks the members the live layer draws (feature state {@link LIVE_STATE}), so their tile dots
 * are neither drawn nor picked; only the difference to the last call is applied. A feature state
 * changes no tile, so a member joining or leaving repaints the map without decoding anything.
 * Before the style has its members source, the latest set waits for it.
 */
export function markLiveMembers(map: MaplibreMap, ids: ReadonlySet<number>): void {
  const waiting = pending.has(map);
  pending.set(map, ids);
  if (waiting) return;
  const apply = () => {
    const latest = pending.get(map);
    if (!latest) return;
    if (!map.getSource(SOURCE.members)) {
      map.once('styledata', apply);
      return;
    }
    pending.delete(map);
    const before = marked.get(map) ?? new Set<number>();
    const at = (id: number) => ({ source: SOURCE.members, sourceLayer: MEMBER_SOURCE_LAYER, id });
    for (const id of before) if (!latest.has(id)) map.setFeatureState(at(id), { [LIVE_STATE]: false });
    for (const id of latest) if (!before.has(id)) map.setFeatureState(at(id), { [LIVE_STATE]: true });
    marked.set(map, new Set(latest));
  };
  apply();
}

/** What each map was last told, and a set still waiting for the style. */
const marked = new WeakMap<MaplibreMap, Set<number>>();
const pending = new WeakMap<MaplibreMap, ReadonlySet<number>>();
