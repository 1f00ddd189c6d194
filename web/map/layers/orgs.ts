import type { Layer } from '@deck.gl/core';
import { IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { OrgPoint } from '../../lib/features.ts';
import type { OrgCluster, OrgItems } from '../clusters.ts';
import { compactLabel, placeLabels } from '../labelPlacement.ts';
import { DECK_LAYER } from '../layerIds.ts';
import { ORG_KIND_COLOR, rgba } from '../palette.ts';
import { CJK_FONT_FAMILY } from '../style.ts';
import type { MapTheme } from '../theme.ts';
import { BADGE_ICON_PX, badgeIconName, iconAtlas, ORG_ICON_PX, orgIconName } from './icons.ts';

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

/** A single org's name label as drawn: the org, its text, and its offset under the symbol. */
export interface OrgLabel {
  org: OrgPoint;
  position: [number, number];
  text: string;
  priority: number;
  offsetY: number;
}

/** Which names show first when they compete for room: the higher organisation, then more stars. */
const KIND_RANK: Record<string, number> = {
  committee: 5,
  general_branch: 4,
  joint_branch: 3,
  branch: 3,
  temporary_branch: 2,
};

const LABEL_SIZE = 12;
const labelOffset = (o: OrgPoint) => (o.star ? 30 : 20);

let lastLabels: { singles: readonly OrgPoint[]; zoom: number; labels: OrgLabel[] } | null = null;

/**
 * The names that fit at this zoom without overlapping each other or other seats (labelPlacement.ts);
 * kept for a quarter zoom step so a pinch does not re-place them every frame.
 */
export function orgLabels(singles: readonly OrgPoint[], zoom: number): OrgLabel[] {
  const z = Math.round(zoom * 4) / 4;
  if (lastLabels?.singles === singles && lastLabels.zoom === z) return lastLabels.labels;
  const candidates = singles.map((org) => ({
    org,
    position: org.position,
    text: compactLabel(org.name),
    priority: (KIND_RANK[org.kind] ?? 1) + (org.star ?? 0) / 10,
    offsetY: labelOffset(org),
  }));
  const labels = placeLabels(candidates, z, { size: LABEL_SIZE, offsetY: 20, symbol: ORG_ICON_PX, padding: 3 });
  lastLabels = { singles, zoom: z, labels };
  return labels;
}

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
  const badges = badgesOf(items.singles, warnings);
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
    new IconLayer<WarningBadge>({
      id: DECK_LAYER.orgWarningBadges,
      data: badges,
      visible,
      iconAtlas: atlas.url,
      iconMapping: atlas.mapping,
      getIcon: (b) => badgeIconName(b.text, b.critical),
      getPosition: (b) => b.position,
      getPixelOffset: BADGE_OFFSET,
      getSize: BADGE_ICON_PX,
      sizeUnits: 'pixels',
    }),
    new TextLayer<WarningBadge>({
      id: DECK_LAYER.orgWarnings,
      data: badges,
      visible,
      getPosition: (b) => b.position,
      getText: (b) => b.text,
      getSize: 11,
      getColor: [255, 255, 255, 255],
      getPixelOffset: BADGE_OFFSET,
      fontWeight: 700,
      characterSet: '0123456789+',
      fontFamily: CJK_FONT_FAMILY,
    }),
    new TextLayer<OrgLabel>({
      id: DECK_LAYER.orgLabels,
      data: zoom >= ORG_LABEL_ZOOM ? orgLabels(items.singles, zoom) : [],
      visible: visible && zoom >= ORG_LABEL_ZOOM,
      getPosition: (l) => l.position,
      getText: (l) => l.text,
      getSize: LABEL_SIZE,
      getColor: theme.pointLabel,
      getPixelOffset: (l) => [0, l.offsetY],
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
