import type { LayerSpecification } from 'maplibre-gl';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import { byZoom, type StyleLayerProps, visibility } from './common.ts';

/**
 * The national border (国界) in the usual Chinese map style: a thick dash-dot line (long dash,
 * gap, dot, gap) over a soft band. The dash array is in line widths, so the rhythm keeps with zoom.
 */
export function borderLayers({ theme, visible }: StyleLayerProps): LayerSpecification[] {
  const layout = { visibility: visibility(visible), 'line-join': 'round' as const };
  return [
    {
      id: STYLE_LAYER.borderHalo,
      type: 'line',
      source: SOURCE.border,
      'source-layer': 'border',
      layout,
      paint: { 'line-color': theme.borderHalo, 'line-width': byZoom([5, 5], [12, 16]) },
    },
    {
      id: STYLE_LAYER.borderLine,
      type: 'line',
      source: SOURCE.border,
      'source-layer': 'border',
      layout: { ...layout, 'line-cap': 'butt' },
      paint: {
        'line-color': theme.border,
        'line-width': byZoom([5, 1.8], [12, 4]),
        'line-dasharray': [5, 1.2, 1, 1.2],
      },
    },
  ];
}
