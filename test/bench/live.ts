// `npm run bench -- live`: how smoothly the map draws while BENCH_TERMINALS (default 1,000)
// simulated terminals report every second over JT/T 808. Frame times (requestAnimationFrame
// deltas) and long tasks (PerformanceObserver) in headless Chromium, with the live layer on and,
// as the baseline, off, under the same server load. Writes bench/results/live.json and a
// screenshot. BENCH_PROFILE=1 adds a CPU profile of the live phase (unminified build);
// BENCH_WEB_DIR serves a build made elsewhere (an older commit's, for a before/after figure).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { startBenchChild } from './child.ts';
import { logIn, percentile } from './common.ts';

const TERMINALS = Number(process.env.BENCH_TERMINALS ?? 1000);
/** Seconds of frames recorded per phase. */
const MEASURE_S = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_S = 5;
const PROFILE = process.env.BENCH_PROFILE === '1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIR = process.env.BENCH_WEB_DIR || 'dist/bench-web';
const BUILD = !process.env.BENCH_WEB_DIR;
const RESULTS = 'bench/results';
/** The whole demo prefecture at a glance: every terminal on screen. */
const VIEW = 'c=104.6,23.35&z=8.6';
const LAYERS_ON = 'admin,border,orgs,zones,joint_points,members,live';
const LAYERS_OFF = 'admin,border,orgs,zones,joint_points,members';

/** What one phase measured in the page. */
interface PhaseFigures {
  seconds: number;
  frames: number;
  fps: number;
  p50: number;
  p95: number;
  p99: number;
  maxFrame: number;
  longTasks: number;
  maxLongTask: number;
  /** Positions received over the live stream per second (0 with live off). */
  fixesPerSecond: number;
  /** Members drawn on the live layer at the end. */
  liveCount: number;
  /** Times terminals joined or left the layer while measuring (each redraws the map once). */
  membershipChanges: number;
}

type Overlays = { live: { shown: { membership: number } | null } | null };
const membershipOf = (page: Page) =>
  page.evaluate(
    () =>
      (document.querySelector('[data-testid=map]') as (HTMLElement & { redmapOverlays?: Overlays }) | null)
        ?.redmapOverlays?.live?.shown?.membership ?? 0,
  );

/** Waits until no terminal joined or left for `quietMs` (at most `maxMs`). */
async function settled(page: Page, quietMs: number, maxMs: number) {
  const start = Date.now();
  let last = await membershipOf(page);
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - start < maxMs) {
    await page.waitForTimeout(500);
    const m = await membershipOf(page);
    if (m !== last) [last, since] = [m, Date.now()];
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * Counts the positions the page's EventSource receives, without changing what the app does:
 * wraps the listeners the app adds for `snapshot` and `positions` messages.
 */
function countLiveMessages() {
  const w = window as unknown as { __liveFixes: number };
  w.__liveFixes = 0;
  const add = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (
    this: EventSource,
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (type !== 'positions' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const counted = (e: Event) => {
      const data = (e as MessageEvent<string>).data;
      // Each fix is one object with a deviceId: count them without parsing twice.
      w.__liveFixes += data.split('"deviceId"').length - 1;
      listener.call(this, e);
    };
    return add.call(this, type, counted, options);
  } as typeof EventSource.prototype.addEventListener;
}

/** Records rAF deltas and long tasks for `seconds` in the page. */
async function recordFrames(page: Page, seconds: number) {
  return page.evaluate(
    (ms) =>
      new Promise<{ deltas: number[]; longTasks: number[]; fixes: number; elapsed: number }>((resolve) => {
        const w = window as unknown as { __liveFixes?: number };
        const deltas: number[] = [];
        const longTasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push(e.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        const fixes0 = w.__liveFixes ?? 0;
        const t0 = performance.now();
        let last = t0;
        const frame = (t: number) => {
          deltas.push(t - last);
          last = t;
          if (t - t0 < ms) requestAnimationFrame(frame);
          else {
            observer.disconnect();
            resolve({ deltas, longTasks, fixes: (w.__liveFixes ?? 0) - fixes0, elapsed: t - t0 });
          }
        };
        requestAnimationFrame((t) => {
          last = t;
          requestAnimationFrame(frame);
        });
      }),
    seconds * 1000,
  );
}

const liveCountOf = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('[data-testid=live-count]')?.getAttribute('data-count') ?? 0));

async function waitForMap(page: Page) {
  await page.waitForFunction(
    () =>
      (
        document.querySelector('[data-testid=map]') as (HTMLElement & { redmapMap?: { loaded(): boolean } }) | null
      )?.redmapMap?.loaded() === true,
    undefined,
    { timeout: 60_000 },
  );
}

async function phase(page: Page, baseUrl: string, live: boolean, shot?: string): Promise<PhaseFigures> {
  await page.goto(`${baseUrl}/?${VIEW}&l=${live ? LAYERS_ON : LAYERS_OFF}`);
  await waitForMap(page);
  if (live) {
    // The count sits in the layer tab; it only has to reach (nearly) every terminal.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=live-count]')?.getAttribute('data-count') ?? 0) >= n,
      Math.floor(TERMINALS * 0.95),
      { timeout: 120_000 },
    );
  }
  await page.waitForTimeout(WARMUP_S * 1000);
  // Steady state: a terminal that joins (or leaves) the layer makes the tiles drop (or bring back)
  // its latest-fix dot, and so one redraw of the whole map; those are counted, not waited out forever.
  if (live) await settled(page, 5_000, 60_000);
  const joins0 = await membershipOf(page);
  const r = await recordFrames(page, MEASURE_S);
  const joins = (await membershipOf(page)) - joins0;
  if (shot) await page.screenshot({ path: shot });
  const seconds = r.elapsed / 1000;
  return {
    seconds,
    frames: r.deltas.length,
    fps: r.deltas.length / seconds,
    p50: percentile(r.deltas, 50),
    p95: percentile(r.deltas, 95),
    p99: percentile(r.deltas, 99),
    maxFrame: Math.max(...r.deltas),
    longTasks: r.longTasks.length,
    maxLongTask: r.longTasks.length ? Math.max(...r.longTasks) : 0,
    fixesPerSecond: r.fixes / seconds,
    membershipChanges: live ? joins : 0,
    liveCount: live ? await liveCountOf(page) : 0,
  };
}

