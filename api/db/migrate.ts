import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies pending `migrations/*.sql` in order (node-pg-migrate); a no-op when up to date. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      checkOrder: true,
      log: () => {},
    });
    // Keep monthly position partitions from a year back to three months ahead.
    await client.query(
      `SELECT ensure_position_partitions((date_trunc('month', now()) - interval '13 months')::date, 17)`,
    );
  } finally {
    client.release();
  }
}
