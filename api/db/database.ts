import pg from 'pg';
import { startEmbedded } from './engines/embedded.ts';
import { serverEngine } from './engines/server.ts';
import { migrate } from './migrate.ts';

// bigint ids (int8) and counts come back as JS numbers; ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// Dates stay 'YYYY-MM-DD' strings instead of local-midnight Date objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** One of the two database engines; nothing outside api/db knows which one runs. */
export interface Engine {
  kind: 'embedded' | 'postgres';
  /** For this process's pool. */
  poolConfig: pg.PoolConfig;
  /** For other processes (test workers, tools), when the engine lets them in. */
  sharedConfig: pg.PoolConfig | undefined;
  close(): Promise<void>;
}

/** What the rest of the code may ask of the engine, instead of asking which engine it is. */
export interface Capabilities {
  /** `ST_AsMVT` works (PostGIS built with protobuf-c); otherwise tiles are encoded in JS. */
  mvt: boolean;
  /** Named prepared statements are kept per connection. */
  preparedStatements: boolean;
}

export interface Database {
  /** Reported by `/api/health`; code decides on `capabilities`, never on this. */
  engine: Engine['kind'];
  capabilities: Capabilities;
  pool: pg.Pool;
  /** For other processes, when the engine lets them in (`OpenOptions.shareEmbedded`). */
  sharedConfig: pg.PoolConfig | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Months of positions kept: older monthly partitions are dropped (default 12). */
  positionRetentionMonths?: number;
  /** Serve the embedded engine to other processes of this user too (password-protected loopback port). */
  shareEmbedded?: boolean;
  /**
   * Longest a statement may run on a server, in ms (0: no limit). PGlite cannot interrupt a
   * statement (no timers in WebAssembly), so the embedded engine relies on the request limits.
   */
  statementTimeoutMs?: number;
}

/** Opens the configured engine, runs pending migrations and returns the shared pool. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const engine = opts.databaseUrl
    ? serverEngine(opts.databaseUrl, 16, opts.statementTimeoutMs ?? 0)
    : await startEmbedded(opts.dataDir, { listen: opts.shareEmbedded === true });
  const pool = new pg.Pool(engine.poolConfig);
  // An idle client's error (a server restart) must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error('database pool error:', err.message));
  let capabilities: Capabilities;
  try {
    await migrate(pool, opts.positionRetentionMonths);
    capabilities = await probeCapabilities(pool);
  } catch (err) {
    await pool.end();
    await engine.close();
    throw err;
  }
  return {
    engine: engine.kind,
    capabilities,
    pool,
    sharedConfig: engine.sharedConfig,
    async close() {
      await pool.end();
      await engine.close();
    },
  };
}

/** Asks the database what it can do. */
async function probeCapabilities(pool: pg.Pool): Promise<Capabilities> {
  // postgis_full_version() names PROTOBUF when ST_AsMVT was built in (PGlite's PostGIS lacks it).
  const { rows } = await pool.query<{ mvt: boolean }>(`SELECT postgis_full_version() LIKE '%PROTOBUF%' AS mvt`);
  return { mvt: rows[0]?.mvt === true, preparedStatements: true };
}

/** Runs `fn` in one transaction on one client; rolls back on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    // A connection whose ROLLBACK failed is in an unknown state: destroy it, never reuse it.
    const rollback = await client.query('ROLLBACK').then(
      () => undefined,
      (e: Error) => e,
    );
    client.release(rollback);
    throw err;
  }
}
