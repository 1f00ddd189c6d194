import { mkdirSync } from 'node:fs';
import type { Geometry } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borderGap, committedBorder, linesOf } from '../../geodata/gaps.ts';
import type { XY } from '../../geodata/geometry.ts';
import { chromiumPath, mapIdle, signIn, useBrowserApp } from './browser.ts';

// What Chromium draws near 天保 (the border, county and country lines: one line), and the county
// filter fed by the simplified outlines. Screenshots go to test-results/.
const MAP = '[data-testid=map]';
const TIANBAO: XY = [104.87, 22.94];

const border = committedBorder();

describe.skipIf(!chromiumPath)('one border near 天保, and the county filter, in Chromium', () => {
  const app = useBrowserApp();
  let page: Page;
  const adminAreaCalls: { path: string; bytes: number }[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page.on('response', async (r) => {
      const { pathname } = new URL(r.url());
      // A revalidation (304) has no body: only answers with one are weighed.
      if (pathname.startsWith('/api/admin-areas') && r.status() !== 304) {
        adminAreaCalls.push({ path: pathname, bytes: (await r.body().catch(() => Buffer.alloc(0))).byteLength });
      }
    });
    await signIn(page, app.baseUrl);
    await mapIdle(page);
  });
  afterAll(() => page?.close());

  it('lists the 8 counties from the simplified outlines, never downloading the full shapes', async () => {
    await page.getByRole('tab', { name: '图层筛选' }).click();
    const select = page.locator('select[id$="-county"]');
    await expect.poll(() => select.locator('option').count(), { timeout: 20_000 }).toBe(9);
    const names = await select.locator('option').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['文山市', '麻栗坡县', '马关县', '富宁县']));
    // Each view that lists counties asks (the answer is cacheable, so later asks may be cache hits).
    // Playwright reads no body for some repeated (cached or streamed) answers: weigh those it read.
    const outlines = adminAreaCalls.filter((c) => c.path === '/api/admin-areas/outlines' && c.bytes > 0);
    expect(outlines.length).toBeGreaterThan(0);
    for (const { bytes } of outlines) {
      expect(bytes).toBeGreaterThan(10_000);
      expect(bytes).toBeLessThan(60_000);
    }
    expect(adminAreaCalls.some((c) => c.path === '/api/admin-areas')).toBe(false);

    await select.selectOption('532624');
    await expect.poll(() => new URL(page.url()).searchParams.get('county')).toBe('532624');
    await select.selectOption('');
  });

  it('draws the border, the county, prefecture, country and province lines on one line at z 12', async () => {
    await page.evaluate(
      ([sel, center]) => {
        const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
        map.jumpTo({ center, zoom: 12 });
      },
      [MAP, TIANBAO] as const,
    );
    await mapIdle(page);
    await page.locator(MAP).screenshot({ path: 'test-results/border-tianbao-z12.png' });

    // What MapLibre renders, per style layer, in lon/lat (tile and GeoJSON geometry as drawn).
    const rendered = await page.evaluate((sel) => {
      const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
      const b = map.getBounds();
      const layers = [
        'border-line',
        'admin-county-line',
        'admin-prefecture-line',
        'context-country-line',
        'context-province-line',
      ];
      const byLayer: Record<string, unknown[]> = {};
      for (const layer of layers) {
        byLayer[layer] = map.queryRenderedFeatures({ layers: [layer] }).map((f) => ({
          geometry: f.geometry,
          name: f.properties?.name ?? null,
        }));
      }
      return {
        bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [number, number, number, number],
        byLayer,
      };
    }, MAP);

    const inView = border.filter(
      ([lon, lat]) =>
        lon > rendered.bounds[0] && lon < rendered.bounds[2] && lat > rendered.bounds[1] && lat < rendered.bounds[3],
    );
    expect(inView.length).toBeGreaterThan(20);
    for (const [layer, features] of Object.entries(rendered.byLayer)) {
      const drawn = (features as { geometry: Geometry; name: string | null }[])
        // Province lines: only 云南省 runs along the border here (广西 starts at its east end).
        .filter((f) => layer !== 'context-province-line' || f.name === '云南省')
        .flatMap((f) => linesOf(f.geometry));
      expect(drawn.length, layer).toBeGreaterThan(0);
      // The border in view, sampled every 50 m, must lie on each layer's drawn line. (Only this
      // direction: rendered polygons come with their tile-buffer clip edges, which cross the border;
      // the other direction is measured per tile, inside each tile, by test/api/border-lines.test.ts.)
      const gap = borderGap(border, drawn, { within: rendered.bounds });
      expect(gap.samples.coverage, layer).toBeGreaterThan(100);
      expect(gap.coverageM, `${layer}: largest gap at ${gap.coverageAt}`).toBeLessThan(50);
    }
  });
});
