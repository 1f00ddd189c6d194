import type { FeatureCollection, Point } from 'geojson';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { Locale } from '../i18n/messages.ts';
import type { JointPoint } from '../lib/features.ts';
import { type BasemapConfig, OSM_TILES, tiandituTiles } from './config.ts';
import { SOURCE, STYLE_LAYER } from './layerIds.ts';
import { adminFillLayers, adminLabelLayers, adminLineLayers } from './layers/admin.ts';
import { BASEMAP_SOURCE, basemapLayers, basemapSource } from './layers/basemap.ts';
import { borderLayers } from './layers/border.ts';
import { byZoom, FONT_BOLD, FONT_REGULAR } from './layers/common.ts';
import { jointPointLayers, jointPointSource } from './layers/jointPoints.ts';
import { memberLayers } from './layers/members.ts';
import { type OrgFeatureProps, orgLayers, orgSource } from './layers/orgs.ts';
import { selectionLayers, selectionSource } from './layers/selection.ts';
import { siteLayers } from './layers/sites.ts';
import { zoneLayers } from './layers/zones.ts';
import { placeNameField } from './placeNames.ts';
import type { MapFilters, Selection, ThematicLayer } from './state.ts';
import { type MapTheme, type MapThemeName, mapTheme } from './theme.ts';

/** Everything the style depends on; the style is a pure function of it. */
export interface StyleOptions {
  /**
   * Origin of the app (`location.origin`). Every URL in the style is absolute, because MapLibre
   * loads GeoJSON and tiles in a worker, where a relative URL would resolve against the worker.
   */
  origin: string;
  theme: MapThemeName;
  basemap: BasemapConfig;
  /** Thematic layers switched on. */
  layers: readonly ThematicLayer[];
  filters: MapFilters;
  selection: Selection | null;
  /** Language of our place names (placeNames.ts). @default 'zh-CN' */
  locale?: Locale;
  /** Org seats to draw (filtered), with their live warnings (orgs.ts). @default none */
  orgs?: FeatureCollection<Point, OrgFeatureProps>;
  /** Joint points to draw (filtered). @default none */
  jointPoints?: readonly JointPoint[];
  /** Where the selected org or joint point is, ringed. @default null */
  selectedPoint?: readonly [number, number] | null;
}

const NO_ORGS: FeatureCollection<Point, OrgFeatureProps> = { type: 'FeatureCollection', features: [] };

/** Fallback fonts for CJK labels (MapLibre's `localIdeographFontFamily`), first found wins. */
export const CJK_FONT_FAMILY =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** Vector sources, by the tile server's TileJSON (tiles/README.md). */
function vectorSources(origin: string): Record<string, SourceSpecification> {
  const ids = [SOURCE.adminAreas, SOURCE.adminLabels, SOURCE.border, SOURCE.zones, SOURCE.sites, SOURCE.members];
  return Object.fromEntries(
    ids.map((id) => [
      id,
      // Members carry their id as a property; feature state (members on the live layer) needs it as the id.
      { type: 'vector', url: `${origin}/tiles/${id}.json`, ...(id === SOURCE.members ? { promoteId: 'id' } : {}) },
    ]),
  );
}

/**
 * The base map under our data, if any: its sources and layers in three places of the style —
 * `below` our land (a raster map, which the land then only tints), `ground` on our land under the
 * zones (the archive's roads, rivers and landuse), `labels` under our own names.
 */
interface BasemapParts {
  sources: Record<string, SourceSpecification>;
  below: LayerSpecification[];
  ground: LayerSpecification[];
  labels: LayerSpecification[];
}

/** The base map of the settings: none, the server's archive (offline), or an online raster map. */
function basemapParts(basemap: BasemapConfig, theme: MapTheme, origin: string): BasemapParts {
  if (basemap.kind === 'archive' && basemap.archive) {
    const layers = basemapLayers(theme, basemap.archive);
    return {
      sources: { [BASEMAP_SOURCE]: basemapSource(origin, basemap.archive) },
      below: layers.under,
      ground: layers.ground,
      labels: layers.labels,
    };
  }
  return { ...raster(basemap), ground: [] };
}

