import type { Layer } from '@deck.gl/core';
import { IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { OrgPoint } from '../../lib/features.ts';
import type { OrgCluster, OrgItems } from '../clusters.ts';
import { DECK_LAYER } from '../layerIds.ts';
import { ORG_KIND_COLOR, rgba } from '../palette.ts';
import { CJK_FONT_FAMILY } from '../style.ts';
import type { MapTheme } from '../theme.ts';
import { iconAtlas, ORG_ICON_PX, orgIconName } from './icons.ts';

/** Props of {@link orgLayers}. */
export interface OrgLayerProps {
  /** Orgs and clusters at the current zoom (clusters.ts). */
  items: OrgItems;
  theme: MapTheme;
  /** Current zoom: names appear from {@link ORG_LABEL_ZOOM}. */
  zoom: number;
  /** @default true */
  visible?: boolean;
  /**
   * Live warnings by organisation id (GET /api/warnings/summary `byOrg`): a red badge with the
   * count at the top right of each single organisation that has some. @default none
   */
  warnings?: ReadonlyMap<number, OrgWarningCount>;
}

/** An organisation's own live warnings, of which `critical` are critical. */
export interface OrgWarningCount {
  open: number;
  critical: number;
}

/** One red badge: where, and the count it shows. */
export interface WarningBadge {
  orgId: number;
  position: [number, number];
  text: string;
  critical: boolean;
}

/** Badge colours: Party red, a deeper red when any warning is critical. */
const BADGE_COLOR = rgba('#f5222d');
const BADGE_CRITICAL_COLOR = rgba('#a8071a');
/** From the symbol's centre (its shape is 32 px across) to the badge's: the top-right corner. */
const BADGE_OFFSET: [number, number] = [14, -14];

/** A count as a badge shows it: up to 99, then "99+". */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/**
 * The badges of the single organisations with live warnings. Clustered organisations carry
 * none: their cluster disc already stands for several, and the badges appear as it falls apart.
 */
export function warningBadges(
  singles: readonly OrgPoint[],
  warnings: ReadonlyMap<number, OrgWarningCount>,
): WarningBadge[] {
  const badges: WarningBadge[] = [];
  for (const o of singles) {
    const w = warnings.get(o.id);
    if (w && w.open > 0)
      badges.push({ orgId: o.id, position: o.position, text: badgeText(w.open), critical: w.critical > 0 });
  }
  return badges;
}

const NO_WARNINGS: ReadonlyMap<number, OrgWarningCount> = new Map();

// The map rebuilds its layers on every live fix; handing deck.gl the same badge array while the
// orgs and counts are unchanged spares it laying the texts out again.
let lastBadges: {
  singles: readonly OrgPoint[];
  warnings: ReadonlyMap<number, unknown>;
  badges: WarningBadge[];
} | null = null;
function badgesOf(singles: readonly OrgPoint[], warnings: ReadonlyMap<number, OrgWarningCount>): WarningBadge[] {
  if (lastBadges?.singles !== singles || lastBadges.warnings !== warnings) {
    lastBadges = { singles, warnings, badges: warningBadges(singles, warnings) };
  }
  return lastBadges.badges;
}

/** From this zoom single orgs carry their name. */
export const ORG_LABEL_ZOOM = 10.5;

/** Cluster disc radius in pixels, growing with the count. */
export function clusterRadius(count: number): number {
  return Math.min(28, 11 + 3 * Math.log2(count));
}

/**
 * Organisation seats: single orgs as symbols by kind with their star rating (icons.ts), clusters
 * as Party-red discs with the count, red badges counting live warnings; names from
 * {@link ORG_LABEL_ZOOM}.
 */
export function orgLayers({ items, theme, zoom, visible = true, warnings = NO_WARNINGS }: OrgLayerProps): Layer[] {
  const atlas = iconAtlas();
  return [
    new ScatterplotLayer<OrgCluster>({
      id: DECK_LAYER.orgClusters,
      data: items.clusters,
      visible,
      pickable: true,
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (c) => c.position,
      getRadius: (c) => clusterRadius(c.count),
      getFillColor: rgba(ORG_KIND_COLOR.general_branch, 225),
      getLineColor: [255, 255, 255, 255],
      getLineWidth: 2.5,
    }),
    new TextLayer<OrgCluster>({
      id: DECK_LAYER.orgClusterCounts,
      data: items.clusters,
      visible,
      getPosition: (c) => c.position,
      getText: (c) => String(c.count),
      getSize: 14,
      getColor: [255, 255, 255, 255],
      fontWeight: 700,
      characterSet: '0123456789',
      fontFamily: CJK_FONT_FAMILY,
    }),
    new IconLayer<OrgPoint>({
      id: DECK_LAYER.orgs,
      data: items.singles,
      visible,
      pickable: true,
      iconAtlas: atlas.url,
      iconMapping: atlas.mapping,
      getIcon: (o) => orgIconName(o.kind, o.star),
      getPosition: (o) => o.position,
      getSize: ORG_ICON_PX,
      sizeUnits: 'pixels',
    }),
    new TextLayer<WarningBadge>({
      id: DECK_LAYER.orgWarnings,
      data: badgesOf(items.singles, warnings),
      visible,
      getPosition: (b) => b.position,
      getText: (b) => b.text,
      getSize: 11,
      getColor: [255, 255, 255, 255],
      getPixelOffset: BADGE_OFFSET,
      fontWeight: 700,
      characterSet: '0123456789+',
      fontFamily: CJK_FONT_FAMILY,
      background: true,
      getBackgroundColor: (b) => (b.critical ? BADGE_CRITICAL_COLOR : BADGE_COLOR),
      getBorderColor: [255, 255, 255, 255],
      getBorderWidth: 1.5,
      backgroundPadding: [4, 1],
      backgroundBorderRadius: 8,
    }),
    new TextLayer<OrgPoint>({
      id: DECK_LAYER.orgLabels,
      data: items.singles,
      visible: visible && zoom >= ORG_LABEL_ZOOM,
      getPosition: (o) => o.position,
      getText: (o) => o.name,
      getSize: 12,
      getColor: theme.pointLabel,
      getPixelOffset: (o) => [0, o.star ? 30 : 20],
      getAlignmentBaseline: 'top',
      characterSet: 'auto',
      fontFamily: CJK_FONT_FAMILY,
      fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
      outlineWidth: 3,
      outlineColor: theme.pointLabelHalo,
      updateTriggers: { getColor: theme.name },
    }),
  ];
}
