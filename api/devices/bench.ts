import type pg from 'pg';
import { loadDataIfEmpty } from '../../geodata/demo/load.ts';
import { startBenchChild } from '../../test/bench/child.ts';
import { openDatabase } from '../db/database.ts';
import type { Fix } from './fix.ts';
import { Jt808Terminal, locationReport } from './jt808/terminal.ts';
import { storeFixes } from './store.ts';

/** Terminals connected at once (the acceptance figure's setting). */
const TERMINALS = 1000;
/** Reports each terminal keeps unacknowledged: a terminal sends its next report before the ack. */
const WINDOW = 4;
const WARMUP_S = 3;
const MEASURE_S = 15;
/** Rows per statement for the bare-database baseline: about what the batcher commits under load. */
const BARE_BATCH = 1000;
const BARE_S = 5;

const phoneOf = (i: number) => `9${String(i + 1).padStart(11, '0')}`;

/** One bench terminal per index, bound to existing members, with a known auth code (idempotent). */
async function benchTerminals(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO device (terminal_id, member_id, protocol, auth_code)
     SELECT '9' || lpad((n + 1)::text, 11, '0'), m.id, 'jt808', 'bench-' || (n + 1)
       FROM generate_series(0, $1 - 1) n
       JOIN LATERAL (SELECT id FROM member ORDER BY id OFFSET n LIMIT 1) m ON true
     ON CONFLICT (terminal_id) DO UPDATE SET auth_code = EXCLUDED.auth_code, registered_at = NULL
     RETURNING id`,
    [TERMINALS],
  );
  return rows.map((r) => r.id);
}

/** A point near Wenshan for terminal `i`, report `k`: a slow walk, so each fix is a new place. */
function where(i: number, k: number): [number, number] {
  return [103.6 + (i % 40) * 0.05 + k * 1e-4, 22.6 + Math.floor(i / 40) * 0.04];
}

/** Bare database: how fast this server takes rows, measured the same way for both statements. */
async function bareRate(
  pool: pg.Pool,
  devices: number[],
  full: boolean,
  t0: number,
  seconds = BARE_S,
): Promise<number> {
  const client = await pool.connect();
  let rows = 0;
  let k = 0;
  const started = performance.now();
  try {
    while (performance.now() - started < seconds * 1000) {
      const fixes: Fix[] = Array.from({ length: BARE_BATCH }, (_, j) => {
        const i = j % devices.length;
        const [lon, lat] = where(i, k);
        return { deviceId: devices[i] as number, time: new Date(t0 + k * 1000 + j), lon, lat, source: 'jt808' };
      });
      k++;
      await client.query('BEGIN');
      if (full) {
        await storeFixes(client, fixes, { prepared: true });
      } else {
        // Planned once, like the ingest statement (the pool forces custom plans for tiles).
        await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
        await client.query({
          name: 'bench_plain_insert',
          text: `INSERT INTO position (device_id, member_id, time, geom, source)
           SELECT t.d, dv.member_id, t.t, ST_SetSRID(ST_MakePoint(t.x, t.y), 4326), 'jt808'
             FROM unnest($1::bigint[], $2::timestamptz[], $3::float8[], $4::float8[]) AS t(d, t, x, y)
             JOIN device dv ON dv.id = t.d`,
          values: [
            fixes.map((f) => f.deviceId),
            fixes.map((f) => f.time),
            fixes.map((f) => f.lon),
            fixes.map((f) => f.lat),
          ],
        });
      }
      await client.query('COMMIT');
      rows += fixes.length;
    }
  } finally {
    client.release();
  }
  return rows / ((performance.now() - started) / 1000);
}

/**
 * `npm run bench -- ingest`: JT/T 808 location reports per second end to end (frames over TCP
 * in, rows committed, acknowledgements out) from 1,000 concurrent terminal connections on
 * loopback, and in the same run the bare database's insert rate for the same rows.
 */
export async function benchIngest(databaseUrl: string) {
  const db = await openDatabase({ databaseUrl, dataDir: '' });
  try {
    await loadDataIfEmpty(db.pool);
    const devices = await benchTerminals(db.pool);
    // Earlier runs' rows go: a report colliding with one of them (same device and time) would be
    // acknowledged without an insert, and flatter the figure.
    await db.pool.query('DELETE FROM position WHERE device_id = ANY ($1)', [devices]);
    await db.pool.query('VACUUM ANALYZE position');
    const counts = await db.pool.query(
      `SELECT (SELECT count(*) FROM member)::int AS members, (SELECT count(*) FROM zone)::int AS zones,
              (SELECT count(*) FROM org_life)::int AS events, (SELECT count(*) FROM position)::int AS positions`,
    );
    const c = counts.rows[0];
    console.log(
      `dataset: ${c.members} members, ${c.zones} zones, ${c.events} org-life events, ${c.positions} positions stored; ${TERMINALS} terminals, ${WINDOW} reports in flight each`,
    );
    // Each part writes its own hour of the past, so nothing collides with another part or run.
    const hour = 3600_000;
    const runBase = Date.now() - 6 * hour;
    // A short unmeasured pass first, so neither measured side pays for warming the caches.
    await bareRate(db.pool, devices, false, runBase - hour, 2);
    const plain = await bareRate(db.pool, devices, false, runBase);
    const full = await bareRate(db.pool, devices, true, runBase + hour);

    const server = await startBenchChild(new URL('bench-server.ts', import.meta.url), { DATABASE_URL: databaseUrl });
    const terminals = await Promise.all(
      Array.from({ length: TERMINALS }, (_, i) => Jt808Terminal.connect('127.0.0.1', server.port, phoneOf(i))),
    );
    const logged = await Promise.all(terminals.map((t) => t.login()));
    if (logged.some((ok) => !ok)) throw new Error(`${logged.filter((ok) => !ok).length} terminals could not log in`);

    let acked = 0;
    let failed = 0;
    let running = true;
    const t0 = runBase + 2 * hour;
    const loops = terminals.map(async (t, i) => {
      let k = 0;
      const lane = async () => {
        while (running) {
          const n = k++;
          const [lon, lat] = where(i, n);
          const reply = await t.request(
            { type: 'location', report: locationReport(lon, lat, new Date(t0 + n * 1000)) },
            30_000,
          );
          if (reply?.result === 0) acked++;
          else failed++;
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));
    });
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    const [ackStart, windowStart, started] = [acked, new Date(), performance.now()];
    await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
    const [ackEnd, windowEnd, seconds] = [acked, new Date(), (performance.now() - started) / 1000];
    running = false;
    await Promise.all(loops);
    for (const t of terminals) t.close();
    const printed = await server.stop();
    const batches = Number(/^batches (\d+)$/.exec(printed.join('\n'))?.[1] ?? Number.NaN);
    // Rows whose transaction began in the window (received_at is the commit's transaction time).
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM position WHERE time >= $1 AND received_at >= $2 AND received_at < $3',
      [new Date(t0), windowStart, windowEnd],
    );

    const endToEnd = (ackEnd - ackStart) / seconds;
    const committed = rows[0].n / seconds;
    const f = (n: number) => Math.round(n).toLocaleString('en');
    console.log('\n| what | rows/s |');
    console.log('|---|---|');
    console.log(
      `| bare database: plain multi-row INSERT into position (prepared), ${BARE_BATCH} rows per transaction | ${f(plain)} |`,
    );
    console.log(
      `| bare database: the ingest statement (store.sql, prepared: positions, latest fix, attendance, geofence), ${BARE_BATCH} per transaction | ${f(full)} |`,
    );
    console.log(
      `| **end to end: JT/T 808 reports acknowledged after commit, ${TERMINALS} connections** | **${f(endToEnd)}** |`,
    );
    console.log(`| rows committed in the same window (database count) | ${f(committed)} |`);
    console.log(
      `\n${f(ackEnd - ackStart)} reports acknowledged in ${seconds.toFixed(1)} s, ${failed} unacknowledged, ${batches} batches in the whole run (≈ ${f((acked + failed) / Math.max(1, batches))} reports each); end to end / bare plain ${(endToEnd / plain).toFixed(2)}, / bare ingest statement ${(endToEnd / full).toFixed(2)}; goal ≥ 20,000 reports/s`,
    );
  } finally {
    await db.close();
  }
}