/** The optional online raster base map: sources and the layers that draw them (below, labels). */
function raster(basemap: BasemapConfig): Omit<BasemapParts, 'ground'> {
  if (basemap.kind === 'tianditu' && basemap.tiandituKey) {
    const attribution = '© 天地图 (国家地理信息公共服务平台)';
    const source = (layer: 'vec' | 'cva'): SourceSpecification => ({
      type: 'raster',
      tiles: tiandituTiles(layer, basemap.tiandituKey as string),
      tileSize: 256,
      maxzoom: 18,
      attribution,
    });
    return {
      sources: { [SOURCE.raster]: source('vec'), [SOURCE.rasterLabels]: source('cva') },
      below: [{ id: STYLE_LAYER.raster, type: 'raster', source: SOURCE.raster }],
      labels: [{ id: STYLE_LAYER.rasterLabels, type: 'raster', source: SOURCE.rasterLabels }],
    };
  }
  if (basemap.kind === 'osm') {
    return {
      sources: {
        [SOURCE.raster]: {
          type: 'raster',
          tiles: [basemap.rasterUrl ?? OSM_TILES],
          tileSize: 256,
          maxzoom: 19,
          attribution: '© OpenStreetMap contributors',
        },
      },
      below: [{ id: STYLE_LAYER.raster, type: 'raster', source: SOURCE.raster }],
      labels: [],
    };
  }
  return { sources: {}, below: [], labels: [] };
}

const kindIs = (kind: string) => ['==', ['get', 'kind'], kind] as ['==', ['get', string], string];

/** Countries, provinces and neighbouring prefectures from `/tiles/context.geojson`. */
function contextLayers(
  theme: MapTheme,
  overRaster: boolean,
  locale: Locale,
): {
  land: LayerSpecification[];
  lines: LayerSpecification[];
  countryLine: LayerSpecification[];
  labels: LayerSpecification[];
} {
  const src = { source: SOURCE.context };
  return {
    land: [
      {
        id: STYLE_LAYER.contextLand,
        type: 'fill',
        ...src,
        filter: kindIs('country'),
        paint: {
          'fill-color': ['match', ['get', 'a3'], 'CHN', theme.landHome, theme.landForeign],
          'fill-opacity': overRaster ? 0.3 : 1,
        },
      },
    ],
    lines: [
      {
        id: STYLE_LAYER.contextPrefectureLine,
        type: 'line',
        ...src,
        filter: kindIs('prefecture'),
        minzoom: 5,
        paint: { 'line-color': theme.prefectureLine, 'line-width': byZoom([5, 0.6], [10, 1.4]) },
      },
      {
        id: STYLE_LAYER.contextProvinceLine,
        type: 'line',
        ...src,
        filter: kindIs('province'),
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': theme.provinceLine,
          'line-width': byZoom([4, 0.8], [10, 2]),
          'line-dasharray': [5, 1.5, 1, 1.5, 1, 1.5],
        },
      },
    ],
    countryLine: [
      {
        id: STYLE_LAYER.contextCountryLine,
        type: 'line',
        ...src,
        filter: kindIs('country'),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': theme.countryLine, 'line-width': byZoom([3, 0.8], [10, 1.6]) },
      },
    ],
    labels: [
      {
        id: STYLE_LAYER.contextLabel,
        type: 'symbol',
        source: SOURCE.contextLabels,
        filter: [
          'any',
          // At regional zooms the home country's name only clutters the prefecture.
          ['all', kindIs('country'), ['any', ['!=', ['get', 'a3'], 'CHN'], ['<', ['zoom'], 6.5]]],
          ['all', kindIs('province'), ['<', ['zoom'], 8.5]],
          ['all', kindIs('prefecture'), ['>=', ['zoom'], 6.5]],
        ],
        layout: {
          'text-field': placeNameField(locale),
          'text-font': ['match', ['get', 'kind'], 'country', ['literal', FONT_BOLD], ['literal', FONT_REGULAR]],
          'text-size': ['match', ['get', 'kind'], 'country', 18, 'province', 15, 12],
          'text-letter-spacing': ['match', ['get', 'kind'], 'country', 0.4, 0.1],
          'text-padding': 8,
        },
        paint: {
          'text-color': ['match', ['get', 'kind'], 'prefecture', theme.labelMuted, theme.label],
          'text-halo-color': theme.labelHalo,
          'text-halo-width': 1.4,
        },
      },
    ],
  };
}

