import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEngine } from '../../api/db/engines/server.ts';
import { Random } from '../../geodata/demo/random.ts';
import { databases, openApp } from './harness.ts';

// Protocol conformance, run on both engines: after an error in any extended-query message a
// connection must discard until Sync and answer exactly one ReadyForQuery, so the next statement
// gets its own result. The embedded engine once answered an error with an early ReadyForQuery and
// a pooled connection returned the previous statement's rows from then on (another caller's).

/** A statement that either returns its own token or fails with a known SQLSTATE. */
interface Op {
  text: string;
  values: unknown[];
  /** SQLSTATE it must fail with, or undefined when it must return `{ token }`. */
  fails?: string;
}

describe.each(databases)('the $engine engine speaks the protocol', (db) => {
  const suffix = `${process.pid}_${Date.now() % 1_000_000}`;
  const checked = `wire_checked_${suffix}`;
  const deferred = `wire_deferred_${suffix}`;
  let setup: pg.Pool;

  beforeAll(async () => {
    setup = new pg.Pool({ ...db.poolConfig, max: 1 });
    await setup.query(`
      CREATE TABLE ${checked} (id int PRIMARY KEY, geom geometry(Polygon, 4326) CHECK (ST_IsValid(geom)));
      CREATE FUNCTION ${checked}_refuse() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN IF NEW.id < 0 THEN RAISE EXCEPTION 'negative id %', NEW.id USING ERRCODE = 'P0001'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON ${checked} FOR EACH ROW EXECUTE FUNCTION ${checked}_refuse();
      INSERT INTO ${checked} (id) VALUES (1);
      CREATE TABLE ${deferred} (k int, CONSTRAINT one UNIQUE (k) DEFERRABLE INITIALLY DEFERRED);
      INSERT INTO ${deferred} VALUES (1);`);
  });
  afterAll(async () => {
    await setup.query(`DROP TABLE IF EXISTS ${checked}, ${deferred}; DROP FUNCTION IF EXISTS ${checked}_refuse()`);
    await setup.end();
  });

  const good = (token: string): Op => ({ text: 'SELECT $1::text AS token', values: [token] });
  // One failing statement per protocol message that can fail, and per kind of Execute error.
  const failing: Op[] = [
    { text: 'SELEC $1::text AS token', values: ['x'], fails: '42601' }, // Parse: syntax
    { text: 'SELECT $1::int AS token', values: ['not a number'], fails: '22P02' }, // Bind: bad parameter
    { text: `INSERT INTO ${checked} (id) VALUES ($1)`, values: [-1], fails: 'P0001' }, // Execute: trigger RAISE
    { text: `INSERT INTO ${checked} (id) VALUES ($1)`, values: [1], fails: '23505' }, // Execute: constraint
    { text: 'SELECT ST_GeomFromText($1) AS token', values: ['nonsense'], fails: 'XX000' }, // Execute: invalid WKT
    {
      text: `INSERT INTO ${checked} (id, geom) VALUES ($1, ST_GeomFromText($2, 4326))`,
      values: [2, 'POLYGON((0 0,1 1,1 0,0 1,0 0))'], // a bow tie: fails the ST_IsValid check
      fails: '23514',
    },
  ];

  async function expectOp(client: pg.Pool | pg.ClientBase, op: Op, token?: string): Promise<void> {
    const run = client.query(op.text, op.values);
    if (op.fails) await expect(run).rejects.toMatchObject({ code: op.fails });
    else expect((await run).rows).toEqual([{ token }]);
  }

  it('gives the next statement its own result after an error in Parse, Bind or Execute', async () => {
    const client = new pg.Client(db.poolConfig);
    await client.connect();
    try {
      for (const [i, op] of failing.entries()) {
        await expectOp(client, op);
        await expectOp(client, good(`after-${i}`), `after-${i}`);
        await expectOp(client, good(`again-${i}`), `again-${i}`);
      }
    } finally {
      await client.end();
    }
  });

  it('keeps a failed transaction failed until ROLLBACK, then answers normally', async () => {
    const client = new pg.Client(db.poolConfig);
    await client.connect();
    try {
      for (const [i, op] of failing.entries()) {
        await client.query('BEGIN');
        await expectOp(client, good(`in-${i}`), `in-${i}`);
        await expectOp(client, op);
        await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
        await client.query('ROLLBACK');
        await expectOp(client, good(`out-${i}`), `out-${i}`);
      }
      // The row of a rolled-back transaction is gone; the other connections saw it never.
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${checked}`);
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('reports an error raised at the implicit commit (Sync) and answers normally after it', async () => {
    const client = new pg.Client(db.poolConfig);
    await client.connect();
    try {
      // A deferred unique constraint is checked when the implicit transaction commits at Sync.
      await expect(client.query(`INSERT INTO ${deferred} VALUES ($1)`, [1])).rejects.toMatchObject({ code: '23505' });
      await expectOp(client, good('after-commit'), 'after-commit');
      // A prepared (named) statement fails and then works, on one connection.
      const named = { name: 'wire_named', text: 'SELECT $1::int AS token' };
      await expect(client.query({ ...named, values: ['x'] })).rejects.toMatchObject({ code: '22P02' });
      expect((await client.query({ ...named, values: [7] })).rows).toEqual([{ token: 7 }]);
    } finally {
      await client.end();
    }
  });

  it('keeps every result with its own statement over 8 connections mixing 10,000 statements', async () => {
    const pool = new pg.Pool({ ...db.poolConfig, max: 8 });
    const random = new Random(808);
    let statements = 0;
    let failed = 0;
    /** A few statements queued on one connection at once (pg sends each as the previous one ends). */
    function pipeline(client: pg.PoolClient, tag: string): Promise<void>[] {
      return Array.from({ length: 1 + Math.floor(random.next() * 5) }, (_, j) => {
        statements += 1;
        const token = `${tag}-${j}`;
        const roll = random.next();
        if (roll < 0.3) {
          failed += 1;
          return expectOp(client, failing[Math.floor(random.next() * failing.length)] as Op);
        }
        if (roll < 0.45) {
          const named = { name: 'wire_token', text: 'SELECT $1::text AS token', values: [token] };
          return client.query(named).then((r) => expect(r.rows).toEqual([{ token }]));
        }
        return expectOp(client, good(token), token);
      });
    }
    /** A transaction that fails half of the time: the statements after the error are refused too. */
    async function transaction(client: pg.PoolClient, tag: string): Promise<void> {
      const fail = random.next() < 0.5;
      const steps = [
        client.query('BEGIN'),
        expectOp(client, good(`${tag}a`), `${tag}a`),
        fail ? expectOp(client, failing[2] as Op) : expectOp(client, good(`${tag}b`), `${tag}b`),
        fail
          ? expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' })
          : expectOp(client, good(`${tag}c`), `${tag}c`),
        client.query(fail ? 'ROLLBACK' : 'COMMIT'),
      ];
      statements += steps.length;
      failed += fail ? 2 : 0;
      await Promise.all(steps);
    }
    async function worker(w: number): Promise<void> {
      for (let round = 0; statements < 10_000; round++) {
        const client = await pool.connect();
        try {
          const tag = `w${w}r${round}`;
          await (random.next() < 0.2 ? transaction(client, tag) : Promise.all(pipeline(client, tag)));
        } finally {
          client.release();
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
      expect(statements).toBeGreaterThanOrEqual(10_000);
      expect(failed).toBeGreaterThan(2000);
      // The pool still works, on every one of its connections.
      const after = await Promise.all(Array.from({ length: 16 }, (_, i) => pool.query(good(`end-${i}`))));
      after.forEach((r, i) => {
        expect(r.rows).toEqual([{ token: `end-${i}` }]);
      });
    } finally {
      await pool.end();
    }
  });

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

  it('rolls back what a connection that vanished mid-transaction left open', async () => {
    const client = new pg.Client(db.poolConfig);
    await client.connect();
    client.on('error', () => {});
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${checked} (id) VALUES (99)`);
    // Gone without COMMIT or Terminate, as a killed process would be.
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const other = new pg.Pool({ ...db.poolConfig, max: 1 });
    try {
      const { rows } = await other.query(`SELECT count(*)::int AS n FROM ${checked} WHERE id = 99`);
      expect(rows[0].n).toBe(0);
      expect((await other.query(good('later'))).rows).toEqual([{ token: 'later' }]);
    } finally {
      await other.end();
    }
  });
});

