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
  poolConfig: pg.PoolConfig;
  close(): Promise<void>;
}

export interface Database {
  engine: Engine['kind'];
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Months of positions kept: older monthly partitions are dropped (default 12). */
  positionRetentionMonths?: number;
}

/** Opens the configured engine, runs pending migrations and returns the shared pool. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const engine = opts.databaseUrl ? serverEngine(opts.databaseUrl) : await startEmbedded(opts.dataDir);
  const pool = new pg.Pool(engine.poolConfig);
  // An idle client's error (a server restart) must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error('database pool error:', err.message));
  try {
    await migrate(pool, opts.positionRetentionMonths);
  } catch (err) {
    await pool.end();
    await engine.close();
    throw err;
  }
  return {
    engine: engine.kind,
    pool,
    async close() {
      await pool.end();
      await engine.close();
    },
  };
}

/** Runs `fn` in one transaction on one client; rolls back on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
