import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';

/** Months of positions kept unless `POSITION_RETENTION_MONTHS` says otherwise. */
export const DEFAULT_RETENTION_MONTHS = 12;

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Keeps the monthly `position` partitions from `retentionMonths` back to three months ahead and
 * drops older ones (retention costs no DELETE); idempotent.
 */
export async function maintainPositionPartitions(
  db: Pick<pg.Pool, 'query'>,
  retentionMonths: number,
): Promise<{ made: number; dropped: number }> {
  const { rows } = await db.query<{ made: number; dropped: number }>(
    `SELECT ensure_position_partitions((date_trunc('month', now()) - make_interval(months => $1))::date, $1 + 4) AS made,
            drop_position_partitions((date_trunc('month', now()) - make_interval(months => $1))::date) AS dropped`,
    [retentionMonths],
  );
  return rows[0] ?? { made: 0, dropped: 0 };
}

/**
 * Applies pending `migrations/*.sql` in order (node-pg-migrate), a no-op when up to date, then
 * brings the position partitions in line with the retention.
 */
export async function migrate(pool: pg.Pool, retentionMonths = DEFAULT_RETENTION_MONTHS): Promise<void> {
  const client = await pool.connect();
  try {
    // Migrations may rewrite big tables: no statement timeout for this session (RESET below gives
    // the pool's connection its configured one back).
    await client.query('SET statement_timeout = 0');
    await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      checkOrder: true,
      log: () => {},
    });
    await maintainPositionPartitions(client, retentionMonths);
    await client.query('RESET statement_timeout');
  } finally {
    client.release();
  }
}
