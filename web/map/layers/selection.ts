import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import type { MapTheme } from '../theme.ts';

/** The `selection` source: where the selected org or joint point is, if one is. */
export function selectionSource(position: readonly [number, number] | null): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: {
      type: 'FeatureCollection',
      features: position
        ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [...position] }, properties: {} }]
        : [],
    },
  };
}

/** A ring around the selected point feature, so the drawer and the map visibly agree. */
export function selectionLayers({ theme }: { theme: MapTheme }): LayerSpecification[] {
  return [
    {
      id: STYLE_LAYER.selection,
      type: 'circle',
      source: SOURCE.selection,
      paint: {
        'circle-radius': 24,
        'circle-opacity': 0,
        'circle-stroke-width': 3,
        'circle-stroke-color': theme.name === 'dark' ? '#ffc53d' : '#a8071a',
      },
    },
  ];
}