/**
 * The base-map style with the thematic tile layers, offline by default: every source is on this
 * origin (the server's base-map archive too) unless an online raster base map is configured
 * (config.ts). Visibility, filters and the
 * selection highlight are part of the style, so `map.setStyle(buildStyle(…), { diff: true })`
 * applies a change of any of them as a small diff.
 */
export function buildStyle(o: StyleOptions): StyleSpecification {
  const theme = mapTheme(o.theme);
  const on = (layer: ThematicLayer) => o.layers.includes(layer);
  const selected = (kind: Selection['kind']) => (o.selection?.kind === kind ? o.selection.id : null);
  const base = basemapParts(o.basemap, theme, o.origin);
  const overRaster = base.below.length > 0;
  const locale = o.locale ?? 'zh-CN';
  const context = contextLayers(theme, overRaster, locale);
  const admin = { theme, visible: on('admin'), filters: o.filters, overRaster, locale };

  return {
    version: 8,
    name: `RedMap ${o.theme}`,
    glyphs: `${o.origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      [SOURCE.context]: { type: 'geojson', data: `${o.origin}/tiles/context.geojson` },
      // One point per area (geodata/contextLabels.ts), computed by the server.
      [SOURCE.contextLabels]: { type: 'geojson', data: `${o.origin}/tiles/context-labels.geojson` },
      ...vectorSources(o.origin),
      [SOURCE.orgs]: orgSource(o.orgs ?? NO_ORGS),
      [SOURCE.jointPoints]: jointPointSource(o.jointPoints ?? []),
      [SOURCE.selection]: selectionSource(o.selectedPoint ?? null),
      ...base.sources,
    },
    layers: [
      { id: STYLE_LAYER.background, type: 'background', paint: { 'background-color': theme.background } },
      ...base.below,
      ...context.land,
      ...adminFillLayers(admin),
      ...base.ground,
      ...zoneLayers({ theme, visible: on('zones'), filters: o.filters, selectedId: selected('zone') }),
      ...context.lines,
      ...memberLayers({ theme, visible: on('members'), selectedId: selected('member') }),
      ...adminLineLayers(admin),
      ...context.countryLine,
      ...borderLayers({ theme, visible: on('border') }),
      ...siteLayers({ theme, visible: on('sites'), filters: o.filters, selectedId: selected('site') }),
      ...base.labels,
      // Our points over the base map's names, which make room for them; under our place names,
      // so they never hide where they are.
      ...jointPointLayers({ theme, visible: on('joint_points') }),
      ...orgLayers({ theme, visible: on('orgs') }),
      ...selectionLayers({ theme }),
      ...context.labels,
      ...adminLabelLayers(admin),
    ],
  };
}

/**
 * A MapLibre `transformStyle` for restyles: a GeoJSON source that `next` gives by URL and that
 * `previous` holds as data keeps that data. Once MapLibre has loaded a URL it reports the source
 * with the loaded features, not the URL, so a plain diff sees a change and downloads and tiles it
 * again on every restyle (a layer toggle, a click that selects). Our GeoJSON URLs are fixed for
 * the page's life (this origin and a fixed path), so the loaded data is what the URL still says.
 */
export function keepLoadedGeoJSON(
  previous: StyleSpecification | undefined,
  next: StyleSpecification,
): StyleSpecification {
  if (!previous) return next;
  let sources: StyleSpecification['sources'] | null = null;
  for (const [id, source] of Object.entries(next.sources)) {
    const before = previous.sources[id];
    if (source.type !== 'geojson' || typeof source.data !== 'string') continue;
    if (before?.type !== 'geojson' || typeof before.data === 'string') continue;
    sources ??= { ...next.sources };
    sources[id] = { ...source, data: before.data };
  }
  return sources ? { ...next, sources } : next;
}