/** The CPU profile's heaviest functions by self time, for BENCH_PROFILE=1. */
async function profiled(page: Page, seconds: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(seconds * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  const dt = profile.timeDeltas ?? [];
  const selfMs = new Map<number, number>();
  for (const [i, id] of (profile.samples ?? []).entries()) selfMs.set(id, (selfMs.get(id) ?? 0) + (dt[i] ?? 0) / 1000);
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (selfMs.get(node.id) ?? 0));
  }
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  console.log(`\nCPU profile of the live phase, ${seconds} s, heaviest self times (ms, share):`);
  for (const [k, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${ms.toFixed(0).padStart(7)}  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}

export async function benchLive(databaseUrl: string | undefined) {
  mkdirSync(RESULTS, { recursive: true });
  if (BUILD) {
    console.log(`building the web app into ${WEB_DIR}${PROFILE ? ' (unminified, for the profile)' : ''}…`);
    await build({
      configFile: 'vite.config.ts',
      logLevel: 'warn',
      build: { outDir: path.resolve(WEB_DIR), emptyOutDir: true, minify: !PROFILE },
    });
  }
  const jt808Port = await freePort();
  const t0 = Date.now();
  const server = await startBenchChild(new URL('live-server.ts', import.meta.url), {
    JT808_PORT: String(jt808Port),
    BENCH_TERMINALS: String(TERMINALS),
    BENCH_WEB_DIR: WEB_DIR,
    DATABASE_URL: databaseUrl ?? '',
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const engine = databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PGlite (in memory)';
  console.log(`server ready in ${((Date.now() - t0) / 1000).toFixed(0)} s on ${engine}`);
  let simulator: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    simulator = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'api/devices/simulate.ts',
        ...['--devices', String(TERMINALS), '--protocol', 'jt808', '--url', baseUrl],
        ...['--jt808', `127.0.0.1:${jt808Port}`, '--interval', '1', '--speed', '60'],
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      simulator?.stdout?.on('data', (b: Buffer) => {
        if (b.toString().includes('simulating')) resolve();
      });
      simulator?.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const cookie = await logIn(baseUrl, 'leader');
    const [name = '', value = ''] = cookie.split('=');
    await context.addCookies([{ name, value, url: baseUrl }]);
    // tsx keeps function names with a `__name` helper that the page does not have.
    await context.addInitScript('globalThis.__name = (f) => f;');
    await context.addInitScript(countLiveMessages);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const off = await phase(page, baseUrl, false);
    const on = await phase(page, baseUrl, true, `${RESULTS}/live.png`);
    if (PROFILE) await profiled(page, 10);
    if (errors.length) console.warn(`page errors: ${errors.join('; ')}`);

    const load = (await import('node:os')).loadavg().map((n) => n.toFixed(2));
    const row = (label: string, f: PhaseFigures) =>
      `| ${label} | ${f.fps.toFixed(1)} | ${f.p50.toFixed(1)} | **${f.p95.toFixed(1)}** | ${f.p99.toFixed(1)} | ${f.maxFrame.toFixed(0)} | ${f.longTasks} | **${f.maxLongTask.toFixed(0)}** | ${Math.round(f.fixesPerSecond)} | ${f.membershipChanges} |`;
    console.log(`\n${TERMINALS} simulated JT/T 808 terminals, 1 fix/s each; ${engine}; ${MEASURE_S} s per phase`);
    console.log(
      '| live layer | frames/s | p50 ms | p95 ms | p99 ms | max frame ms | long tasks | max long task ms | fixes/s delivered | joins/leaves |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    console.log(row('off (baseline)', off));
    console.log(row(`on (${on.liveCount} members live)`, on));
    console.log(
      `\np95 on / off ${(on.p95 / off.p95).toFixed(2)}, frames/s on / off ${(on.fps / off.fps).toFixed(2)}; goal: p95 < 50 ms, no long task over 200 ms; load average ${load.join(' ')}`,
    );
    // The terminals go first: a server that stops under them resets their sockets.
    if (simulator.exitCode === null) {
      const exited = new Promise((resolve) => simulator?.once('exit', resolve));
      simulator.kill('SIGTERM');
      await exited;
    }
    const printed = (await server.stop()).join('\n');
    const committed = Number(/^committed (\d+)$/m.exec(printed)?.[1] ?? Number.NaN);
    writeFileSync(
      `${RESULTS}/live.json`,
      `${JSON.stringify(
        { at: new Date().toISOString(), terminals: TERMINALS, engine, loadAverage: load, off, on, committed },
        null,
        2,
      )}\n`,
    );
    console.log(`wrote ${RESULTS}/live.json and ${RESULTS}/live.png`);
  } finally {
    await browser?.close();
    simulator?.kill('SIGTERM');
    await server.stop().catch(() => []);
  }
}
