import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBasemapArchive } from '../../tiles/basemap/archive.ts';
import { MAIN_ROAD, RIVER, VIEW, writeAreaArchive } from '../fixtures/basemap/area.ts';
import { chromiumPath, mapIdle, mapLoaded, signIn, useBrowserApp } from './browser.ts';
import { decodePng, differingShare, type Pixels } from './png.ts';

// The base map from a local archive (BASEMAP_PMTILES) in real Chromium: the server serves the
// archive this file builds (test/fixtures/basemap), and at z 12 near 天保 the map must draw its
// roads, river and village names under our layers, with nothing fetched from elsewhere.
// Screenshots go to test-results/basemap-*.png.

const MAP = '[data-testid=map]';
const dir = mkdtempSync(path.join(tmpdir(), 'redmap-basemap-browser-'));
const file = path.join(dir, 'area.pmtiles');
const VIEW_URL = `/?c=${VIEW[0].toFixed(5)},${VIEW[1].toFixed(5)}&z=12`;

type MapElement = HTMLElement & { redmapMap: import('maplibre-gl').Map };

/** Features the map drew from the archive, by source-layer, with their names. */
function renderedBasemap(page: Page) {
  return page.evaluate((sel) => {
    const map = (document.querySelector(sel) as MapElement).redmapMap;
    const ids = map
      .getStyle()
      .layers.map((l) => l.id)
      .filter((id) => id.startsWith('basemap-'));
    const out: Record<string, string[]> = {};
    for (const f of map.queryRenderedFeatures({ layers: ids })) {
      const name = typeof f.properties.name === 'string' ? f.properties.name : '';
      const key = f.sourceLayer ?? '';
      out[key] = [...(out[key] ?? []), `${f.layer.id}:${name}`];
    }
    return out;
  }, MAP);
}

/** Screen pixels (CSS px in the map element) of lon/lat points. */
function project(page: Page, points: number[][]) {
  return page.evaluate(
    ({ sel, points }) => {
      const map = (document.querySelector(sel) as MapElement).redmapMap;
      return points.map((p) => {
        const { x, y } = map.project(p as [number, number]);
        return [Math.round(x), Math.round(y)] as [number, number];
      });
    },
    { sel: MAP, points },
  );
}

/** Points every `step` along a polyline. */
function along(line: number[][], parts: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < line.length - 1; i++) {
    const [a, b] = [line[i] as number[], line[i + 1] as number[]];
    for (let k = 0; k < parts; k++) {
      const t = k / parts;
      out.push([
        (a[0] as number) + t * ((b[0] as number) - (a[0] as number)),
        (a[1] as number) + t * ((b[1] as number) - (a[1] as number)),
      ]);
    }
  }
  return out;
}

/** Of the points on screen, the share whose 5 × 5 neighbourhood has a pixel passing `test`. */
function shareMatching(px: Pixels, points: [number, number][], test: (r: number, g: number, b: number) => boolean) {
  const inside = points.filter(([x, y]) => x >= 2 && y >= 2 && x < px.width - 2 && y < px.height - 2);
  let hits = 0;
  for (const [x, y] of inside) {
    let hit = false;
    for (let dy = -2; dy <= 2 && !hit; dy++) {
      for (let dx = -2; dx <= 2 && !hit; dx++) {
        const i = ((y + dy) * px.width + (x + dx)) * 4;
        hit = test(px.data[i] as number, px.data[i + 1] as number, px.data[i + 2] as number);
      }
    }
    if (hit) hits++;
  }
  return { share: inside.length ? hits / inside.length : 0, count: inside.length };
}

async function shot(page: Page, name: string): Promise<Pixels> {
  return decodePng(await page.locator(MAP).screenshot({ path: `test-results/${name}` }));
}

