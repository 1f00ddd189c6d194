import { mkdirSync } from 'node:fs';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Jt808Terminal, locationReport } from '../../api/devices/jt808/terminal.ts';
import { demoAuthCode } from '../../geodata/demo/accounts.ts';
import { chromiumPath, mapLoaded, signIn, useBrowserApp } from './browser.ts';

// The area query (区域查询, "who was here") in real Chromium: a demo terminal reports three fixes
// near its organisation's seat over JT/T 808, the leader draws a square around the seat on the
// map, asks, and finds the member; a row selects the member on the map.
const MAP = '[data-testid=map]';

interface Device {
  id: number;
  terminalId: string;
  memberId: number;
  memberName: string;
  seat: [number, number];
}

type MapHandle = Element & {
  redmapMap: {
    loaded(): boolean;
    getCanvas(): HTMLCanvasElement;
    project(p: [number, number]): { x: number; y: number };
    getZoom(): number;
  };
};

/** [lon, lat] → viewport pixels through the page's own map. */
function project(page: Page, lngLat: [number, number]): Promise<[number, number]> {
  return page.evaluate(
    ({ sel, p }) => {
      const map = (document.querySelector(sel) as MapHandle).redmapMap;
      const r = map.getCanvas().getBoundingClientRect();
      const { x, y } = map.project(p);
      return [r.left + x, r.top + y] as [number, number];
    },
    { sel: MAP, p: lngLat },
  );
}

/** Clicks the corners of a polygon on the map, then the first corner again to close it. */
async function drawPolygon(page: Page, corners: [number, number][]): Promise<void> {
  for (const p of [...corners, corners[0]!]) {
    await page.mouse.move(...p);
    await page.mouse.click(...p);
  }
}

/** `datetime-local` values computed in the page, so they are in the browser's time zone. */
function localInputs(page: Page, fromMs: number, toMs: number): Promise<{ from: string; to: string }> {
  return page.evaluate(
    ({ a, b }) => {
      const pad = (n: number) => String(n).padStart(2, '0');
      const value = (ms: number) => {
        const d = new Date(ms);
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      };
      return { from: value(a), to: value(b) };
    },
    { a: fromMs, b: toMs },
  );
}

