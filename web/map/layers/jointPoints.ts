import { IconLayer } from '@deck.gl/layers';
import type { JointPoint } from '../../lib/features.ts';
import { DECK_LAYER } from '../layerIds.ts';
import { iconAtlas, JOINT_ICON, JOINT_ICON_PX } from './icons.ts';

/** Props of {@link jointPointLayer}. */
export interface JointPointLayerProps {
  /** Joint points to draw (already filtered). */
  points: JointPoint[];
  /** @default true */
  visible?: boolean;
}

/** Joint-building points along the border as diamonds with linked rings (icons.ts). */
export function jointPointLayer({ points, visible = true }: JointPointLayerProps) {
  const atlas = iconAtlas();
  return new IconLayer<JointPoint>({
    id: DECK_LAYER.jointPoints,
    data: points,
    visible,
    pickable: true,
    iconAtlas: atlas.url,
    iconMapping: atlas.mapping,
    getIcon: () => JOINT_ICON,
    getPosition: (p) => p.position,
    getSize: JOINT_ICON_PX,
    sizeUnits: 'pixels',
  });
}
