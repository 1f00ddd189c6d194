import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Jt808Terminal, locationReport } from '../../api/devices/jt808/terminal.ts';
import { demoAuthCode } from '../../geodata/demo/accounts.ts';
import type { MapElement } from '../../web/map/MapView.tsx';
import { type BenchChild, startBenchChild } from '../bench/child.ts';
import { logIn } from '../bench/common.ts';
import { chromiumPath, mapIdle, mapLoaded, signIn, useBrowserApp } from './browser.ts';
import { decodePng, differingShare } from './png.ts';

// The live map in real Chromium: the device simulator drives eight demo terminals over JT/T 808
// (a real TCP socket) against the test server; the leader's map shows them move, and one
// member's track plays back.
const MAP = '[data-testid=map]';
const TERMINALS = 8;

interface Device {
  id: number;
  memberId: number;
  orgId: number;
  seat: [number, number] | null;
}

/** The map's pixel of a place, in page coordinates (the map's canvas starts at its element's corner). */
async function pixelOf(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([sel, at]) => {
      const el = document.querySelector(sel) as MapElement;
      const p = el.redmapMap?.project(at as [number, number]);
      return { x: p?.x ?? Number.NaN, y: p?.y ?? Number.NaN };
    },
    [MAP, lonLat] as const,
  );
}

/** Where one of `memberIds` is while it moves (its live dot changed place within 1 s), or null. */
async function movingMember(page: Page, memberIds: number[]): Promise<[number, number] | null> {
  const read = () =>
    page.evaluate(
      ([sel, ids]) => {
        const fixes = (document.querySelector(sel as string) as MapElement).redmapOverlays?.live?.shown?.fixes ?? [];
        return fixes.filter((p) => (ids as number[]).includes(p.memberId)).map((p) => [p.memberId, p.lon, p.lat]);
      },
      [MAP, memberIds] as const,
    );
  const before = new Map((await read()).map(([id, lon, lat]) => [id, `${lon},${lat}`]));
  await page.waitForTimeout(1000);
  const after = await read();
  const moved = after.find(
    ([id, lon, lat]) => before.has(id as number) && before.get(id as number) !== `${lon},${lat}`,
  );
  return moved ? [moved[1] as number, moved[2] as number] : null;
}

/**
 * How often a member is drawn at map pixel (x, y): the live canvas's dots and the tiles' latest-fix
 * dots there, as picking finds them (a dot that is not drawn is not picked).
 */
async function drawnAt(page: Page, x: number, y: number, memberId: number) {
  return page.evaluate(
    ([sel, px, py, id]) => {
      const el = document.querySelector(sel as string) as MapElement;
      const overlays = el.redmapOverlays;
      if (!overlays) return { live: -1, tiles: -1 };
      // No live canvas (deck.gl is loaded only once the live layer is wanted): no live dot.
      const live = (overlays.live?.pickAll(px as number, py as number, 3) ?? []).filter(
        (p) => p.memberId === id,
      ).length;
      // The tiles' dots are MapLibre's; a live member's is there but drawn transparent (feature state).
      const map = el.redmapMap;
      const box: [[number, number], [number, number]] = [
        [(px as number) - 3, (py as number) - 3],
        [(px as number) + 3, (py as number) + 3],
      ];
      const tiles = (map?.queryRenderedFeatures(box, { layers: ['members-point'] }) ?? []).filter(
        (f) => f.properties.id === id && f.state?.live !== true,
      ).length;
      return { live, tiles };
    },
    [MAP, x, y, memberId] as const,
  );
}

