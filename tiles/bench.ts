import autocannon from 'autocannon';
import type pg from 'pg';
import { openDatabase } from '../api/db/database.ts';
import { DEMO_PASSWORD } from '../geodata/demo/accounts.ts';
import { DEMO_SEED, loadDataIfEmpty, readGeodata } from '../geodata/demo/load.ts';
import { loadScale } from '../geodata/demo/scale.ts';
import { startBenchChild } from '../test/bench/child.ts';
import { findLayer, tileQuery } from './catalogue.ts';
import { buildTile } from './encode.ts';

/** The dataset the acceptance figure is measured on. */
const MEMBERS = 1_000_000;
const ZOOMS = [8, 11, 14] as const;
/** Scoped layers, the ones whose SQL depends on the caller; public tiles are the same for all. */
const LAYERS = ['orgs', 'sites', 'members', 'zones'] as const;
/** Concurrent requests, the same for both sides; the app's pool has 16 connections. */
const CONCURRENCY = 8;
/** Passes over each zoom's tile list, the same work on both sides: a few seconds per run. */
const ROUNDS: Record<(typeof ZOOMS)[number], number> = { 8: 3, 11: 12, 14: 200 };
const scale = Number(process.env.BENCH_SCALE ?? 1);

interface Tile {
  layer: (typeof LAYERS)[number];
  z: number;
  x: number;
  y: number;
}

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)];
}

/** A fixed tile list per zoom: each layer's tile over each county's seat of government, deduplicated. */
async function tileList(pool: pg.Pool, z: number): Promise<Tile[]> {
  const { rows } = await pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
       FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_area WHERE level = 'county' ORDER BY code) c`,
  );
  const seen = new Set<string>();
  const tiles: Tile[] = [];
  for (const layer of LAYERS) {
    for (const { lon, lat } of rows) {
      const [x, y] = tileOf(lon, lat, z);
      const key = `${layer}/${z}/${x}/${y}`;
      if (!seen.has(key)) tiles.push({ layer, z, x, y });
      seen.add(key);
    }
  }
  return tiles;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** The bare ST_AsMVT queries on the pool, `CONCURRENCY` at a time, `total` tiles from the list. */
async function bareSql(pool: pg.Pool, root: string, tiles: Tile[], total: number, prepared = false) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const t = tiles[next++ % tiles.length] as Tile;
        const layer = findLayer(t.layer);
        if (!layer) throw new Error(t.layer);
        const t0 = performance.now();
        await buildTile(pool, 'postgis', tileQuery(layer, t.z), [root, null, t.z, t.x, t.y], { prepared });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { perSecond: total / ((performance.now() - started) / 1000), medianMs: median(latencies) };
}

/**
 * The same list through the HTTP endpoint (session, scope, ETag, audit), driven by autocannon,
 * each request taking the next tile from the list as the bare-SQL loop does.
 */
async function endpoint(baseUrl: string, cookie: string, tiles: Tile[], total: number) {
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: CONCURRENCY,
    amount: total,
    headers: { cookie },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const t = tiles[next++ % tiles.length] as Tile;
          return { ...req, path: `/tiles/${t.layer}/${t.z}/${t.x}/${t.y}` };
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const failed = result.non2xx + result.errors;
  if (failed > 0) throw new Error(`${failed} tile requests failed`);
  return { perSecond: total / seconds, medianMs: result.latency.p50 };
}

/**
 * Starts test/bench/server.ts in a child process and returns its base URL and a stop function.
 * `cache: false` measures the endpoint's own cost: every tile runs its SQL as the bare side does.
 */
async function startServer(databaseUrl: string, cache: boolean) {
  const child = await startBenchChild(new URL('../test/bench/server.ts', import.meta.url), {
    DATABASE_URL: databaseUrl,
    TILE_CACHE_MB: cache ? '64' : '0',
  });
  return { baseUrl: `http://127.0.0.1:${child.port}`, stop: child.stop };
}

