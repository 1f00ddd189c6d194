import { ScatterplotLayer } from '@deck.gl/layers';
import { DECK_LAYER } from '../layerIds.ts';
import type { MapTheme } from '../theme.ts';

/** Props of {@link selectionLayer}. */
export interface SelectionLayerProps {
  /** Where the selected org or joint point is; null draws nothing. */
  position: [number, number] | null;
  theme: MapTheme;
}

/** A ring around the selected point feature, so the drawer and the map visibly agree. */
export function selectionLayer({ position, theme }: SelectionLayerProps) {
  return new ScatterplotLayer<[number, number]>({
    id: DECK_LAYER.selection,
    data: position ? [position] : [],
    filled: false,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (p) => p,
    getRadius: 24,
    getLineWidth: 3,
    getLineColor: theme.name === 'dark' ? [255, 197, 61, 255] : [168, 7, 26, 255],
    updateTriggers: { getLineColor: theme.name },
  });
}
