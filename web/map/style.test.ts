import { diff, expression, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { JointPoint } from '../lib/features.ts';
import { readBasemapConfig } from './config.ts';
import { DECK_LAYERS_OF, SOURCE, STYLE_LAYER, STYLE_LAYERS_OF } from './layerIds.ts';
import { BASEMAP_SOURCE } from './layers/basemap.ts';
import { FONT_BOLD, FONT_REGULAR } from './layers/common.ts';
import { orgFeatures } from './layers/orgs.ts';
import { DEFAULT_STATE, THEMATIC_LAYERS } from './state.ts';
import { buildStyle, keepLoadedGeoJSON, type StyleOptions } from './style.ts';

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
      [
        ...STYLE_LAYERS_OF.admin,
        ...STYLE_LAYERS_OF.border,
        ...STYLE_LAYERS_OF.zones,
        ...STYLE_LAYERS_OF.sites,
        ...STYLE_LAYERS_OF.joint_points,
        ...STYLE_LAYERS_OF.members,
      ].sort(),
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

describe('the base map from the server’s archive', () => {
  const served = { basemap: { tilejson: '/tiles/basemap.json', format: 'vector' } };
  const withArchive: StyleOptions = { ...options, basemap: readBasemapConfig(undefined, {}, served) };
  const ids = (style: ReturnType<typeof buildStyle>) => style.layers.map((l) => l.id);
  const archiveIds = (style: ReturnType<typeof buildStyle>) => ids(style).filter((id) => id.startsWith('basemap-'));

  it('is chosen by the server’s page settings, and yields to an explicit choice', () => {
    expect(readBasemapConfig(undefined, {}, served)).toMatchObject({
      kind: 'archive',
      archive: { tilejson: '/tiles/basemap.json', format: 'vector' },
    });
    expect(readBasemapConfig({ basemap: 'none' }, {}, served)).toMatchObject({ kind: 'none', archive: null });
    expect(readBasemapConfig({ basemap: 'osm' }, {}, served).kind).toBe('osm');
    // Only a path on this server: settings that would send the map elsewhere are ignored.
    for (const tilejson of ['http://tiles.example/basemap.json', '//tiles.example/basemap.json', 'basemap.json']) {
      expect(readBasemapConfig(undefined, {}, { basemap: { tilejson } }).kind).toBe('none');
    }
    // `vite dev` has no page settings: `basemap: 'archive'` asks for the server's anyway.
    expect(readBasemapConfig(undefined, { VITE_BASEMAP: 'archive' }).archive).toEqual({
      tilejson: '/tiles/basemap.json',
      format: 'vector',
    });
  });

  it('is a valid style in both themes that fetches nothing but this origin', () => {
    for (const theme of ['light', 'dark'] as const) {
      const style = buildStyle({ ...withArchive, theme });
      expect(validateStyleMin(style)).toEqual([]);
      for (const url of urls(style)) expect(url.startsWith(`${ORIGIN}/`)).toBe(true);
      expect(style.sources[BASEMAP_SOURCE]).toEqual({ type: 'vector', url: `${ORIGIN}/tiles/basemap.json` });
      expect(style.sprite).toBeUndefined();
    }
  });

  it('draws roads, water, landuse and place names, but no second border and no icons', () => {
    const style = buildStyle(withArchive);
    const layers = style.layers.filter((l) => l.id.startsWith('basemap-'));
    const sourceLayers = new Set(layers.map((l) => ('source-layer' in l ? l['source-layer'] : undefined)));
    for (const l of ['roads', 'water', 'landuse', 'places']) expect(sourceLayers.has(l)).toBe(true);
    // Our border and outlines are the boundaries; our context labels name countries and provinces.
    expect(sourceLayers.has('boundaries')).toBe(false);
    expect(archiveIds(style)).not.toContain('basemap-places_country');
    expect(archiveIds(style)).not.toContain('basemap-places_region');
    // The archive's POI icons would need its sprite; our own symbols come from icons.ts.
    expect(JSON.stringify(layers)).not.toContain('icon-image');
  });

  it('draws only the source-layers the archive has, which MapLibre would otherwise refuse', () => {
    const some = readBasemapConfig(undefined, {}, { basemap: { ...served.basemap, layers: ['roads', 'water'] } });
    const style = buildStyle({ ...options, basemap: some });
    const used = new Set(
      style.layers
        .filter((l) => l.id.startsWith('basemap-'))
        .map((l) => ('source-layer' in l ? l['source-layer'] : '')),
    );
    expect([...used].sort()).toEqual(['roads', 'water']);
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('asks only for the fonts we ship', () => {
    const fonts = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('Noto')) fonts.add(v);
      else if (Array.isArray(v)) v.forEach(collect);
    };
    for (const l of buildStyle(withArchive).layers) {
      if (l.type === 'symbol') collect(l.layout?.['text-font']);
    }
    expect([...fonts].sort()).toEqual([...FONT_BOLD, ...FONT_REGULAR].sort());
  });

  it('names places in Chinese where the data has it, else by their local name', () => {
    const style = buildStyle(withArchive);
    const town = style.layers.find((l) => l.id === 'basemap-places_locality');
    const field = town?.type === 'symbol' ? town.layout?.['text-field'] : undefined;
    const parsed = expression.createExpression(field, 'layers[basemap-places_locality].layout.text-field');
    if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
    const name = (properties: Record<string, string>) =>
      String(parsed.value.evaluate({ zoom: 12 }, { type: 'Point', properties } as never));
    expect(name({ name: 'Thanh Thủy', 'name:zh': '清水', 'name:en': 'Thanh Thuy' })).toBe('清水');
    expect(name({ name: '天保镇', 'name:zh-Hans': '天保镇', 'name:zh': '天保鎮' })).toBe('天保镇');
    expect(name({ name: 'Lào Cai' })).toBe('Lào Cai');
  });

  it('lies on our land and under our zones, outlines, border and names', () => {
    const order = ids(buildStyle(withArchive));
    const at = (id: string) => order.indexOf(id);
    const ground = order.filter((id) => id.startsWith('basemap-') && !/label|places|pois/.test(id));
    const labels = order.filter((id) => id.startsWith('basemap-') && /label|places|pois/.test(id));
    expect(ground.length).toBeGreaterThan(20);
    expect(labels.length).toBeGreaterThan(3);
    for (const id of ground) {
      expect(at(id)).toBeGreaterThan(at(STYLE_LAYER.adminFill));
      expect(at(id)).toBeLessThan(at(STYLE_LAYER.zonesFill));
    }
    for (const id of labels) {
      expect(at(id)).toBeGreaterThan(at(STYLE_LAYER.borderLine));
      expect(at(id)).toBeLessThan(at(STYLE_LAYER.contextLabel));
    }
    expect(at(STYLE_LAYER.borderLine)).toBeGreaterThan(Math.max(...ground.map(at)));
  });

  it('draws a raster archive (a licensed 标准地图 package) under translucent land', () => {
    const raster = buildStyle({
      ...options,
      basemap: readBasemapConfig(undefined, {}, { basemap: { tilejson: '/tiles/basemap.json', format: 'raster' } }),
    });
    expect(validateStyleMin(raster)).toEqual([]);
    expect(raster.sources[BASEMAP_SOURCE]).toEqual({
      type: 'raster',
      url: `${ORIGIN}/tiles/basemap.json`,
      tileSize: 256,
    });
    const order = ids(raster);
    expect(order.indexOf('basemap-raster')).toBeLessThan(order.indexOf(STYLE_LAYER.contextLand));
    const land = raster.layers.find((l) => l.id === STYLE_LAYER.contextLand);
    expect(land?.type === 'fill' ? land.paint?.['fill-opacity'] : null).toBe(0.3);
  });

  it('is absent by default, where the offline base map has no roads or rivers', () => {
    const style = buildStyle(options);
    expect(style.sources[BASEMAP_SOURCE]).toBeUndefined();
    expect(archiveIds(style)).toEqual([]);
  });
});

describe('the points from the API', () => {
  const org = { id: 7, name: '某党支部', kind: 'branch', category: 'organ', parentId: null, countyCode: null };
  const withPoints: StyleOptions = {
    ...options,
    orgs: orgFeatures([{ ...org, star: 3, standardised: true, position: [104.9, 23.1] }]),
    jointPoints: [{ id: 3, name: '某共建点', position: [104.5, 22.9] } as JointPoint],
    selectedPoint: [104.9, 23.1],
  };

  it('go into the style as GeoJSON, the orgs clustered by MapLibre', () => {
    const style = buildStyle(withPoints);
    expect(validateStyleMin(style)).toEqual([]);
    const orgs = style.sources[SOURCE.orgs];
    expect(orgs).toMatchObject({ type: 'geojson', cluster: true, clusterMaxZoom: 13 });
    expect(JSON.stringify(orgs)).toContain('org:branch:3');
    expect(JSON.stringify(style.sources[SOURCE.jointPoints])).toContain('某共建点');
    expect(JSON.stringify(style.sources[SOURCE.selection])).toContain('104.9');
    // Without points the sources are there, empty: a later diff only sets their data.
    const empty = buildStyle(options);
    expect(JSON.stringify(empty.sources[SOURCE.orgs])).toContain('"features":[]');
  });

  it('are drawn over the base map and its names, under our place names', () => {
    const served = { basemap: { tilejson: '/tiles/basemap.json', format: 'vector' } };
    const style = buildStyle({ ...withPoints, basemap: readBasemapConfig(undefined, {}, served) });
    const order = style.layers.map((l) => l.id);
    const at = (id: string) => order.indexOf(id);
    const points = [STYLE_LAYER.jointPoints, ...STYLE_LAYERS_OF.orgs, STYLE_LAYER.selection];
    const lastBase = Math.max(...order.filter((id) => id.startsWith('basemap-')).map(at));
    for (const id of points) {
      expect(at(id), id).toBeGreaterThan(Math.max(lastBase, at(STYLE_LAYER.sitesSelected)));
      expect(at(id), id).toBeLessThan(at(STYLE_LAYER.contextLabel));
    }
  });
});

describe('place names by language', () => {
  const labelField = (locale: 'zh-CN' | 'en', id: string) => {
    const layer = buildStyle({ ...options, locale }).layers.find((l) => l.id === id);
    return layer && 'layout' in layer ? (layer.layout as Record<string, unknown>)['text-field'] : undefined;
  };

  it('names counties and countries in Chinese by default and in both languages in English', () => {
    for (const id of [STYLE_LAYER.adminLabel, STYLE_LAYER.contextLabel]) {
      expect(labelField('zh-CN', id), id).toEqual(['get', 'name']);
      const en = labelField('en', id);
      expect(JSON.stringify(en), id).toContain('Vietnam');
      expect(JSON.stringify(en), id).toContain('Malipo County');
    }
    expect(validateStyleMin(buildStyle({ ...options, locale: 'en' }))).toEqual([]);
  });
});

describe('a restyle', () => {
  // What MapLibre reports of the style once the context GeoJSON has loaded from its URL.
  const loaded = (style: ReturnType<typeof buildStyle>) => ({
    ...style,
    sources: {
      ...style.sources,
      [SOURCE.context]: { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } },
    },
  });

  it('keeps the loaded context instead of downloading and tiling it again', () => {
    const previous = loaded(buildStyle(options));
    const next = buildStyle({ ...options, layers: options.layers.filter((l) => l !== 'zones') });
    expect(diff(previous, next).map((c) => c.command)).toContain('setGeoJSONSourceData');
    const kept = diff(previous, keepLoadedGeoJSON(previous, next));
    expect(kept.map((c) => c.command)).not.toContain('setGeoJSONSourceData');
    expect(kept.length).toBeGreaterThan(0);
  });

  it('changes nothing on the first style, or for data given inline', () => {
    const next = buildStyle(options);
    expect(keepLoadedGeoJSON(undefined, next)).toBe(next);
    expect(keepLoadedGeoJSON(next, next)).toBe(next);
  });
});
