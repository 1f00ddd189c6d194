import type pg from 'pg';
import { withTransaction } from '../db/database.ts';
import { loadSql } from '../db/sql.ts';
import { shanghaiDay } from '../portraits/query.ts';
import { ORGANISATION_ITEMS, VANGUARD_ITEMS, weightsOf } from './indices.config.ts';

const ORG_INDEX = loadSql(import.meta.url, 'org-index.sql');
// The snapshot is the live computation stored; composed from our own file, never from input.
const STORE = `INSERT INTO org_index (org_id, as_of, organisation, vanguard, items)
SELECT "orgId", $5::date, organisation, vanguard, items FROM (${ORG_INDEX}) x
ON CONFLICT (org_id, as_of) DO UPDATE
   SET organisation = EXCLUDED.organisation, vanguard = EXCLUDED.vanguard, items = EXCLUDED.items, computed_at = now()`;

/** Advisory lock key of the index refresh, so two server processes never run it at once. */
const REFRESH_LOCK = 0x7265_6478; // 'redx'

/** One organisation's indices as computed or stored. */
export interface OrgIndex {
  orgId: number;
  organisation: number | null;
  vanguard: number | null;
  items: { organisation: Record<string, number | null>; vanguard: Record<string, number | null> };
}

const weights = () => [JSON.stringify(weightsOf(ORGANISATION_ITEMS)), JSON.stringify(weightsOf(VANGUARD_ITEMS))];

/** Computes both indices now for the organisations below committee level under `rootPath`. */
export async function computeIndices(db: Pick<pg.Pool, 'query'>, rootPath: string, asOf: Date): Promise<OrgIndex[]> {
  const { rows } = await db.query<OrgIndex>(ORG_INDEX, [rootPath, asOf, ...weights()]);
  return rows;
}

/**
 * Stores the snapshot of `asOf`'s day for the whole tree, and one for the last day of the previous
 * month if that is missing (computed as of the month's first moment), so the ranking's trend
 * exists from the first run. Skipped (returns null) while another process refreshes.
 */
export async function refreshIndices(pool: pg.Pool, asOf = new Date()): Promise<{ day: string; orgs: number } | null> {
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      REFRESH_LOCK,
    ]);
    if (!rows[0]?.locked) return null;
    // A whole-tree refresh of a large dataset outlasts the API's statement timeout; it is a job.
    await tx.query('SET LOCAL statement_timeout = 0');
    const day = shanghaiDay(asOf);
    const monthStart = new Date(`${day.slice(0, 7)}-01T00:00:00+08:00`);
    const previousDay = shanghaiDay(new Date(monthStart.getTime() - 1));
    const { rows: prior } = await tx.query('SELECT 1 FROM org_index WHERE as_of = $1 LIMIT 1', [previousDay]);
    if (!prior[0]) await tx.query(STORE, ['', monthStart, ...weights(), previousDay]);
    const stored = await tx.query(STORE, ['', asOf, ...weights(), day]);
    return { day, orgs: stored.rowCount ?? 0 };
  });
}
