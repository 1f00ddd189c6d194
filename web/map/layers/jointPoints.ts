import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { JointPoint } from '../../lib/features.ts';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import { type StyleLayerProps, visibility } from './common.ts';
import { JOINT_ICON, JOINT_ICON_SIZE } from './icons.ts';

/** Properties of a joint point in the `joint_points` source. */
export interface JointPointProps {
  id: number;
  name: string;
}

/** The joint points (already filtered) as the `joint_points` source. */
export function jointPointSource(points: readonly JointPoint[]): GeoJSONSourceSpecification {
  const data: FeatureCollection<Point, JointPointProps> = {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: p.position },
      properties: { id: p.id, name: p.name },
    })),
  };
  return { type: 'geojson', data, promoteId: 'id' };
}

/** Joint-building points along the border as diamonds with linked rings (icons.ts), all shown. */
export function jointPointLayers({ visible }: StyleLayerProps): LayerSpecification[] {
  return [
    {
      id: STYLE_LAYER.jointPoints,
      type: 'symbol',
      source: SOURCE.jointPoints,
      layout: {
        visibility: visibility(visible),
        'icon-image': JOINT_ICON,
        'icon-size': JOINT_ICON_SIZE,
        'icon-allow-overlap': true,
      },
    },
  ];
}
