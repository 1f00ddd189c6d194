import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, mapIdle, signIn, useBrowserApp } from './browser.ts';
import { decodePng, differingShare } from './png.ts';

// The live map in real Chromium: the device simulator drives five demo terminals over JT/T 808
// (a real TCP socket) against the test server; the leader's map shows them move, and one
// member's track plays back.
const MAP = '[data-testid=map]';
const TERMINALS = 5;

interface Device {
  memberId: number;
  seat: [number, number];
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
    devices = await page.evaluate(async (n) => {
      const res = await fetch(`/api/devices?protocol=jt808&limit=${n}`);
      return ((await res.json()) as { devices: Device[] }).devices;
    }, TERMINALS);
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
    await mapIdle(page);
    const first = decodePng(await page.locator(MAP).screenshot({ path: 'test-results/live-1.png' }));
    await page.waitForTimeout(3000);
    await mapIdle(page);
    const second = decodePng(await page.locator(MAP).screenshot({ path: 'test-results/live-2.png' }));
    // Only the live dots change: at 300 km/h a dot travels about 15 pixels in 3 s at this zoom.
    const changedPixels = differingShare(first, second) * first.width * first.height;
    expect(changedPixels).toBeGreaterThan(100);
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
