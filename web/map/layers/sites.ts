import type { LayerSpecification } from 'maplibre-gl';
import { idFilter, siteAggregateFilter, siteFilter } from '../filters.ts';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import { ORG_KIND_COLOR, SITE_KIND_COLOR } from '../palette.ts';
import type { MapFilters } from '../state.ts';
import { byZoom, colorByProperty, FONT_REGULAR, type StyleLayerProps, visibility } from './common.ts';

/** Props of the site layers (烟站, 收购点, 村委会, …). */
export interface SiteLayerProps extends StyleLayerProps {
  filters: MapFilters;
  /** Id of the selected site, ringed. @default null */
  selectedId?: number | null;
}

/** Muted colour of aggregated cells: sites are context, not the subject. */
const AGGREGATE_COLOR = '#8c7a5b';

/**
 * Sites as small circles by kind from z 12; below, the tile server sends one point per grid cell
 * with `count`, drawn as a circle sized by the count with the number in it.
 */
export function siteLayers({ theme, visible, filters, selectedId = null }: SiteLayerProps): LayerSpecification[] {
  const layout = { visibility: visibility(visible) };
  const single = siteFilter(filters);
  return [
    {
      id: STYLE_LAYER.sitesAggregate,
      type: 'circle',
      source: SOURCE.sites,
      'source-layer': 'sites',
      filter: siteAggregateFilter,
      layout,
      paint: {
        'circle-color': AGGREGATE_COLOR,
        'circle-opacity': 0.75,
        'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 1, 4, 10, 8, 100, 14, 1000, 22],
        'circle-stroke-color': theme.labelHalo,
        'circle-stroke-width': 1,
      },
    },
    {
      id: STYLE_LAYER.sitesAggregateCount,
      type: 'symbol',
      source: SOURCE.sites,
      'source-layer': 'sites',
      filter: ['all', siteAggregateFilter, ['>', ['get', 'count'], 1]],
      layout: {
        ...layout,
        'text-field': ['to-string', ['get', 'count']],
        'text-font': FONT_REGULAR,
        'text-size': 10,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: STYLE_LAYER.sitesPoint,
      type: 'circle',
      source: SOURCE.sites,
      'source-layer': 'sites',
      filter: single,
      layout,
      paint: {
        'circle-color': colorByProperty('kind', SITE_KIND_COLOR, AGGREGATE_COLOR),
        'circle-radius': byZoom([12, 3.5], [16, 6]),
        'circle-stroke-color': theme.labelHalo,
        'circle-stroke-width': 1,
      },
    },
    {
      // The selected site is drawn, filled by its kind and ringed, even with the layer off: a
      // site picked in the search box must show where it is.
      id: STYLE_LAYER.sitesSelected,
      type: 'circle',
      source: SOURCE.sites,
      'source-layer': 'sites',
      filter: ['all', single, idFilter(selectedId)],
      layout: { visibility: visibility(visible || selectedId !== null) },
      paint: {
        'circle-color': colorByProperty('kind', SITE_KIND_COLOR, AGGREGATE_COLOR),
        'circle-radius': byZoom([12, 8], [16, 11]),
        'circle-stroke-color': ORG_KIND_COLOR.committee,
        'circle-stroke-width': 2.5,
      },
    },
  ];
}