describe.skipIf(!chromiumPath)('the base map from a local archive', () => {
  const app = useBrowserApp({
    deps: async () => {
      writeAreaArchive(file);
      return { basemap: await openBasemapArchive(file) };
    },
  });
  let page: Page;
  const urls: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('request', (r) => urls.push(r.url()));
    page.on('pageerror', (e) => problems.push(e.message));
    // MapLibre warns of a missing sprite image or glyph range in the console.
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') problems.push(m.text());
    });
    await signIn(page, app.baseUrl);
    await page.goto(`${app.baseUrl}${VIEW_URL}`);
    await mapLoaded(page);
    await mapIdle(page);
  });
  afterAll(async () => {
    await page?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the archive’s roads, river, landuse and village names at z 12 near 天保', async () => {
    expect(
      await page.evaluate(() => JSON.parse(document.getElementById('redmap-server')?.textContent ?? 'null')),
    ).toMatchObject({
      basemap: {
        tilejson: '/tiles/basemap.json',
        format: 'vector',
        layers: expect.arrayContaining(['roads', 'water']),
      },
    });
    const pixels = await shot(page, 'basemap-z12-tianbao.png');
    const drawn = await renderedBasemap(page);
    expect(drawn.roads?.some((f) => f.startsWith('basemap-roads_major:天保—麻栗坡公路'))).toBe(true);
    expect(drawn.roads?.some((f) => f.startsWith('basemap-roads_minor:'))).toBe(true);
    expect(drawn.water?.some((f) => f.startsWith('basemap-water_river:盘龙河'))).toBe(true);
    expect(drawn.water?.some((f) => f.startsWith('basemap-water:'))).toBe(true);
    expect(drawn.water?.filter((f) => f === 'basemap-water_label_lakes:天保水库')).toHaveLength(1);
    expect(drawn.landuse?.length ?? 0).toBeGreaterThan(0);
    const places = drawn.places ?? [];
    expect(places).toContain('basemap-places_locality:天保镇');
    expect(places).toContain('basemap-places_locality:船头村');
    // The town across the border (drawn with its name:zh, 清水: see web/map/style.test.ts).
    expect(places).toContain('basemap-places_locality:Thanh Thủy');
    // OSM's border line is in the archive but not drawn: ours is the one border on the map.
    expect(drawn.boundaries).toBeUndefined();
    expect(drawn.earth).toBeUndefined();

    // On screen: the river is blue, the main roads amber, where the offline map is bare paper.
    const river = await project(page, along(RIVER, 12));
    const blue = shareMatching(pixels, river, (r, _g, b) => b > r + 40 && b > 170);
    expect(blue.count).toBeGreaterThan(10);
    expect(blue.share).toBeGreaterThan(0.6);
    const road = await project(page, along(MAIN_ROAD, 8));
    const amber = shareMatching(pixels, road, (r, _g, b) => r > 200 && r - b > 45);
    expect(amber.share).toBeGreaterThan(0.6);
  });

  it('names OpenStreetMap in the attribution, as text only', async () => {
    const attribution = page.locator('.maplibregl-ctrl-attrib-inner');
    await expect.poll(() => attribution.textContent()).toContain('OpenStreetMap');
    expect(await attribution.locator('img, script').count()).toBe(0);
  });

  it('says in the layer panel that the base map is the local archive', async () => {
    await page.getByRole('tab', { name: '图层筛选' }).click();
    const note = page.getByTestId('basemap-note');
    expect(await note.getAttribute('data-basemap')).toBe('archive');
    expect(await note.textContent()).toContain('本地底图数据包');
    await page.getByRole('tab', { name: '组织架构' }).click();
  });

  it('keeps the dark big screen coherent over the archive', async () => {
    await page.goto(`${app.baseUrl}${VIEW_URL}&screen=1`);
    await mapLoaded(page);
    await mapIdle(page);
    const pixels = await shot(page, 'basemap-z12-tianbao-dark.png');
    const river = await project(page, along(RIVER, 12));
    // Dark-theme water (#1f4b73) on the navy counties.
    expect(shareMatching(pixels, river, (r, g, b) => b > r + 50 && g > 60).share).toBeGreaterThan(0.6);
    expect((await renderedBasemap(page)).places).toContain('basemap-places_locality:天保镇');
  });

  it('without the archive the same view is bare, and the panel says what is missing', async () => {
    const offline = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    offline.on('request', (r) => urls.push(r.url()));
    // The page's own choice wins over the server's archive: the default offline base map.
    await offline.addInitScript(() => {
      window.REDMAP_CONFIG = { basemap: 'none' };
    });
    await signIn(offline, app.baseUrl);
    await offline.goto(`${app.baseUrl}${VIEW_URL}`);
    await mapLoaded(offline);
    await mapIdle(offline);
    const bare = await shot(offline, 'basemap-z12-tianbao-offline.png');
    expect(await renderedBasemap(offline)).toEqual({});
    const river = await project(offline, along(RIVER, 12));
    expect(shareMatching(bare, river, (r, _g, b) => b > r + 40 && b > 170).share).toBeLessThan(0.1);
    await page.goto(`${app.baseUrl}${VIEW_URL}`);
    await mapLoaded(page);
    await mapIdle(page);
    expect(differingShare(bare, await shot(page, 'basemap-z12-tianbao.png'))).toBeGreaterThan(0.01);

    await offline.getByRole('tab', { name: '图层筛选' }).click();
    const note = offline.getByTestId('basemap-note');
    expect(await note.getAttribute('data-basemap')).toBe('none');
    expect(await note.textContent()).toBe(
      '离线底图：仅行政区划与边境线；道路、水系、村庄需配置底图数据包 (BASEMAP_PMTILES)',
    );
    await offline.close();
  });

  it('fetched nothing from anywhere but this server, and MapLibre missed no image or glyph', () => {
    const elsewhere = urls.filter((u) => !u.startsWith(`${app.baseUrl}/`) && !/^(data|blob):/.test(u));
    expect(elsewhere).toEqual([]);
    expect(urls.some((u) => u.includes('/tiles/basemap/12/') || u.includes('/tiles/basemap/11/'))).toBe(true);
    expect(problems.filter((p) => /could not be loaded|sprite|glyph|basemap/i.test(p))).toEqual([]);
  });
});