/** Logs the demo leader in and returns the session cookie. */
async function logIn(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * `npm run bench -- tiles`: tiles/s and median latency for a fixed tile list at z 8, 11 and 14,
 * through our endpoint and as the bare SQL, in one run on the 1,000,000-member dataset of
 * DATABASE_URL (generated there when missing). Prints the endpoint/bare ratio.
 */
export async function benchTiles(databaseUrl: string) {
  const db = await openDatabase({ databaseUrl, dataDir: '' });
  try {
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM member');
    if ((rows[0]?.n ?? 0) < MEMBERS) {
      console.log(`generating the ${MEMBERS.toLocaleString('en')}-member dataset (once)…`);
      await loadDataIfEmpty(db.pool);
      const client = await db.pool.connect();
      try {
        await loadScale(client, { members: MEMBERS, seed: DEMO_SEED, counties: readGeodata().counties }, () => {});
      } finally {
        client.release();
      }
    }
    const counts = await db.pool.query(
      `SELECT (SELECT count(*) FROM member)::int AS members, (SELECT count(*) FROM org)::int AS orgs,
              (SELECT count(*) FROM site)::int AS sites, (SELECT count(*) FROM device WHERE last_geom IS NOT NULL)::int AS fixes,
              (SELECT o.path::text FROM org o JOIN app_user u ON u.org_id = o.id WHERE u.username = 'leader') AS root`,
    );
    const c = counts.rows[0];
    console.log(
      `dataset: ${c.members} members, ${c.orgs} orgs, ${c.sites} sites, ${c.fixes} last fixes; ${CONCURRENCY} concurrent`,
    );

    // The endpoint twice: with its tile cache off (every request runs the tile SQL, as the bare
    // side does: the endpoint's own cost) and as served (the cache on, warmed by one pass).
    const servers = { cold: await startServer(databaseUrl, false), served: await startServer(databaseUrl, true) };
    const cookies = { cold: await logIn(servers.cold.baseUrl), served: await logIn(servers.served.baseUrl) };

    const lines: string[] = [];
    // Whole-list throughput: all tiles of all zooms over the time each side took for them.
    const sum = { tiles: 0, bare: 0, cold: 0, served: 0 };
    for (const z of ZOOMS) {
      const tiles = await tileList(db.pool, z);
      // Warm both servers (buffers, plans, the served one's cache) before timing anything.
      for (const side of ['cold', 'served'] as const) {
        for (const t of tiles) {
          await fetch(`${servers[side].baseUrl}/tiles/${t.layer}/${t.z}/${t.x}/${t.y}`, {
            headers: { cookie: cookies[side] },
          });
        }
      }
      const total = Math.max(tiles.length, Math.round(tiles.length * ROUNDS[z] * scale));
      const bare = await bareSql(db.pool, c.root, tiles, total);
      const prepared = await bareSql(db.pool, c.root, tiles, total, true);
      const cold = await endpoint(servers.cold.baseUrl, cookies.cold, tiles, total);
      const served = await endpoint(servers.served.baseUrl, cookies.served, tiles, total);
      sum.tiles += total;
      sum.bare += total / bare.perSecond;
      sum.cold += total / cold.perSecond;
      sum.served += total / served.perSecond;
      const f = (n: number) => n.toFixed(1);
      const r = (a: number, b: number) => (a / b).toFixed(2);
      lines.push(
        `| ${z} | ${tiles.length} | ${f(bare.perSecond)} | ${f(bare.medianMs)} | ${f(prepared.perSecond)} | ${f(cold.perSecond)} | ${f(cold.medianMs)} | **${r(cold.perSecond, bare.perSecond)}** | ${f(served.perSecond)} | ${f(served.medianMs)} | **${r(served.perSecond, bare.perSecond)}** |`,
      );
    }
    console.log(
      '\n| z | tiles in list | bare SQL tiles/s | bare median ms | bare prepared tiles/s | endpoint, cache off, tiles/s | median ms | ratio | endpoint as served tiles/s | median ms | ratio |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const line of lines) console.log(line);
    const perSecond = (t: number) => (sum.tiles / t).toFixed(1);
    console.log(
      `\nwhole list: ${sum.tiles} tiles; bare SQL ${perSecond(sum.bare)} tiles/s; endpoint with the cache off ${perSecond(sum.cold)} tiles/s (ratio ${(sum.bare / sum.cold).toFixed(2)}); endpoint as served ${perSecond(sum.served)} tiles/s (ratio ${(sum.bare / sum.served).toFixed(2)}); acceptance: ≥ 0.80`,
    );
    await servers.cold.stop();
    await servers.served.stop();
  } finally {
    await db.close();
  }
}
