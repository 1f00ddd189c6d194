// Shared by the benchmarks over the 1,000,000-member dataset (api/portraits/bench.ts,
// api/coverage/bench.ts): the dataset itself, recording a data function's statements to replay
// them as the bare-SQL baseline, percentiles and a demo login.
import type pg from 'pg';
import { DEMO_PASSWORD } from '../../geodata/demo/accounts.ts';
import { DEMO_SEED, loadDataIfEmpty, readGeodata } from '../../geodata/demo/load.ts';
import { loadScale } from '../../geodata/demo/scale.ts';

/** The dataset the acceptance figures are measured on. */
export const MEMBERS = 1_000_000;

type Db = Pick<pg.Pool, 'query'>;

export interface Statement {
  text: string;
  values: unknown[];
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

/** Runs `call` on a stand-in for the pool that records each statement and its parameters. */
export async function record(pool: pg.Pool, call: (db: Db) => Promise<unknown>): Promise<Statement[]> {
  const statements: Statement[] = [];
  const recorder = {
    query: (text: string, values: unknown[] = []) => {
      statements.push({ text, values });
      return pool.query(text, values);
    },
  } as unknown as Db;
  await call(recorder);
  return statements;
}

/** The bare SQL: the recorded statements again, one after another, straight on the pool. */
export async function replay(pool: pg.Pool, statements: Statement[], perStatement?: number[][]) {
  const t0 = performance.now();
  for (const [k, s] of statements.entries()) {
    const t = performance.now();
    await pool.query(s.text, s.values);
    perStatement?.[k]?.push(performance.now() - t);
  }
  return performance.now() - t0;
}

/** Logs a demo account in and returns the session cookie. */
export async function logIn(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Generates the 1,000,000-member dataset (demo, scale, org life) when missing, as tiles/bench.ts does. */
export async function ensureDataset(pool: pg.Pool) {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM member');
  if ((rows[0]?.n ?? 0) < MEMBERS) {
    console.log(`generating the ${MEMBERS.toLocaleString('en')}-member dataset (once)…`);
    await loadDataIfEmpty(pool);
    const client = await pool.connect();
    try {
      await loadScale(client, { members: MEMBERS, seed: DEMO_SEED, counties: readGeodata().counties }, () => {});
    } finally {
      client.release();
    }
  }
  const { rows: life } = await pool.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM org_life e JOIN org o ON o.id = e.org_id WHERE o.name LIKE '规模测试党支部%') AS found`,
  );
  if (!life[0]?.found) {
    throw new Error('the scale dataset of DATABASE_URL predates its org life: drop that database and run again');
  }
  // Index-only scans of the tallies need their pages marked all-visible (autovacuum would, later).
  await pool.query('VACUUM ANALYZE subtree_tally, life_tally, life_first, org_life, device, site, org');
}
