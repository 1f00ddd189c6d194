import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databases } from './harness.ts';

describe.each(databases)('the $engine engine', (db) => {
  // The embedded engine runs one backend behind a socket that queues each connection's protocol
  // messages: parameterised queries and transactions from many connections at once must not trip
  // over each other (a COMMIT between another connection's Bind and Execute drops its portal).
  it('answers concurrent parameterised queries and transactions, each with its own result', async () => {
    const pool = new pg.Pool({ ...db.poolConfig, max: 8 });
    const query = (c: pg.Pool | pg.PoolClient, i: number) =>
      c.query<{ n: number; s: string }>(
        'SELECT $1::int AS n, repeat($2, $1::int) AS s FROM (SELECT count(*) FROM generate_series(1, 5000)) g',
        [i, 'x'],
      );
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          if (i % 2 === 0) return query(pool, i);
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const r = await query(client, i);
            await client.query('COMMIT');
            return r;
          } finally {
            client.release();
          }
        }),
      );
      results.forEach((r, i) => {
        expect(r.rows[0]).toEqual({ n: i, s: 'x'.repeat(i) });
      });
    } finally {
      await pool.end();
    }
  });
});
