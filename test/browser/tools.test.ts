import { mkdirSync, readFileSync } from 'node:fs';
import { lineString, polygon, area as turfArea, length as turfLength } from '@turf/turf';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FOOTER_HEIGHT, TITLE_BAR_HEIGHT } from '../../web/map/tools/exportLayout.ts';
import { chromiumPath, signIn, useBrowserApp } from './browser.ts';
import { decodePng } from './png.ts';

/** Viewport pixels → [lon, lat] through the page's own map. */
function unproject(page: Page, points: [number, number][]): Promise<[number, number][]> {
  return page.evaluate((pts) => {
    const el = document.querySelector('[data-testid=map]') as Element & {
      redmapMap: { getCanvas(): HTMLCanvasElement; unproject(p: [number, number]): { lng: number; lat: number } };
    };
    const map = el.redmapMap;
    const r = map.getCanvas().getBoundingClientRect();
    return pts.map(([x, y]) => {
      const ll = map.unproject([x - r.left, y - r.top]);
      return [ll.lng, ll.lat] as [number, number];
    });
  }, points);
}

/** "12.34 公里" → 12340; "856 米" → 856; "1.23 平方公里" → 1230000 … */
function parseQuantity(text: string): number {
  const m = /([\d,.]+)\s*(平方公里|平方米|公里|米)/.exec(text);
  if (!m?.[1] || !m[2]) throw new Error(`no quantity in "${text}"`);
  const factor = { 公里: 1000, 米: 1, 平方公里: 1e6, 平方米: 1 }[m[2]] ?? Number.NaN;
  return Number(m[1].replaceAll(',', '')) * factor;
}

