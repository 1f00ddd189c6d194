import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Locale } from '../../i18n/messages.ts';
import { countyFocusFilter, countyMaskFilter } from '../filters.ts';
import { SOURCE, STYLE_LAYER } from '../layerIds.ts';
import { ORG_KIND_COLOR } from '../palette.ts';
import { placeNameField } from '../placeNames.ts';
import type { MapFilters } from '../state.ts';
import { byZoom, FONT_BOLD, FONT_REGULAR, type StyleLayerProps, visibility } from './common.ts';

/** Props of the admin-area layers (行政区划: the prefecture and its counties). */
export interface AdminLayerProps extends StyleLayerProps {
  filters: MapFilters;
  /** A raster base map is drawn below: let it show through the county fill. @default false */
  overRaster?: boolean;
  /** Language of the labels (placeNames.ts). @default 'zh-CN' */
  locale?: Locale;
}

const isCounty: ExpressionSpecification = ['==', ['get', 'level'], 'county'];
const isPrefecture: ExpressionSpecification = ['==', ['get', 'level'], 'prefecture'];

/** County fills, under the zones. */
export function adminFillLayers({ theme, visible, overRaster = false }: AdminLayerProps): LayerSpecification[] {
  return [
    {
      id: STYLE_LAYER.adminFill,
      type: 'fill',
      source: SOURCE.adminAreas,
      'source-layer': 'admin_areas',
      filter: isCounty,
      layout: { visibility: visibility(visible) },
      paint: { 'fill-color': theme.countyFill, 'fill-opacity': overRaster ? 0.25 : 0.9 },
    },
  ];
}

/** The veil over counties outside the county filter, then county and prefecture outlines. */
export function adminLineLayers({ theme, visible, filters }: AdminLayerProps): LayerSpecification[] {
  const layout = { visibility: visibility(visible) };
  return [
    {
      id: STYLE_LAYER.adminMask,
      type: 'fill',
      source: SOURCE.adminAreas,
      'source-layer': 'admin_areas',
      filter: countyMaskFilter(filters),
      layout,
      paint: { 'fill-color': theme.mask },
    },
    {
      id: STYLE_LAYER.adminCountyLine,
      type: 'line',
      source: SOURCE.adminAreas,
      'source-layer': 'admin_areas',
      filter: isCounty,
      layout: { ...layout, 'line-join': 'round' },
      paint: {
        'line-color': theme.countyLine,
        'line-width': byZoom([6, 0.8], [12, 2]),
        'line-dasharray': [4, 1.5, 1, 1.5],
      },
    },
    {
      id: STYLE_LAYER.adminPrefectureLine,
      type: 'line',
      source: SOURCE.adminAreas,
      'source-layer': 'admin_areas',
      filter: isPrefecture,
      layout: { ...layout, 'line-join': 'round' },
      paint: { 'line-color': theme.homeLine, 'line-width': byZoom([5, 1.2], [12, 3]), 'line-opacity': 0.75 },
    },
    {
      id: STYLE_LAYER.adminFocus,
      type: 'line',
      source: SOURCE.adminAreas,
      'source-layer': 'admin_areas',
      filter: countyFocusFilter(filters),
      layout: { ...layout, 'line-join': 'round' },
      paint: { 'line-color': ORG_KIND_COLOR.committee, 'line-width': byZoom([6, 2], [12, 4]) },
    },
  ];
}

/** County names (and the prefecture's name when zoomed out), from one label point per area. */
export function adminLabelLayers({ theme, visible, locale = 'zh-CN' }: AdminLayerProps): LayerSpecification[] {
  return [
    {
      id: STYLE_LAYER.adminLabel,
      type: 'symbol',
      source: SOURCE.adminLabels,
      'source-layer': 'admin_labels',
      filter: ['any', ['all', isCounty, ['>=', ['zoom'], 6.5]], ['all', isPrefecture, ['<', ['zoom'], 7.2]]],
      layout: {
        visibility: visibility(visible),
        'text-field': placeNameField(locale),
        'text-font': ['match', ['get', 'level'], 'prefecture', ['literal', FONT_BOLD], ['literal', FONT_REGULAR]],
        // Zoom must be the outermost input of a zoom-dependent value, so the level goes inside.
        'text-size': [
          'interpolate',
          ['linear'],
          ['zoom'],
          6.5,
          ['match', ['get', 'level'], 'prefecture', 16, 12],
          11,
          ['match', ['get', 'level'], 'prefecture', 16, 16],
        ],
        'text-letter-spacing': 0.1,
        'text-padding': 4,
      },
      paint: {
        'text-color': theme.label,
        'text-halo-color': theme.labelHalo,
        'text-halo-width': 1.6,
      },
    },
  ];
}
