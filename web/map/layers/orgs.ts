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
}

/** From this zoom single orgs carry their name. */
export const ORG_LABEL_ZOOM = 10.5;

/** Cluster disc radius in pixels, growing with the count. */
export function clusterRadius(count: number): number {
  return Math.min(28, 11 + 3 * Math.log2(count));
}

/**
 * Organisation seats: single orgs as symbols by kind with their star rating (icons.ts), clusters
 * as Party-red discs with the count; names from {@link ORG_LABEL_ZOOM}.
 */
export function orgLayers({ items, theme, zoom, visible = true }: OrgLayerProps): Layer[] {
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
