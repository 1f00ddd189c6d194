import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { chromiumPath, mapIdle, mapLoaded, signIn, useBrowserApp } from './browser.ts';
import { decodePng, type Pixels } from './png.ts';

// The coverage planner (规划 · 覆盖分析) as a leader uses it in real Chromium, in Chinese: run the
// analysis with a changed radius, read the shares, the uncovered sites and the border gaps, fly to
// them and see them drawn red, add a what-if organisation by clicking the map, export GeoJSON, save
// and compare plans, and follow a run that the server answers as a job. Every figure checked is
// compared with the API's own answer for the same parameters, asked from the same page.

type Body = Record<string, unknown>;
interface Result {
  sites: {
    total: number;
    covered: number;
    share: number;
    items: {
      id: number;
      name: string;
      lon: number;
      lat: number;
      covered: boolean;
      nearestOrgM: number | null;
      radiusM: number;
    }[];
  };
  border: { share: number; gaps: { fromKm: number; toKm: number }[]; segments: unknown[] };
  grid: { items: unknown[] };
  recommendations: { picks: { rank: number; gainSites: number }[] };
}

/** The page's share format (one decimal and a percent sign). */
const percentText = (share: number) => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
const km = (x: number) => String(Math.round(x * 10) / 10);
const number = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

/** Asks the API itself from the page (same session), as the page would. */
function analyse(page: Page, body: Body): Promise<{ id: number; result: Result }> {
  return page.evaluate(async (b) => {
    const res = await fetch('/api/coverage', {
      method: 'POST',
      // Marked, so the request log keeps only what the page itself sent.
      headers: { 'content-type': 'application/json', 'x-test-replay': '1' },
      body: JSON.stringify(b),
    });
    return (await res.json()) as { id: number; result: Result };
  }, body);
}

/** The uncovered sites worst first: nearest organisation beyond the radius, most first (none: worst). */
function worstFirst(r: Result) {
  const severity = (s: Result['sites']['items'][number]) => (s.nearestOrgM ?? Number.POSITIVE_INFINITY) - s.radiusM;
  return r.sites.items.filter((s) => s.covered !== true).sort((a, b) => severity(b) - severity(a) || a.id - b.id);
}

/** Whether some pixel within `r` of the centre of the picture is the red of uncovered things. */
function redNearCentre({ width, height, data }: Pixels, r = 3): boolean {
  const cx = Math.round(width / 2);
  const cy = Math.round(height / 2);
  for (let y = cy - r; y <= cy + r; y++) {
    for (let x = cx - r; x <= cx + r; x++) {
      const o = (y * width + x) * 4;
      if ((data[o] ?? 0) > 170 && (data[o + 1] ?? 255) < 90 && (data[o + 2] ?? 255) < 90) return true;
    }
  }
  return false;
}

type MapElement = HTMLElement & { redmapMap?: import('maplibre-gl').Map };

/** The map's centre now. */
function mapCenter(page: Page): Promise<[number, number]> {
  return page.evaluate(() => {
    const c = (document.querySelector('[data-testid=map]') as MapElement).redmapMap?.getCenter();
    return [c?.lng ?? 0, c?.lat ?? 0];
  });
}

/** The map's centre once it stops moving. */
async function settledCenter(page: Page): Promise<[number, number]> {
  await page.waitForFunction(
    () => (document.querySelector('[data-testid=map]') as MapElement).redmapMap?.isMoving() === false,
    undefined,
    { timeout: 15_000 },
  );
  return mapCenter(page);
}

/** Waits until the map has flown to `[lon, lat]` and drawn it. */
async function flownTo(page: Page, [lon, lat]: [number, number]) {
  await expect
    .poll(() => mapCenter(page), { timeout: 15_000 })
    .toSatisfy(([x, y]: [number, number]) => Math.abs(x - lon) < 1e-4 && Math.abs(y - lat) < 1e-4);
  await mapIdle(page);
}

const mapPixels = async (page: Page, path: string) =>
  decodePng(await page.locator('[data-testid=map]').screenshot({ path }));

