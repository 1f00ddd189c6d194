import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { readBasemapConfig } from './config.ts';
import { DECK_LAYERS_OF, STYLE_LAYER, STYLE_LAYERS_OF } from './layerIds.ts';
import { DEFAULT_STATE, THEMATIC_LAYERS } from './state.ts';
import { buildStyle, type StyleOptions } from './style.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const options: StyleOptions = {
  origin: ORIGIN,
  theme: 'light',
  basemap: readBasemapConfig(undefined, {}),
  layers: DEFAULT_STATE.layers,
  filters: DEFAULT_STATE.filters,
  selection: null,
};

/** Every URL a style would make MapLibre fetch. */
function urls(style: ReturnType<typeof buildStyle>): string[] {
  const out = [style.glyphs ?? ''];
  for (const source of Object.values(style.sources)) {
    if ('url' in source && source.url) out.push(source.url);
    if ('tiles' in source && source.tiles) out.push(...source.tiles);
    if ('data' in source && typeof source.data === 'string') out.push(source.data);
  }
  return out;
}

describe('the base-map style', () => {
  it('is a valid style in both themes', () => {
    expect(validateStyleMin(buildStyle(options))).toEqual([]);
    expect(validateStyleMin(buildStyle({ ...options, theme: 'dark' }))).toEqual([]);
  });

  it('fetches nothing but this origin by default', () => {
    for (const url of urls(buildStyle(options))) expect(url.startsWith(`${ORIGIN}/`)).toBe(true);
  });

  it('adds Tianditu only with a key, and OSM when asked', () => {
    const noKey = buildStyle({ ...options, basemap: readBasemapConfig({ basemap: 'tianditu' }, {}) });
    expect(urls(noKey).every((u) => u.startsWith(ORIGIN))).toBe(true);
    const tianditu = buildStyle({
      ...options,
      basemap: readBasemapConfig(undefined, { VITE_BASEMAP: 'tianditu', VITE_TIANDITU_KEY: 'k1' }),
    });
    expect(urls(tianditu).filter((u) => u.includes('tianditu.gov.cn'))).toHaveLength(16);
    expect(urls(tianditu).some((u) => u.includes('vec_w') && u.endsWith('tk=k1'))).toBe(true);
    const osm = buildStyle({ ...options, basemap: readBasemapConfig({ basemap: 'osm' }, {}) });
    expect(urls(osm)).toContain('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
  });

  it('has unique layer ids and every toggle id in it', () => {
    const ids = buildStyle(options).layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const layer of THEMATIC_LAYERS) for (const id of STYLE_LAYERS_OF[layer]) expect(ids).toContain(id);
    expect(Object.keys(DECK_LAYERS_OF).sort()).toEqual([...THEMATIC_LAYERS].sort());
  });

  it('hides the layers of a switched-off toggle', () => {
    const style = buildStyle({ ...options, layers: ['orgs'] });
    const hidden = style.layers.filter((l) => l.layout && 'visibility' in l.layout && l.layout.visibility === 'none');
    expect(hidden.map((l) => l.id).sort()).toEqual(
      [...STYLE_LAYERS_OF.admin, ...STYLE_LAYERS_OF.border, ...STYLE_LAYERS_OF.zones, ...STYLE_LAYERS_OF.sites].sort(),
    );
  });

  it('outlines the selected zone', () => {
    const style = buildStyle({ ...options, selection: { kind: 'zone', id: 7 } });
    const selected = style.layers.find((l) => l.id === STYLE_LAYER.zonesSelected);
    expect(JSON.stringify(selected && 'filter' in selected ? selected.filter : null)).toContain(
      '["==",["get","id"],7]',
    );
  });
});