describe.skipIf(!chromiumPath)('the live map in Chromium', () => {
  const app = useBrowserApp();
  let page: Page;
  let simulator: ChildProcess | undefined;
  let devices: Device[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    simulator = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'api/devices/simulate.ts',
        ...['--devices', String(TERMINALS), '--protocol', 'jt808', '--url', app.baseUrl],
        ...['--jt808', `127.0.0.1:${app.jt808Port}`, '--interval', '1', '--speed', '300'],
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, app.baseUrl);
    devices = await page.evaluate(async () => {
      const res = await fetch('/api/devices?protocol=jt808&limit=60');
      return ((await res.json()) as { devices: Device[] }).devices;
    });
  });

  afterAll(async () => {
    simulator?.kill('SIGTERM');
    await page?.close();
  });

  it('counts the simulated terminals on the live layer', async () => {
    await page.getByRole('tab', { name: '图层筛选' }).click();
    // At least the simulated ones: other test files may have sent fixes in the last 30 minutes.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=live-count]')?.getAttribute('data-count') ?? 0) >= n,
      TERMINALS,
      { timeout: 30_000 },
    );
    expect(pageErrors).toEqual([]);
  });

  it('moves the members on the map', async () => {
    const [lon, lat] = devices[0]?.seat ?? [104.2, 23.4];
    await page.goto(`${app.baseUrl}/?c=${lon},${lat}&z=13.5&l=admin,border,live`);
    await page.waitForSelector(MAP);
    // The count sits in the layer tab, hidden here: it only has to exist.
    await page.waitForSelector('[data-testid=live-count][data-count]', { state: 'attached', timeout: 30_000 });
    // Walkers stay a minute or more at each place: follow one that is on its way.
    const simulated = devices.slice(0, TERMINALS).map((d) => d.memberId);
    let moving: [number, number] | null = null;
    for (let i = 0; i < 60 && !moving; i++) moving = await movingMember(page, simulated);
    expect(moving).not.toBeNull();
    await page.evaluate(
      ([sel, at]) => (document.querySelector(sel) as MapElement).redmapMap?.jumpTo({ center: at as [number, number] }),
      [MAP, moving] as const,
    );
    await mapIdle(page);
    const first = decodePng(await page.locator(MAP).screenshot({ path: 'test-results/live-1.png' }));
    await page.waitForTimeout(3000);
    await mapIdle(page);
    const second = decodePng(await page.locator(MAP).screenshot({ path: 'test-results/live-2.png' }));
    // Only the live dots change: at 300 km/h a dot travels about 15 pixels in 3 s at this zoom.
    const changedPixels = differingShare(first, second) * first.width * first.height;
    expect(changedPixels).toBeGreaterThan(100);
  });

  describe('a member standing at the branch seat', () => {
    // A terminal the simulator does not drive (it takes the first eight) and area-query.test.ts
    // does not use (the tenth), of an organisation none of theirs belongs to: the only member at
    // that seat.
    let device: Device & { seat: [number, number] };
    beforeAll(async () => {
      const busy = new Set(devices.slice(0, 10).map((d) => d.orgId));
      const found = devices.slice(10).find((d) => d.seat !== null && !busy.has(d.orgId));
      expect(found).toBeDefined();
      device = found as Device & { seat: [number, number] };
      const pool = new pg.Pool(inject('databases')[0]!.poolConfig);
      const terminalId: string = (await pool.query('SELECT terminal_id FROM device WHERE id = $1', [device.id])).rows[0]
        .terminal_id;
      await pool.end();
      const terminal = await Jt808Terminal.connect('127.0.0.1', app.jt808Port, terminalId);
      try {
        expect(await terminal.login(demoAuthCode(terminalId))).toBe(true);
        const [lon, lat] = device.seat;
        const reply = await terminal.request(
          { type: 'location', report: locationReport(lon, lat, new Date()) },
          10_000,
        );
        expect(reply?.result).toBe(0);
      } finally {
        terminal.close();
      }
    });

    const open = async (layers: string) => {
      const [lon, lat] = device.seat;
      await page.goto(`${app.baseUrl}/?c=${lon},${lat}&z=15&l=${layers}`);
      await mapLoaded(page);
      await mapIdle(page);
      return pixelOf(page, device.seat);
    };
    const clickAt = async ({ x, y }: { x: number; y: number }) => {
      const box = await page.locator(MAP).boundingBox();
      await page.mouse.click((box?.x ?? 0) + x, (box?.y ?? 0) + y);
    };

    it('is drawn once, by the live layer, and a click opens the member, not the branch', async () => {
      const at = await open('orgs,members,live');
      // The live dot arrives with the stream's snapshot; the tile's latest-fix dot is left out.
      await expect
        .poll(() => drawnAt(page, at.x, at.y, device.memberId), { timeout: 20_000 })
        .toEqual({ live: 1, tiles: 0 });
      await page.locator(MAP).screenshot({ path: 'test-results/live-at-seat.png' });
      await clickAt(at);
      await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(`member:${device.memberId}`);
    });

    it('with live off shows the latest fix from the tiles, which a click opens too', async () => {
      const at = await open('orgs,members');
      await expect
        .poll(() => drawnAt(page, at.x, at.y, device.memberId), { timeout: 20_000 })
        .toEqual({ live: 0, tiles: 1 });
      await clickAt(at);
      await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(`member:${device.memberId}`);
    });

    it('opens the branch when no member is under the pointer', async () => {
      const at = await open('orgs,members,live');
      // Above the seat: on the org icon (32 px across), clear of the member's dot (7 px with its
      // rim) and the pointer's 4 px of slack.
      await clickAt({ x: at.x, y: at.y - 13 });
      await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(`org:${device.orgId}`);
    });
  });

  it("plays back a member's track", async () => {
    const member = devices[0]?.memberId;
    await page.goto(`${app.baseUrl}/?sel=member:${member}`);
    await page.getByTestId('track-open').click();
    await page.waitForSelector('[data-testid=track-panel]');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=track-fixes]')?.getAttribute('data-value') ?? 0) >= 3,
      undefined,
      { timeout: 20_000 },
    );
    const slider = page.getByTestId('track-slider');
    const start = Number(await slider.inputValue());
    // Real time: the track spans only the seconds the simulator has run.
    await page.getByTestId('track-speed').selectOption('1');
    await page.getByTestId('track-play').click();
    await expect.poll(async () => page.getByTestId('track-play').getAttribute('data-state')).toBe('playing');
    await page.waitForTimeout(1500);
    expect(Number(await slider.inputValue())).toBeGreaterThan(start);
    await page.locator(MAP).screenshot({ path: 'test-results/track-playback.png' });
    expect(await page.getByTestId('track-gpx').getAttribute('href')).toMatch(/format=gpx/);
  });
});