describe.runIf(databases.some((d) => d.engine === 'postgres'))('the server engine', () => {
  it('ends a statement that runs past STATEMENT_TIMEOUT_MS, and the connection serves the next', async () => {
    const url = (databases.find((d) => d.engine === 'postgres')?.poolConfig.connectionString ?? '') as string;
    const engine = serverEngine(url, 1, 300);
    const pool = new pg.Pool(engine.poolConfig);
    try {
      await expect(pool.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
      expect((await pool.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await pool.end();
    }
  });
});

describe.each(databases)('the app on the $engine engine after a failed statement', (db) => {
  // With one pooled connection, a failure once made the leader's next request read the
  // secretary's organisation tree.
  const { call, pool } = openApp(db, { max: 1 });

  it('serves each caller their own rows', async () => {
    const leader = (await call('leader', '/api/orgs/tree')).body;
    const secretary = (await call('secretary', '/api/orgs/tree')).body;
    expect(JSON.stringify(leader)).not.toEqual(JSON.stringify(secretary));
    for (let i = 0; i < 3; i++) {
      await expect(pool.query('SELECT ST_GeomFromText($1)', ['nonsense'])).rejects.toMatchObject({ code: 'XX000' });
      expect((await call('leader', '/api/orgs/tree')).body).toEqual(leader);
      await expect(pool.query('SELEC 1')).rejects.toMatchObject({ code: '42601' });
      expect((await call('secretary', '/api/orgs/tree')).body).toEqual(secretary);
    }
  });
});