describe.skipIf(!chromiumPath)('coverage planner in Chromium', () => {
  const app = useBrowserApp();
  let page: Page;
  const urls: string[] = [];
  const pageErrors: string[] = [];
  /** Bodies of `POST /api/coverage` as the page sent them, in order. */
  const posted: Body[] = [];
  const origins = new Set<string>();
  let base: { id: number; result: Result };

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    origins.add(new URL(app.baseUrl).origin);
    page = await app.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('request', (r) => {
      urls.push(r.url());
      const replay = r.headers()['x-test-replay'] === '1';
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/coverage' && !replay)
        posted.push(r.postDataJSON());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, app.baseUrl, 'leader');
  });
  afterAll(async () => {
    await page?.close();
    const pool = new pg.Pool(inject('databases')[0]!.poolConfig);
    await pool.query(`DELETE FROM coverage_plan WHERE name LIKE '浏览器测试%'`);
    await pool.end();
  });

  it('runs the analysis with R = 6 km and shows the API’s shares, uncovered sites and border gaps', async () => {
    await page.getByRole('link', { name: '覆盖分析' }).click();
    expect(new URL(page.url()).pathname).toBe('/coverage');
    await mapLoaded(page);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('规划 · 覆盖分析');

    // R from 5 to 6 km with the keyboard (the slider steps by 0.5 km).
    const slider = page.locator('[data-testid=coverage-site-radius]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.inputValue()).toBe('6');
    await page.click('[data-testid=coverage-run]');
    await page.waitForSelector('[data-testid=coverage-sites-share]', { timeout: 30_000 });
    expect(posted.at(-1)).toMatchObject({ siteRadiusKm: 6, borderRadiusKm: 10, k: 3 });

    // The same parameters asked by hand, everything else left to the server's defaults.
    base = await analyse(page, { siteRadiusKm: 6 });
    const r = base.result;
    expect(r.sites.covered).toBeLessThan(r.sites.total);
    expect(r.border.gaps.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=coverage-sites-share]').textContent()).toBe(percentText(r.sites.share));
    expect(await page.locator('[data-testid=coverage-border-share]').textContent()).toBe(percentText(r.border.share));
    expect(number(await page.locator('[data-testid=coverage-uncovered-sites]').textContent())).toBe(
      r.sites.total - r.sites.covered,
    );
    expect(number(await page.locator('[data-testid=coverage-gap-count]').textContent())).toBe(r.border.gaps.length);

    // Border gaps with their km markers, in the border's order.
    const gaps = page.locator('[data-testid=coverage-gaps] li');
    expect(await gaps.count()).toBe(r.border.gaps.length);
    const first = r.border.gaps[0]!;
    expect(await gaps.first().textContent()).toContain(`${km(first.fromKm)}–${km(first.toKm)} km`);
    // Three recommendations with their gains.
    const picks = page.locator('[data-testid=coverage-pick-gain]');
    expect(await picks.count()).toBe(r.recommendations.picks.length);
    expect(await picks.first().textContent()).toContain(`新增覆盖 ${r.recommendations.picks[0]!.gainSites} 个站点`);
    expect(await page.locator('[data-testid=coverage-exact]').textContent()).toContain('贪心解距最优解差');

    // Blind spots worst first, the first the API's worst.
    const worst = worstFirst(r);
    const rows = page.locator('[data-testid=coverage-blind-spots] tbody tr');
    expect(await rows.count()).toBe(Math.min(50, worst.length));
    expect(await rows.first().locator('td').nth(1).textContent()).toBe(worst[0]!.name);

    // A gap flown to is drawn red on the border.
    await mapIdle(page);
    const before = await mapCenter(page);
    await gaps.first().locator('button').click();
    await expect.poll(async () => (await mapCenter(page)).join(), { timeout: 15_000 }).not.toBe(before.join());
    await flownTo(page, await settledCenter(page));
    expect(redNearCentre(await mapPixels(page, 'test-results/coverage-gap.png'))).toBe(true);

    // The worst blind spot, clicked in the table, is a red dot in the middle of the map.
    await rows.first().locator('button').click();
    await flownTo(page, [worst[0]!.lon, worst[0]!.lat]);
    expect(await rows.first().getAttribute('class')).toContain('coverage-row--focus');
    expect(redNearCentre(await mapPixels(page, 'test-results/coverage-blind-spot.png'))).toBe(true);
  }, 120_000);

  it('adds a what-if organisation where the map is clicked and shows the covered share rise', async () => {
    const before = posted.length;
    await page.getByRole('radio', { name: '假设组织' }).check();
    await expect.poll(() => page.locator('.coverage-placing').textContent()).toContain('单击地图添加假设组织');
    // The map is centred on the worst blind spot: an organisation there covers it.
    const box = await page.locator('[data-testid=map]').boundingBox();
    if (!box) throw new Error('no map');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const panel = page.locator('.coverage-what-if');
    await expect.poll(() => posted.length, { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');

    const sent = posted.at(-1) as { exact?: boolean; hypothetical?: { orgs: number[][]; jointPoints: number[][] } };
    expect(sent.exact).toBe(false);
    expect(sent.hypothetical?.orgs).toHaveLength(1);
    expect(sent.hypothetical?.jointPoints).toEqual([]);
    const next = (await analyse(page, sent as Body)).result;
    expect(next.sites.covered).toBeGreaterThan(base.result.sites.covered);
    expect(next.sites.items.find((s) => s.id === worstFirst(base.result)[0]!.id)?.covered).toBe(true);
    expect(await page.locator('[data-testid=what-if-sites-share]').textContent()).toBe(percentText(next.sites.share));
    expect(await page.locator('[data-testid=what-if-sites-share-change]').textContent()).toMatch(
      /^较基准 \+\d+\.\d 个百分点$/,
    );
    // The base run's figures stay as they were.
    expect(await page.locator('[data-testid=coverage-sites-share]').textContent()).toBe(
      percentText(base.result.sites.share),
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.coverage-placing').count()).toBe(0);
    await mapIdle(page);
    await page.screenshot({ path: 'test-results/coverage-what-if.png', fullPage: true });

    // A recommendation added as what-if points: the shares again equal the API's for what was sent.
    await page.getByRole('button', { name: '把推荐点位 1 加入假设分析' }).click();
    await expect.poll(() => posted.length, { timeout: 10_000 }).toBe(before + 2);
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const withPick = (await analyse(page, posted.at(-1) as Body)).result;
    expect(withPick.sites.covered).toBeGreaterThanOrEqual(next.sites.covered);
    expect(await page.locator('[data-testid=what-if-sites-share]').textContent()).toBe(
      percentText(withPick.sites.share),
    );
    expect(await page.locator('[data-testid=what-if-border-share]').textContent()).toBe(
      percentText(withPick.border.share),
    );

    await page.click('[data-testid=what-if-clear]');
    await expect.poll(() => page.locator('[data-testid=what-if-sites-share]').count()).toBe(0);
  }, 120_000);

  it('exports the run as a GeoJSON FeatureCollection, saves two plans and compares them', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-geojson]')]);
    expect(download.suggestedFilename()).toMatch(/^coverage-\d+\.geojson$/);
    const geojson = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      type: string;
      features: { type: string; properties: { layer: string; covered?: boolean } }[];
    };
    expect(geojson.type).toBe('FeatureCollection');
    const r = base.result;
    expect(geojson.features).toHaveLength(
      r.sites.items.length + r.border.segments.length + r.grid.items.length + r.recommendations.picks.length,
    );
    expect(geojson.features.every((f) => f.type === 'Feature')).toBe(true);
    expect(geojson.features.filter((f) => f.properties.layer === 'site' && f.properties.covered !== true)).toHaveLength(
      r.sites.total - r.sites.covered,
    );

    await page.fill('[data-testid=plan-name]', '浏览器测试 R6');
    await page.getByRole('button', { name: '保存为方案' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: '已保存方案' }).textContent())
      .toContain('浏览器测试 R6');
    // A second run with R = 8 km, saved too.
    const slider = page.locator('[data-testid=coverage-site-radius]');
    await slider.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.inputValue()).toBe('8');
    const wide = (await analyse(page, { siteRadiusKm: 8 })).result;
    await page.click('[data-testid=coverage-run]');
    await expect
      .poll(() => page.locator('[data-testid=coverage-sites-share]').textContent(), { timeout: 30_000 })
      .toBe(percentText(wide.sites.share));
    expect(posted.at(-1)?.siteRadiusKm).toBe(8);
    await page.fill('[data-testid=plan-name]', '浏览器测试 R8');
    await page.getByRole('button', { name: '保存为方案' }).click();
    await expect.poll(() => page.locator('[data-testid=plan-b] option').count(), { timeout: 10_000 }).toBe(3);

    const option = (name: string) =>
      page.locator('[data-testid=plan-a] option', { hasText: name }).getAttribute('value');
    await page.selectOption('[data-testid=plan-a]', (await option('浏览器测试 R6')) ?? '');
    await page.selectOption('[data-testid=plan-b]', (await option('浏览器测试 R8')) ?? '');
    await page.getByRole('button', { name: '对比' }).click();
    const share = page.locator('[data-testid=plan-comparison] tr', { hasText: '站点覆盖率' }).locator('td');
    await expect.poll(() => share.count(), { timeout: 10_000 }).toBe(4);
    expect(await share.nth(1).textContent()).toBe(percentText(r.sites.share));
    expect(await share.nth(2).textContent()).toBe(percentText(wide.sites.share));
    expect(await share.nth(3).textContent()).toMatch(/^\+\d+\.\d$/);
    await page.screenshot({ path: 'test-results/coverage-planner.png', fullPage: true });
  }, 120_000);

  it('follows a run the server answers as a job (202) to its result', async () => {
    // The same app with every scope large enough to be a job.
    const db = inject('databases')[0]!;
    const pool = new pg.Pool(db.poolConfig);
    const jobApp = createApp(
      {
        pool,
        engine: db.engine,
        capabilities: db.capabilities,
        sessionHours: 1,
        secureCookies: false,
        coverageSyncSites: 0,
      },
      'dist/web',
    );
    const server = serve({ fetch: jobApp.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const jobUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    origins.add(new URL(jobUrl).origin);
    const statuses: string[] = [];
    let jobId = 0;
    const onResponse = async (res: import('playwright-core').Response) => {
      const path = new URL(res.url()).pathname;
      if (!/^\/api\/coverage(\/\d+)?$/.test(path)) return;
      statuses.push(`${res.request().method()} ${res.status()}`);
      if (res.status() === 202) jobId = ((await res.json()) as { id: number }).id;
    };
    page.on('response', onResponse);
    try {
      // Cookies belong to the host, not the port: the session carries over.
      await page.goto(`${jobUrl}/coverage`);
      await mapLoaded(page);
      await page.click('[data-testid=coverage-run]');
      // The progress bar shows while the job runs, then gives way to the figures.
      await page.waitForSelector('[data-testid=coverage-progress] progress', { timeout: 5_000 });
      await page.waitForSelector('[data-testid=coverage-sites-share]', { timeout: 30_000 });
      expect(await page.locator('[data-testid=coverage-progress]').count()).toBe(0);
      expect(statuses[0]).toBe('POST 202');
      expect(statuses.filter((s) => s === 'GET 200').length).toBeGreaterThan(0);
      const job = await page.evaluate(
        async (id) => (await (await fetch(`/api/coverage/${id}`)).json()) as { state: string; result: Result },
        jobId,
      );
      expect(job.state).toBe('done');
      expect(await page.locator('[data-testid=coverage-sites-share]').textContent()).toBe(
        percentText(job.result.sites.share),
      );
      await page.screenshot({ path: 'test-results/coverage-job.png' });
    } finally {
      page.off('response', onResponse);
      server.close();
      await pool.end();
    }
  }, 120_000);

  it('never sent a request off this machine and threw no page error', () => {
    const off = urls.filter((u) => !origins.has(new URL(u).origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(off).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
