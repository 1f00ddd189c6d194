// The live benchmark's server: the real app (API, tiles, the built web app) with the shared ingest
// and a JT/T 808 listener on JT808_PORT, over DATABASE_URL or, without it, an in-memory embedded
// PostGIS with the demo dataset. Provisions BENCH_TERMINALS bound JT/T 808 terminals first, so
// the simulator has that many to drive. Prints its port on stdout (see child.ts).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type pg from 'pg';
import { createApp } from '../../api/app.ts';
import { openDatabase } from '../../api/db/database.ts';
import { Ingest } from '../../api/devices/ingest.ts';
import { startJt808Listener } from '../../api/devices/jt808/server.ts';
import { demoAuthCode } from '../../geodata/demo/accounts.ts';
import { loadDataIfEmpty } from '../../geodata/demo/load.ts';

/**
 * Tops the bound JT/T 808 terminals up to `wanted`: fictional bench terminals ('9' and 11 digits)
 * for members without one whose organisation has a seat (the simulator walks from the seat), with
 * the derived demo auth code, registered, so the simulator authenticates straight away.
 */
async function provisionTerminals(pool: pg.Pool, wanted: number): Promise<number> {
  await pool.query(
    `WITH have AS (SELECT count(*)::int AS n FROM device WHERE protocol = 'jt808' AND member_id IS NOT NULL),
          free AS (
            SELECT m.id, row_number() OVER (ORDER BY m.id) AS k
              FROM member m JOIN org o ON o.id = m.org_id
             WHERE o.geom IS NOT NULL AND NOT EXISTS (SELECT 1 FROM device d WHERE d.member_id = m.id))
     INSERT INTO device (terminal_id, member_id, protocol, auth_code, registered_at)
     SELECT '9' || lpad(f.k::text, 11, '0'), f.id, 'jt808', $2 || '9' || lpad(f.k::text, 11, '0'), now()
       FROM free f, have
      WHERE f.k <= $1 - have.n
     ON CONFLICT (terminal_id) DO NOTHING`,
    [wanted, demoAuthCode('')],
  );
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM device WHERE protocol = 'jt808' AND member_id IS NOT NULL`,
  );
  return rows[0]?.n ?? 0;
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const db = await openDatabase({ databaseUrl, dataDir: 'memory://bench-live' });
await loadDataIfEmpty(db.pool);
const terminals = await provisionTerminals(db.pool, Number(process.env.BENCH_TERMINALS ?? 1000));
const ingest = new Ingest(db.pool, { prepared: db.capabilities.preparedStatements });
const listener = await startJt808Listener(db.pool, ingest, {
  host: '127.0.0.1',
  port: Number(process.env.JT808_PORT ?? 0),
  idleMs: 120_000,
  maxConnections: 5000,
  autoRegister: false,
});
const app = createApp(
  { pool: db.pool, engine: db.engine, capabilities: db.capabilities, sessionHours: 2, secureCookies: false, ingest },
  process.env.BENCH_WEB_DIR || 'dist/web',
);
let committed = 0;
ingest.onCommit((fixes) => {
  committed += fixes.length;
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
server.once('listening', () => {
  console.log(`port ${(server.address() as AddressInfo).port}`);
  console.log(`engine ${db.engine}, ${terminals} bound JT/T 808 terminals`);
});
process.on('SIGTERM', async () => {
  console.log(`committed ${committed}`);
  ingest.stop();
  server.close();
  await listener.stop();
  await db.close();
  process.exit(0);
});
