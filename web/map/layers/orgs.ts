import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { OrgPoint } from '../../lib/features.ts';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import { ORG_KIND_COLOR } from '../palette.ts';
import { FONT_BOLD, FONT_REGULAR, type StyleLayerProps, visibility } from './common.ts';
import { badgeIconName, ORG_ICON_OFFSET_PX, orgIconName } from './icons.ts';

/**
 * Organisation seats, drawn by MapLibre from a clustered GeoJSON source: clusters as Party-red
 * discs with the count, single orgs as symbols by kind with their star rating (icons.ts), a red
 * badge counting each one's live warnings, and names from {@link ORG_LABEL_ZOOM} placed by
 * MapLibre's collision detection, which also keeps them clear of the place names and the other
 * seats. (They were deck.gl layers: a label placement of our own, and three more shader programs
 * to compile on first load, hundreds of milliseconds each with a software renderer.)
 */

/** Cluster radius in screen pixels. */
export const ORG_CLUSTER_RADIUS = 44;
/** Above this zoom every org is drawn on its own. */
export const ORG_CLUSTER_MAX_ZOOM = 13;
/** From this zoom single orgs carry their name. */
export const ORG_LABEL_ZOOM = 10.5;

/** An organisation's own live warnings, of which `critical` are critical. */
export interface OrgWarningCount {
  open: number;
  critical: number;
}

/** Properties of an org feature in the `orgs` source. */
export interface OrgFeatureProps {
  id: number;
  name: string;
  kind: string;
  /** Symbol image (icons.ts). */
  icon: string;
  /** Name as labelled (compactLabel). */
  label: string;
  /** Which names win when they compete for room: the higher organisation, then more stars. */
  rank: number;
  /** The label hangs lower under a symbol with a row of stars. */
  starred: boolean;
  /** Live warnings: the badge's text and pill image; absent without warnings. */
  warnings?: string;
  badge?: string;
}

/**
 * Map labels without full-width brackets: a full-width （ or ） keeps a whole em of which the mark
 * fills the outer half, so on the map "党支部（办公室）" reads with a hole before and after the
 * bracket. The ASCII brackets of the CJK font sit tight.
 */
export function compactLabel(text: string): string {
  return text.replace(/（/g, '(').replace(/）/g, ')');
}

/** A count as a badge shows it: up to 99, then "99+". */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

const KIND_RANK: Record<string, number> = {
  committee: 5,
  general_branch: 4,
  joint_branch: 3,
  branch: 3,
  temporary_branch: 2,
};

const NO_WARNINGS: ReadonlyMap<number, OrgWarningCount> = new Map();

/** The orgs as the `orgs` source's features, with their live warnings. */
export function orgFeatures(
  orgs: readonly OrgPoint[],
  warnings: ReadonlyMap<number, OrgWarningCount> = NO_WARNINGS,
): FeatureCollection<Point, OrgFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: orgs.map((o): Feature<Point, OrgFeatureProps> => {
      const w = warnings.get(o.id);
      const text = w && w.open > 0 ? badgeText(w.open) : null;
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: o.position },
        properties: {
          id: o.id,
          name: o.name,
          kind: o.kind,
          icon: orgIconName(o.kind, o.star),
          label: compactLabel(o.name),
          rank: (KIND_RANK[o.kind] ?? 1) + (o.star ?? 0) / 10,
          starred: (o.star ?? 0) > 0,
          ...(text && w ? { warnings: text, badge: badgeIconName(text, w.critical > 0) } : {}),
        },
      };
    }),
  };
}

/** The clustered `orgs` source over `data` (supercluster in MapLibre's worker). */
export function orgSource(data: FeatureCollection<Point, OrgFeatureProps>): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data,
    cluster: true,
    clusterRadius: ORG_CLUSTER_RADIUS,
    clusterMaxZoom: ORG_CLUSTER_MAX_ZOOM,
    // Feature ids for picking and the selection ring.
    promoteId: 'id',
  };
}

/** From the symbol's centre (its shape is 32 px across) to the badge's: the top-right corner. */
const BADGE_OFFSET_PX: [number, number] = [14, -14];
const BADGE_TEXT_PX = 11;
const LABEL_PX = 12;

const isCluster: ExpressionSpecification = ['has', 'point_count'];
const isSingle: ExpressionSpecification = ['!', isCluster];

export function orgLayers({ theme, visible }: StyleLayerProps): LayerSpecification[] {
  const layout = { visibility: visibility(visible) };
  const source = { source: SOURCE.orgs };
  return [
    {
      id: STYLE_LAYER.orgClusters,
      type: 'circle',
      ...source,
      filter: isCluster,
      layout,
      paint: {
        'circle-color': ORG_KIND_COLOR.general_branch,
        'circle-opacity': 225 / 255,
        // Pixels, growing with the count: min(28, 11 + 3 log2 n).
        'circle-radius': ['min', 28, ['+', 11, ['*', 3, ['log2', ['get', 'point_count']]]]],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: STYLE_LAYER.orgClusterCounts,
      type: 'symbol',
      ...source,
      filter: isCluster,
      layout: {
        ...layout,
        'text-field': ['to-string', ['get', 'point_count']],
        'text-font': FONT_BOLD,
        'text-size': 14,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      // Symbol and name in one layer: the symbol always shows and keeps other names off it; the
      // name shows where it fits, highest organisation first.
      id: STYLE_LAYER.orgs,
      type: 'symbol',
      ...source,
      filter: isSingle,
      layout: {
        ...layout,
        'icon-image': ['get', 'icon'],
        'icon-offset': [0, ORG_ICON_OFFSET_PX],
        'icon-allow-overlap': true,
        'text-field': ['step', ['zoom'], '', ORG_LABEL_ZOOM, ['get', 'label']],
        'text-font': FONT_REGULAR,
        'text-size': LABEL_PX,
        // One line for most names (up to 14 characters), two for the longest.
        'text-max-width': 14,
        'text-anchor': 'top',
        // Under the shape, or under its row of stars (ems of the label's size).
        'text-offset': ['case', ['get', 'starred'], ['literal', [0, 30 / LABEL_PX]], ['literal', [0, 20 / LABEL_PX]]],
        'text-optional': true,
        'text-padding': 3,
        'symbol-sort-key': ['-', 0, ['get', 'rank']],
      },
      paint: { 'text-color': theme.label, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.5 },
    },
    {
      id: STYLE_LAYER.orgWarningBadges,
      type: 'symbol',
      ...source,
      filter: ['all', isSingle, ['has', 'badge']],
      layout: {
        ...layout,
        'icon-image': ['get', 'badge'],
        'icon-offset': BADGE_OFFSET_PX,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'text-field': ['get', 'warnings'],
        'text-font': FONT_BOLD,
        'text-size': BADGE_TEXT_PX,
        'text-offset': [BADGE_OFFSET_PX[0] / BADGE_TEXT_PX, BADGE_OFFSET_PX[1] / BADGE_TEXT_PX],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
  ];
}