// Runs wherever Chromium is installed; under CI=true a missing Chromium fails in browser.ts.
describe.skipIf(!chromiumPath)('map tools in Chromium', () => {
  const app = useBrowserApp();

  it('measures a line and an area as turf does (within 1 %), keeps them across a restyle, Escape leaves the tool', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    onTestFinished(() => page.close());
    await signIn(page, app.baseUrl);
    const tools = page.getByRole('toolbar', { name: '地图工具' });
    const lineButton = tools.getByRole('button', { name: '测距' });
    await lineButton.click();
    expect(await lineButton.getAttribute('aria-pressed')).toBe('true');
    await page.getByText('单击地图添加点').waitFor();

    // Two points in the open middle of the map, clear of the tool bar, drawer and controls.
    const box = (await page.locator('[data-testid=map] canvas').boundingBox())!;
    const at = (fx: number, fy: number): [number, number] => [box.x + box.width * fx, box.y + box.height * fy];
    const a = at(0.35, 0.5);
    const b = at(0.65, 0.62);
    await page.mouse.move(...a);
    await page.mouse.click(...a);
    await page.mouse.move(...b);
    await page.mouse.click(...b);
    await page.mouse.click(...b); // a click on the last point finishes the line
    const panel = page.getByRole('region', { name: '测量结果' });
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/公里|米/);

    const shown = parseQuantity((await panel.locator('.map-tools__total').textContent()) ?? '');
    const turf = turfLength(lineString(await unproject(page, [a, b])), { units: 'meters' });
    expect(turf).toBeGreaterThan(1000);
    expect(Math.abs(shown / turf - 1)).toBeLessThan(0.01);
    // The same figure is pinned to the line's end on the map.
    expect(await page.locator('.map-tools__label').first().textContent()).toBe(
      await panel.locator('.map-tools__total').textContent(),
    );

    // An area: a screen rectangle, closed by clicking its first corner.
    await tools.getByRole('button', { name: '测面' }).click();
    await page.getByText('单击地图添加顶点').waitFor();
    const corners = [at(0.55, 0.35), at(0.75, 0.35), at(0.75, 0.5), at(0.55, 0.5)];
    for (const p of [...corners, corners[0]!]) {
      await page.mouse.move(...p);
      await page.mouse.click(...p);
    }
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/平方/);
    const shownArea = parseQuantity((await panel.locator('.map-tools__total').textContent()) ?? '');
    const ring = await unproject(page, corners);
    const turfSquareMetres = turfArea(polygon([[...ring, ring[0]!]]));
    expect(Math.abs(shownArea / turfSquareMetres - 1)).toBeLessThan(0.01);
    expect(await page.locator('.map-tools__label').count()).toBe(2);

    // A restyle (here: the big-screen theme) must not drop the measurements.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid=map]') as Element & {
        redmapMap: { getStyle(): unknown; setStyle(s: unknown, o: unknown): void };
      };
      const style = el.redmapMap.getStyle() as { layers: { id: string }[]; sources: Record<string, unknown> };
      const own = (id: string) => id.startsWith('redmap-measure-');
      // What a style rebuilt from the app's state looks like: without the tools' layers.
      el.redmapMap.setStyle(
        {
          ...style,
          layers: style.layers.filter((l) => !own(l.id)),
          sources: Object.fromEntries(Object.entries(style.sources).filter(([id]) => !own(id))),
        },
        { diff: true },
      );
    });
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.querySelector('[data-testid=map]') as Element & {
            redmapMap: { getSource(id: string): unknown };
          };
          return el.redmapMap.getSource('redmap-measure-linestring') !== undefined;
        }),
      )
      .toBe(true);
    expect(await page.locator('.map-tools__label').count()).toBe(2);

    // Nothing is being drawn, so Escape leaves the tool; Clear removes the shapes.
    await page.keyboard.press('Escape');
    await expect.poll(() => tools.getByRole('button', { name: '测面' }).getAttribute('aria-pressed')).toBe('false');
    await tools.getByRole('button', { name: '清除' }).click();
    expect(await page.locator('.map-tools__label').count()).toBe(0);
  });

  it('exports the view as a PNG with title bar, at the device pixel ratio, not blank', async () => {
    const page = await app.browser.newPage({
      viewport: { width: 1366, height: 768 },
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    onTestFinished(() => page.close());
    await signIn(page, app.baseUrl);
    const size = await page.evaluate(() => {
      const el = document.querySelector('[data-testid=map]') as Element & {
        redmapMap: { getCanvas(): HTMLCanvasElement };
      };
      const c = el.redmapMap.getCanvas();
      return { width: c.clientWidth, height: c.clientHeight };
    });

    const exportButton = page.getByRole('toolbar', { name: '地图工具' }).getByRole('button', { name: '导出图片' });
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]).catch(async (error) => {
      // Say what the tool said (e.g. 导出失败：…) rather than only "timeout".
      throw new Error(`no download; the tool says "${await page.locator('.map-tools__note').textContent()}": ${error}`);
    });
    expect(download.suggestedFilename()).toMatch(/^redmap-\d{8}-\d{4}\.png$/);
    mkdirSync('test-results', { recursive: true });
    await download.saveAs('test-results/map-export.png');
    const bytes = readFileSync('test-results/map-export.png');
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // the PNG signature
    const png = decodePng(bytes);
    expect(png.width).toBe(size.width * 2);
    expect(png.height).toBe((size.height + TITLE_BAR_HEIGHT + FOOTER_HEIGHT) * 2);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已导出' }).count()).toBe(1);

    const pixel = (x: number, y: number) => [
      ...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4),
    ];
    // The title bar is party red.
    expect(pixel(4, 4)).toEqual([200, 22, 29, 255]);
    // The map's middle (clear of legend, scale bar and north arrow) holds the drawn map: a blank
    // WebGL read would leave it one flat colour.
    const colours = new Set<string>();
    const top = (TITLE_BAR_HEIGHT + size.height * 0.25) * 2;
    for (let y = Math.round(top); y < (TITLE_BAR_HEIGHT + size.height * 0.75) * 2; y += 3) {
      for (let x = Math.round(png.width * 0.25); x < png.width * 0.75; x += 3) {
        const [r = 0, g = 0, b = 0, alpha = 0] = pixel(x, y);
        expect(alpha).toBe(255);
        colours.add(`${r >> 3},${g >> 3},${b >> 3}`);
      }
    }
    expect(colours.size).toBeGreaterThan(20);
  });
});
