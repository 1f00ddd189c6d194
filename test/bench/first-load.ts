// `npm run bench -- first-load`: how long a newcomer waits for the prefecture view. Starts the
// real server (`api/start.mjs`: the built app, the embedded PostGIS with the demo dataset, or
// DATABASE_URL) and, for each role, opens a fresh headless Chromium (empty cache), signs in and
// waits until the map is idle: MapLibre loaded with every tile, and no request in flight but the
// live stream. Baseline: the same requests replayed from Node with the browser's six
// connections per host, i.e. what the server and the network alone take.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../browser/browser.ts';
import { percentile } from './common.ts';

/** BENCH_ROLES=leader,member measures only those. */
const ROLES = (process.env.BENCH_ROLES ?? 'leader,secretary,member').split(',');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Load {
  role: string;
  /** From the click on 登录 to the map's style and first tiles. */
  mapMs: number;
  /** From the click to idle. */
  idleMs: number;
  /**
   * From the click until the loaded map's frame is on screen: two animation frames after it
   * loaded (with a software renderer the first frame is drawn only then, firstPaint.ts).
   */
  paintedMs: number;
  /** Requests after the click on 登录. */
  requests: number;
  /** Bytes on the wire of JavaScript, and of everything, from opening the page. */
  jsBytes: number;
  /** Of which before the map had loaded (the rest, deck.gl for the live layer, comes after). */
  jsAtLoadBytes: number;
  bytes: number;
  /** Same-origin GET requests after sign-in, for the replay. */
  urls: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ base: string; child: ChildProcess; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'redmap-first-load-'));
  // A build of this checkout, so the figures are of the code as it is (npm start reuses dist/web).
  const webDir = path.join(dataDir, 'web');
  const built = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--outDir', webDir, '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) throw new Error('vite build failed');
  const child = spawn(process.execPath, ['api/start.mjs'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: path.join(dataDir, 'data'),
      WEB_DIR: webDir,
      JT808_PORT: String(await freePort()),
      NMEA_PORT: String(await freePort()),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (chunk.toString().includes('RedMap ready')) resolve();
    });
  });
  return { base, child, dataDir };
}

async function firstLoad(base: string, role: string, shot: string | null): Promise<Load> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    // Everything on the wire from the first byte, the sign-in page's prefetch of the map included.
    let bytes = 0;
    let jsBytes = 0;
    page.on('requestfinished', async (r) => {
      const size = (await r.sizes().catch(() => null))?.responseBodySize ?? 0;
      bytes += size;
      if (/\.m?js$/.test(new URL(r.url()).pathname)) jsBytes += size;
    });
    await page.goto(base);
    await page.fill('#username', role);
    await page.fill('#password', 'redmap-demo');
    // The map's chunks load while the sign-in page shows (web/App.tsx); a person takes longer
    // than this to type a password.
    await page.waitForLoadState('networkidle');
    const pending = new Set<unknown>();
    const urls: string[] = [];
    let requests = 0;
    let lastActivity = Date.now();
    page.on('request', (r) => {
      if (r.url().includes('/api/positions/live')) return;
      pending.add(r);
      requests++;
      if (r.method() === 'GET' && r.url().startsWith(base)) urls.push(r.url().slice(base.length));
    });
    const settle = (r: import('playwright-core').Request) => {
      if (pending.delete(r)) lastActivity = Date.now();
    };
    page.on('requestfinished', settle);
    page.on('requestfailed', settle);

    const started = Date.now();
    await page.click('button[type=submit]');
    await page.waitForFunction(
      () =>
        (
          document.querySelector('[data-testid=map]') as { redmapMap?: { loaded(): boolean } } | null
        )?.redmapMap?.loaded() === true,
      null,
      { timeout: 120_000 },
    );
    const mapMs = Date.now() - started;
    const jsAtLoadBytes = jsBytes;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const paintedMs = Date.now() - started;
    // Idle is never before loaded, even when the last request ended earlier.
    lastActivity = Math.max(lastActivity, Date.now());
    for (;;) {
      const idle = await page.evaluate(() => {
        const m = (document.querySelector('[data-testid=map]') as { redmapMap?: import('maplibre-gl').Map }).redmapMap;
        return !!m && m.loaded() && m.areTilesLoaded() && !m.isMoving();
      });
      if (!idle || pending.size > 0) lastActivity = Date.now();
      else if (Date.now() - lastActivity > 500) break;
      if (Date.now() - started > 120_000) throw new Error(`${role}: not idle after 120 s`);
      await page.waitForTimeout(25);
    }
    const idleMs = lastActivity - started;
    if (shot) await page.screenshot({ path: shot });
    return { role, mapMs, idleMs, paintedMs, requests, jsBytes, jsAtLoadBytes, bytes, urls };
  } finally {
    await browser.close();
  }
}

/** The page's requests from Node, six at a time, with the role's session: the server's share. */
async function replay(base: string, role: string, urls: string[]): Promise<number> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: role, password: 'redmap-demo' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const queue = [...urls];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        const res = await fetch(`${base}${url}`, { headers: { cookie, 'accept-encoding': 'gzip, br' } });
        await res.arrayBuffer();
      }
    }),
  );
  return performance.now() - started;
}

export async function benchFirstLoad(): Promise<void> {
  if (!chromiumPath) throw new Error('first-load needs Chromium (CHROMIUM_PATH)');
  const { base, child, dataDir } = await startServer();
  mkdirSync('bench/results', { recursive: true });
  mkdirSync('test-results', { recursive: true });
  const rows: Record<string, number | string>[] = [];
  try {
    for (const role of ROLES) {
      const loads: Load[] = [];
      for (let i = 0; i < RUNS; i++) {
        loads.push(await firstLoad(base, role, i === 0 ? `test-results/first-load-${role}.png` : null));
      }
      const replays: number[] = [];
      for (const l of loads) replays.push(await replay(base, role, l.urls));
      const p50 = (f: (l: Load) => number) => percentile(loads.map(f), 50);
      const idle = p50((l) => l.idleMs);
      const server = percentile(replays, 50);
      rows.push({
        role,
        'map loaded p50 (ms)': Math.round(p50((l) => l.mapMs)),
        'idle p50 (ms)': Math.round(idle),
        'painted p50 (ms)': Math.round(p50((l) => l.paintedMs)),
        'replay p50 (ms)': Math.round(server),
        'idle / replay': Number((idle / server).toFixed(1)),
        requests: Math.round(p50((l) => l.requests)),
        'JS at load (KiB)': Math.round(p50((l) => l.jsAtLoadBytes) / 1024),
        'JS (KiB)': Math.round(p50((l) => l.jsBytes) / 1024),
        'all (KiB)': Math.round(p50((l) => l.bytes) / 1024),
      });
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.table(rows);
  writeFileSync(
    'bench/results/first-load.json',
    `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`,
  );
}
