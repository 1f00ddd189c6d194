import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { createApp } from '../../api/app.ts';
import { Ingest } from '../../api/devices/ingest.ts';
import { startJt808Listener } from '../../api/devices/jt808/server.ts';
import type { AppDeps } from '../../api/http/env.ts';

/** Debian's Chromium (or CHROMIUM_PATH); never a downloaded browser. */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);
if (!chromiumPath && process.env.CI === 'true') {
  throw new Error('CI=true but Chromium was not found (set CHROMIUM_PATH or install Debian chromium)');
}

/**
 * Serves the built web app and the API over the embedded test database on a loopback port, with
 * a JT/T 808 listener on another, and launches headless Chromium. Returns getters filled in by
 * `beforeAll`. `deps` adds settings of the app (made in `beforeAll`, so they may be built first).
 */
export function useBrowserApp(options: { deps?: () => Promise<Partial<AppDeps>> } = {}) {
  const state = {} as { baseUrl: string; jt808Port: number; browser: Browser };
  let close = async () => {};
  beforeAll(async () => {
    const db = inject('databases')[0]!;
    const pool = new pg.Pool(db.poolConfig);
    const ingest = new Ingest(pool);
    // Settings of the case under test (e.g. a base-map archive), over the common ones.
    const extra = (await options.deps?.()) ?? {};
    const app = createApp(
      {
        pool,
        engine: db.engine,
        capabilities: db.capabilities,
        sessionHours: 1,
        secureCookies: false,
        ingest,
        ...extra,
      },
      'dist/web',
    );
    const jt808 = await startJt808Listener(pool, ingest, {
      host: '127.0.0.1',
      port: 0,
      idleMs: 60_000,
      maxConnections: 100,
      autoRegister: false,
    });
    state.jt808Port = jt808.port;
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    state.browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    close = async () => {
      await state.browser.close();
      await jt808.stop();
      server.close();
      await pool.end();
    };
  });
  afterAll(() => close());
  return state;
}

const MAP = '[data-testid=map]';
type MapElement = HTMLElement & { redmapMap?: import('maplibre-gl').Map };

/** Signs in on the login page as a demo account and waits until the map has loaded its style. */
export async function signIn(page: Page, baseUrl: string, username = 'leader'): Promise<void> {
  await page.goto(baseUrl);
  await page.fill('#username', username);
  await page.fill('#password', 'redmap-demo');
  await page.click('button[type=submit]');
  await mapLoaded(page);
}

/** Waits until the map exists and has loaded its style (MapView hangs the map on its container). */
export async function mapLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    (sel) => (document.querySelector(sel) as MapElement | null)?.redmapMap?.loaded() === true,
    MAP,
    {
      timeout: 30_000,
    },
  );
}

/** Waits until MapLibre has nothing left to load or draw, then a beat for deck.gl's own tiles. */
export async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction((sel) => !!(document.querySelector(sel) as MapElement | null)?.redmapMap, MAP);
  await page.evaluate(
    (sel) =>
      new Promise<void>((resolve) => {
        const map = (document.querySelector(sel) as MapElement).redmapMap as import('maplibre-gl').Map;
        const done = () =>
          map.loaded() && map.areTilesLoaded() && !map.isMoving() ? resolve() : map.once('idle', done);
        map.once('idle', done);
        map.triggerRepaint();
      }),
    MAP,
  );
  await page.waitForTimeout(400);
}
