import { DARK, type Flavor, LIGHT, layers as protomapsLayers } from '@protomaps/basemaps';
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { BasemapArchive } from '../config.ts';
import type { MapTheme } from '../theme.ts';
import { FONT_BOLD, FONT_REGULAR } from './common.ts';

/** The source of the server's base-map archive; its style layers are named `basemap-<protomaps id>`. */
export const BASEMAP_SOURCE = 'basemap';
export const BASEMAP_LAYER_PREFIX = 'basemap-';

/**
 * Protomaps layers we leave out:
 * - `background`, `earth`: our own land (context countries, county fills) is the ground, so the
 *   archive's roads and rivers lie on the same colours as without it;
 * - `boundaries*`: our admin outlines and border line are the boundaries; a second, OSM-drawn
 *   border a few hundred metres off would be one border too many (and OSM is no approved map);
 * - `places_country`, `places_region`: our context labels name countries and provinces;
 * - `roads_shields`, `roads_oneway`: pure icons from a sprite we do not ship (no request may leave
 *   the machine, and there is no sprite on it).
 */
const DROPPED = new Set([
  'background',
  'earth',
  'boundaries',
  'boundaries_country',
  'places_country',
  'places_region',
  'roads_shields',
  'roads_oneway',
]);

/** Place, road and river names in Chinese where the data has them, else the local name. */
export const CHINESE_NAME: ExpressionSpecification = [
  'coalesce',
  ['get', 'name:zh-Hans'],
  ['get', 'name:zh'],
  ['get', 'name'],
];

/** The fonts we ship as glyph PBFs (tiles/glyphs); the Protomaps ones map onto them. */
const FONT_OF: Record<string, string> = {
  'Noto Sans Regular': FONT_REGULAR[0] as string,
  'Noto Sans Medium': FONT_BOLD[0] as string,
  'Noto Sans Bold': FONT_BOLD[0] as string,
};

/**
 * Replaces every font name in a `text-font` value (a list, or an expression whose results are
 * lists). Only font names start with "Noto Sans" there, so the other strings (operators, property
 * names such as `script`, values such as `Devanagari`) pass unchanged.
 */
function shippedFonts(value: unknown): unknown {
  if (typeof value === 'string') return FONT_OF[value] ?? (value.startsWith('Noto Sans') ? FONT_REGULAR[0] : value);
  if (Array.isArray(value)) return value.map(shippedFonts);
  return value;
}

/**
 * Road and water colours on our land. Protomaps' light flavour draws white roads on grey earth;
 * our county fill is near white, so roads take the warm tones of Chinese road maps (national and
 * provincial roads amber, county roads pale yellow, village roads grey). On the dark wall they are
 * the blues of the theme, and water is blue rather than Protomaps' grey.
 */
const LIGHT_ROADS: Partial<Flavor> = {
  highway: '#f2b469',
  highway_casing_early: '#d49545',
  highway_casing_late: '#d49545',
  major: '#fbe2a4',
  major_casing_early: '#d6b77c',
  major_casing_late: '#d6b77c',
  link: '#fbe2a4',
  link_casing: '#d6b77c',
  minor_a: '#d8cfc2',
  minor_b: '#ffffff',
  minor_casing: '#d2c8b9',
  minor_service: '#e3dcd1',
  minor_service_casing: '#d8cfc2',
  other: '#e0d8cc',
  water: '#9cd0ea',
};
const DARK_ROADS: Partial<Flavor> = {
  highway: '#5b7fae',
  highway_casing_early: '#0b1a2e',
  highway_casing_late: '#0b1a2e',
  major: '#48688f',
  major_casing_early: '#0b1a2e',
  major_casing_late: '#0b1a2e',
  link: '#48688f',
  link_casing: '#0b1a2e',
  minor_a: '#2c4a70',
  minor_b: '#2c4a70',
  minor_casing: '#0b1a2e',
  minor_service: '#28405f',
  minor_service_casing: '#0b1a2e',
  other: '#28405f',
  water: '#1f4b73',
};

/** The Protomaps flavour of a theme: its colours on our land, our label colours, our fonts. */
function flavorOf(theme: MapTheme): Flavor {
  const dark = theme.name === 'dark';
  return {
    ...(dark ? DARK : LIGHT),
    ...(dark ? DARK_ROADS : LIGHT_ROADS),
    city_label: theme.label,
    city_label_halo: theme.labelHalo,
    subplace_label: theme.labelMuted,
    subplace_label_halo: theme.labelHalo,
    roads_label_major: theme.labelMuted,
    roads_label_major_halo: theme.labelHalo,
    roads_label_minor: theme.labelMuted,
    roads_label_minor_halo: theme.labelHalo,
    regular: FONT_REGULAR[0],
    bold: FONT_BOLD[0],
    italic: FONT_REGULAR[0],
  };
}

/** Our changes to one Protomaps layer: its id, the source, the fonts, Chinese names, no icons. */
function adapt(layer: LayerSpecification): LayerSpecification {
  const out = { ...layer, id: `${BASEMAP_LAYER_PREFIX}${layer.id}` } as LayerSpecification & {
    layout?: Record<string, unknown>;
  };
  if (out.type !== 'symbol' || !out.layout) return out;
  const layout: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(out.layout)) {
    if (key.startsWith('icon-')) continue; // no sprite: the text stays, the icon goes
    if (key === 'text-font') layout[key] = shippedFonts(value);
    else if (key === 'text-field' && JSON.stringify(value).includes('"name')) layout[key] = CHINESE_NAME;
    else layout[key] = value;
  }
  return { ...out, layout } as LayerSpecification;
}

/** The archive's source: vector tiles in the Protomaps schema, or a raster package (256 px tiles). */
export function basemapSource(origin: string, archive: BasemapArchive): SourceSpecification {
  const url = `${origin}${archive.tilejson}`;
  return archive.format === 'raster' ? { type: 'raster', url, tileSize: 256 } : { type: 'vector', url };
}

/**
 * The archive's style layers: `ground` (landuse, water, roads, buildings) goes above our land
 * fills and below the zones, `labels` (villages, roads, rivers) below our own names. A raster
 * archive is all ground and goes under our (then translucent) land, like an online raster map.
 */
export function basemapLayers(
  theme: MapTheme,
  archive: BasemapArchive,
): { under: LayerSpecification[]; ground: LayerSpecification[]; labels: LayerSpecification[] } {
  if (archive.format === 'raster') {
    return {
      under: [{ id: `${BASEMAP_LAYER_PREFIX}raster`, type: 'raster', source: BASEMAP_SOURCE }],
      ground: [],
      labels: [],
    };
  }
  const flavor = flavorOf(theme);
  const has = (l: LayerSpecification) =>
    !archive.layers || !('source-layer' in l) || archive.layers.includes(l['source-layer'] as string);
  const keep = (layers: LayerSpecification[]) => layers.filter((l) => !DROPPED.has(l.id) && has(l)).map(adapt);
  return {
    under: [],
    ground: keep(protomapsLayers(BASEMAP_SOURCE, flavor) as unknown as LayerSpecification[]),
    labels: keep(
      protomapsLayers(BASEMAP_SOURCE, flavor, { labelsOnly: true, lang: 'zh-Hans' }) as unknown as LayerSpecification[],
    ),
  };
}