// The acceptance case: 1,000 terminals reporting every second over JT/T 808, on a server and
// database of their own (the live benchmark's, test/bench/live-server.ts: the demo dataset in
// memory plus bench terminals), so the shared test database keeps its devices. Functional, not
// timed: every terminal arrives on the live layer and is drawn there; the frame rate is the
// benchmark's (npm run bench -- live).
const MANY = 1000;

describe.skipIf(!chromiumPath)('the live layer with 1,000 terminals', () => {
  let server: BenchChild | undefined;
  let simulator: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const jt808Port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    server = await startBenchChild(new URL('../bench/live-server.ts', import.meta.url), {
      JT808_PORT: String(jt808Port),
      BENCH_TERMINALS: String(MANY),
      DATABASE_URL: '',
    });
    baseUrl = `http://127.0.0.1:${server.port}`;
    simulator = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'api/devices/simulate.ts',
        ...['--devices', String(MANY), '--protocol', 'jt808', '--url', baseUrl],
        ...['--jt808', `127.0.0.1:${jt808Port}`, '--interval', '1', '--speed', '60'],
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    // The session from the API: this server is busy with a thousand terminals, and the login
    // page's helper gives the map less time to load than that takes here.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const [name = '', value = ''] = (await logIn(baseUrl, 'leader')).split('=');
    await context.addCookies([{ name, value, url: baseUrl }]);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    simulator?.kill('SIGTERM');
    await browser?.close();
    await server?.stop();
  });

  it('shows the terminals on the prefecture map, each drawn where its fix is', async () => {
    await page.goto(`${baseUrl}/?c=104.6,23.35&z=8.6&l=admin,border,orgs,zones,joint_points,members,live`);
    await page.waitForFunction((sel) => (document.querySelector(sel) as MapElement | null)?.redmapMap?.loaded(), MAP, {
      timeout: 120_000,
    });
    // The terminals log in 50 at a time and the embedded engine takes a thousand fixes a second
    // on a shared machine: wait until nearly all of them are on the layer.
    const countOf = () =>
      page.evaluate((sel) => (document.querySelector(sel) as MapElement).redmapOverlays?.live?.shown?.length ?? 0, MAP);
    await expect.poll(countOf, { timeout: 150_000, interval: 2000 }).toBeGreaterThanOrEqual(MANY * 0.95);
    await page.waitForTimeout(2000);
    await page.locator(MAP).screenshot({ path: 'test-results/live-1000.png' });
    // Every fix of the frame is drawn where it is: at each fix's pixel there is a live dot (its
    // own, or that of a member at the same spot: many stand at their branch's seat).
    const checked = await page.evaluate((sel) => {
      const el = document.querySelector(sel) as MapElement;
      const map = el.redmapMap;
      const live = el.redmapOverlays?.live;
      if (!map || !live) return { fixes: 0, inView: 0, found: 0 };
      const fixes = live.shown?.fixes ?? [];
      const { clientWidth: w, clientHeight: h } = map.getContainer();
      let inView = 0;
      let found = 0;
      for (const p of fixes.slice(0, 200)) {
        const { x, y } = map.project([p.lon, p.lat]);
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        inView++;
        // The top dot at the pixel: this fix's, or one of the others standing on the same spot.
        const top = live.pick(x, y, 1);
        const at = top ? map.project([top.lon, top.lat]) : null;
        if (at && Math.hypot(at.x - x, at.y - y) <= 8) found++;
      }
      return { fixes: fixes.length, inView, found };
    }, MAP);
    expect(checked.fixes).toBeGreaterThanOrEqual(MANY * 0.95);
    expect(checked.inView).toBeGreaterThan(50);
    expect(checked.found).toBe(checked.inView);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
