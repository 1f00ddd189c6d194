import type { LayerSpecification } from 'maplibre-gl';
import { idFilter, zoneFilter } from '../filters.ts';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import { ORG_KIND_COLOR, ZONE_KIND_COLOR } from '../palette.ts';
import type { MapFilters } from '../state.ts';
import { byZoom, colorByProperty, type StyleLayerProps, visibility } from './common.ts';

/** Props of the zone layers (党员责任区 and the other zone kinds). */
export interface ZoneLayerProps extends StyleLayerProps {
  filters: MapFilters;
  /** Id of the selected zone, outlined. @default null */
  selectedId?: number | null;
}

/** Zones as fills coloured by kind, with outlines and the selected zone's outline. */
export function zoneLayers({ theme, visible, filters, selectedId = null }: ZoneLayerProps): LayerSpecification[] {
  const color = colorByProperty('kind', ZONE_KIND_COLOR, ZONE_KIND_COLOR.responsibility);
  const filter = zoneFilter(filters);
  const layout = { visibility: visibility(visible) };
  return [
    {
      id: STYLE_LAYER.zonesFill,
      type: 'fill',
      source: SOURCE.zones,
      'source-layer': 'zones',
      filter,
      layout,
      paint: { 'fill-color': color, 'fill-opacity': theme.zoneOpacity },
    },
    {
      id: STYLE_LAYER.zonesLine,
      type: 'line',
      source: SOURCE.zones,
      'source-layer': 'zones',
      filter,
      layout: { ...layout, 'line-join': 'round' },
      paint: { 'line-color': color, 'line-width': byZoom([7, 0.8], [13, 2]), 'line-opacity': 0.9 },
    },
    {
      id: STYLE_LAYER.zonesSelected,
      type: 'line',
      source: SOURCE.zones,
      'source-layer': 'zones',
      filter: ['all', filter, idFilter(selectedId)],
      layout: { ...layout, 'line-join': 'round' },
      paint: { 'line-color': ORG_KIND_COLOR.committee, 'line-width': byZoom([7, 2.5], [13, 4.5]) },
    },
  ];
}