describe.skipIf(!chromiumPath)('the area query in Chromium', () => {
  const app = useBrowserApp();
  let page: Page;
  let device: Device;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, app.baseUrl);
    // The list is in id order; live.test.ts drives (and plays back) the first five terminals, so
    // these fixes go to a later one and leave that test's tracks alone.
    const devices = await page.evaluate(async () => {
      const res = await fetch('/api/devices?protocol=jt808&limit=10');
      return ((await res.json()) as { devices: Device[] }).devices;
    });
    device = devices.at(-1)!;
    expect(devices.length).toBeGreaterThan(5);
    // The leader sees terminal numbers masked like phones; the terminal knows its own.
    const pool = new pg.Pool(inject('databases')[0]!.poolConfig);
    device.terminalId = (
      await pool.query('SELECT terminal_id FROM device WHERE id = $1', [device.id])
    ).rows[0].terminal_id;
    await pool.end();

    // Three fixes a few tens of metres from the seat within the last hour; each is acknowledged
    // only once its batch has committed.
    const terminal = await Jt808Terminal.connect('127.0.0.1', app.jt808Port, device.terminalId);
    try {
      expect(await terminal.login(demoAuthCode(device.terminalId))).toBe(true);
      const [lon, lat] = device.seat;
      const now = Date.now();
      for (const [i, minutesAgo] of [40, 30, 20].entries()) {
        const report = locationReport(lon + 0.0002 * i, lat - 0.0001 * i, new Date(now - minutesAgo * 60_000));
        const reply = await terminal.request({ type: 'location', report }, 10_000);
        expect(reply?.result).toBe(0);
      }
    } finally {
      terminal.close();
    }
  });

  afterAll(async () => {
    await page?.close();
  });

  it('draws an area around the seat and finds who was there', async () => {
    const [lon, lat] = device.seat;
    await page.goto(`${app.baseUrl}/?c=${lon},${lat}&z=15`);
    await mapLoaded(page);

    const tool = page.getByTestId('area-query-tool');
    await tool.click();
    expect(await tool.getAttribute('aria-pressed')).toBe('true');
    const panel = page.getByTestId('area-query-panel');
    await panel.getByText('在地图上单击画出查询区域').waitFor();

    // The inputs start at the last 24 hours.
    const from = Date.parse(await page.getByTestId('area-from').inputValue());
    const to = Date.parse(await page.getByTestId('area-to').inputValue());
    expect(to - from).toBe(86_400_000);
    expect(Math.abs(to - Date.now())).toBeLessThan(5 * 60_000);

    // Asking before drawing says to draw first.
    await page.getByTestId('area-run').click();
    expect(await page.getByTestId('area-problem').textContent()).toBe('请先在地图上画出查询区域');

    // A square of 160 px (about 380 m at zoom 15) around the seat.
    const [x, y] = await project(page, [lon, lat]);
    await drawPolygon(page, [
      [x - 80, y - 80],
      [x + 80, y - 80],
      [x + 80, y + 80],
      [x - 80, y + 80],
    ]);
    await expect.poll(() => page.getByTestId('area-drawn').textContent()).toMatch(/已画出区域，面积 .*平方/);
    await expect.poll(() => page.getByTestId('area-problem').count()).toBe(0);

    await page.getByTestId('area-run').click();
    const results = page.getByTestId('area-results');
    await results.waitFor({ timeout: 20_000 });
    const row = results.locator(`[data-testid=area-member][data-member-id="${device.memberId}"]`);
    expect(await row.textContent()).toContain(device.memberName);
    expect(await row.textContent()).toMatch(/\d+ 个定位点/);
    const count = Number(await results.getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('area-count').textContent()).toBe(`共 ${count} 人`);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/area-query.png' });

    // A row selects the member on the map, as the drawer's links do.
    await row.click();
    await expect.poll(() => page.url()).toContain(`sel=member:${device.memberId}`);
    await expect.poll(() => row.getAttribute('aria-current')).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  it('says when nobody was there, and what is wrong with a range', async () => {
    const panel = page.getByTestId('area-query-panel');
    const future = await localInputs(page, Date.now() + 2 * 86_400_000, Date.now() + 3 * 86_400_000);
    await page.getByTestId('area-from').fill(future.from);
    await page.getByTestId('area-to').fill(future.to);
    await page.getByTestId('area-run').click();
    await expect.poll(() => panel.getByTestId('area-empty').textContent()).toBe('该时段无人到过此区域');
    expect(await page.getByTestId('area-count').textContent()).toBe('共 0 人');

    await page.getByTestId('area-from').fill(future.to);
    await page.getByTestId('area-to').fill(future.from);
    await page.getByTestId('area-run').click();
    expect(await page.getByTestId('area-problem').textContent()).toBe('开始时间须早于结束时间');
  });

  it('keeps one drawing tool at a time; 清除 keeps the area, redrawing drops it and the results', async () => {
    const tools = page.getByRole('toolbar', { name: '地图工具' });
    const [lon, lat] = device.seat;
    const [x, y] = await project(page, [lon, lat]);

    // The distance tool takes over: the query panel and its area go. A line is measured.
    await tools.getByRole('button', { name: '测距' }).click();
    await expect.poll(() => page.getByTestId('area-query-panel').count()).toBe(0);
    expect(await page.getByTestId('area-query-tool').getAttribute('aria-pressed')).toBe('false');
    await page.getByText('单击地图添加点').waitFor();
    for (const p of [
      [x - 120, y + 120],
      [x + 120, y + 120],
      [x + 120, y + 120],
    ] as [number, number][]) {
      await page.mouse.move(...p);
      await page.mouse.click(...p);
    }
    await expect.poll(() => page.locator('.map-tools__label').count()).toBe(1);

    // Back to the query: a fresh panel (the last 24 hours), a new area, an answer.
    await page.getByTestId('area-query-tool').click();
    expect(await tools.getByRole('button', { name: '测距' }).getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('area-query-panel').getByText('在地图上单击画出查询区域').waitFor();
    await drawPolygon(page, [
      [x - 60, y - 60],
      [x + 60, y - 60],
      [x + 60, y + 60],
      [x - 60, y + 60],
    ]);
    const drawn = await page.getByTestId('area-drawn').textContent();
    await page.getByTestId('area-run').click();
    await page.getByTestId('area-results').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('area-results').textContent()).toContain(device.memberName);

    // 清除 removes the measurement only.
    await tools.getByRole('button', { name: '清除' }).click();
    await expect.poll(() => page.locator('.map-tools__label').count()).toBe(0);
    expect(await page.getByTestId('area-drawn').textContent()).toBe(drawn);
    expect(await page.getByTestId('area-results').count()).toBe(1);

    // 重画区域 drops the area and its results and draws anew; Escape then leaves the tool.
    await page.getByTestId('area-redraw').click();
    await expect.poll(() => page.getByTestId('area-results').count()).toBe(0);
    await page.getByTestId('area-query-panel').getByText('在地图上单击画出查询区域').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('area-query-panel').count()).toBe(0);
    expect(await page.getByTestId('area-query-tool').getAttribute('aria-pressed')).toBe('false');
    expect(pageErrors).toEqual([]);
  });

  it('finishes an area with a double-click without zooming the map, and zooms by double-click again after', async () => {
    const [lon, lat] = device.seat;
    await page.goto(`${app.baseUrl}/?c=${lon},${lat}&z=15`);
    await mapLoaded(page);
    const zoom = () => page.evaluate((sel) => (document.querySelector(sel) as MapHandle).redmapMap.getZoom(), MAP);
    await page.getByTestId('area-query-tool').click();
    await page.getByTestId('area-query-panel').getByText('在地图上单击画出查询区域').waitFor();
    const [x, y] = await project(page, [lon, lat]);
    for (const p of [
      [x - 70, y - 70],
      [x + 70, y - 70],
    ] as [number, number][]) {
      await page.mouse.move(...p);
      await page.mouse.click(...p);
    }
    await page.mouse.move(x + 70, y + 70);
    await page.mouse.dblclick(x + 70, y + 70);
    await page.waitForTimeout(800); // a double-click zoom animates for 500 ms
    expect(await zoom()).toBeCloseTo(15, 5);

    // Out of the tool, a double-click zooms as everywhere else.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('area-query-panel').count()).toBe(0);
    await page.mouse.dblclick(x - 200, y + 150);
    await expect.poll(zoom, { timeout: 5_000 }).toBeGreaterThan(15.5);
    expect(pageErrors).toEqual([]);
  });
});
