import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../api/auth/scope.ts';
import { drillLifeOrgs, orgPortrait } from '../../api/portraits/data.ts';
import { databases, openApp } from './harness.ts';

// The subtree tallies of migrations/0011 are kept by triggers; rebuild_tallies() computes them from
// the base tables. After every kind of write (and after writes that fail), what the triggers kept
// must equal a rebuild, and what the portrait reads from them must equal the same figures counted
// row by row. A tree of its own (a root without parent), so other tests' data never mixes in.

type Row = Record<string, unknown>;

describe.each(databases)('subtree tallies kept by triggers ($engine)', (db) => {
  const { pool } = openApp(db);
  const id = new Map<string, number>();
  const orgs = () => ['R', 'A', 'B', 'C', 'D'].map((k) => id.get(k)!);

  /** Our orgs' tallies, the first days and our events' counts, in a stable order. */
  async function snapshot(client: pg.PoolClient) {
    const q = async (sql: string) => (await client.query<Row>(sql, [orgs()])).rows;
    return {
      subtree: await q(`SELECT org_id, facet, key, roll, party FROM subtree_tally
                         WHERE org_id = ANY($1) AND (roll <> 0 OR party <> 0) ORDER BY 1, 2, 3`),
      life: await q(`SELECT org_id, kind, day::text, events, held, recorded, present, leave, absent, beidou
                       FROM life_tally WHERE org_id = ANY($1)
                        AND (events, held, recorded, present, leave, absent, beidou) <> (0, 0, 0, 0, 0, 0, 0)
                      ORDER BY 1, 2, 3`),
      first: await q(`SELECT org_id, kind, period::text, first_day::text FROM life_first
                       WHERE org_id = ANY($1) ORDER BY 1, 2, 3`),
      counts: await q(`SELECT id, recorded, present, leave, absent, beidou FROM org_life
                        WHERE org_id = ANY($1) ORDER BY id`),
      devices: await q(`SELECT d.id, d.org_id, m.org_id AS member_org FROM device d JOIN member m ON m.id = d.member_id
                         WHERE m.org_id = ANY($1) ORDER BY d.id`),
    };
  }

  /** What the triggers kept equals a rebuild from the base tables (rolled back: nothing changes). */
  async function expectRebuilt() {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const kept = await snapshot(client);
      await client.query('SELECT rebuild_tallies()');
      const rebuilt = await snapshot(client);
      expect(kept).toEqual(rebuilt);
      for (const d of kept.devices) expect(d.org_id).toBe(d.member_org);
      return kept;
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  const one = async (sql: string, params: unknown[] = []) =>
    (await pool.query<{ id: number }>(sql, params)).rows[0]?.id as number;
  const member = (org: string, status: string, birth: string, joined: string | null, full: string | null) =>
    one(
      `INSERT INTO member (org_id, name, gender, birth_date, ethnicity, education, joined_date, full_date, status)
       VALUES ($1, '测试成员（计数）', 'F', $2, '苗族', 'college', $3, $4, $5) RETURNING id`,
      [id.get(org), birth, joined, full, status],
    );
  const event = (org: string, kind: string, start: string) =>
    one(
      `INSERT INTO org_life (org_id, kind, title, starts_at, ends_at)
       VALUES ($1, $2, '测试活动（计数）', $3::timestamptz, $3::timestamptz + interval '1 hour') RETURNING id`,
      [id.get(org), kind, start],
    );

  beforeAll(async () => {
    id.set(
      'R',
      await one(
        `INSERT INTO org (name, kind, category, county_code, established) VALUES ('计数测试委员会（虚构）', 'committee', 'organ', '532624', '2010-01-01') RETURNING id`,
      ),
    );
    const child = async (key: string, parent: string, kind: string, established: string) =>
      id.set(
        key,
        await one(
          `INSERT INTO org (parent_id, name, kind, category, county_code, established) VALUES ($1, $2, $3, 'border', '532624', $4) RETURNING id`,
          [id.get(parent), `计数测试${key}`, kind, established],
        ),
      );
    await child('A', 'R', 'branch', '2015-01-01');
    await child('B', 'R', 'temporary_branch', '2026-05-15');
    await child('C', 'R', 'general_branch', '2012-01-01');
    await child('D', 'C', 'branch', '2012-01-01');
  });

  afterAll(async () => {
    await pool.query('DELETE FROM device WHERE member_id IN (SELECT id FROM member WHERE org_id = ANY($1))', [orgs()]);
    await pool.query('DELETE FROM org_life WHERE org_id = ANY($1)', [orgs()]);
    await pool.query('DELETE FROM member WHERE org_id = ANY($1)', [orgs()]);
    for (const k of ['D', 'C', 'B', 'A', 'R']) await pool.query('DELETE FROM org WHERE id = $1', [id.get(k)]);
  });

  it('keeps the tallies of inserted members, events, marks and terminals', async () => {
    id.set('m1', await member('A', 'full', '1990-01-01', '2012-03-01', '2013-03-01'));
    id.set('m2', await member('A', 'probationary', '1980-06-30', '2026-02-01', null));
    id.set('m3', await member('D', 'candidate', '2000-01-01', null, null));
    id.set('m4', await member('B', 'full', '1975-05-05', '2000-01-01', null));
    id.set('e1', await event('A', 'committee_meeting', '2026-03-31T23:30:00+08:00'));
    id.set('e2', await event('A', 'committee_meeting', '2026-03-05T09:00:00+08:00'));
    id.set('e3', await event('B', 'branch_congress', '2026-05-20T09:00:00+08:00')); // before B owes one
    id.set('e4', await event('D', 'theme_day', '2026-06-10T09:00:00+08:00'));
    await pool.query(
      `INSERT INTO attendance (org_life_id, member_id, status, source)
       VALUES ($1, $3, 'present', 'manual'), ($1, $4, 'leave', 'manual'), ($2, $3, 'present', 'beidou')`,
      [id.get('e1'), id.get('e2'), id.get('m1'), id.get('m2')],
    );
    await pool.query(`INSERT INTO device (terminal_id, member_id, protocol) VALUES ('TALLYTEST01', $1, 'http')`, [
      id.get('m1'),
    ]);
    const kept = await expectRebuilt();
    const at = (org: string, facet: string, key: string) =>
      kept.subtree.find((r) => r.org_id === id.get(org) && r.facet === facet && r.key === key);
    expect(at('R', 'status', 'full')).toMatchObject({ roll: 2, party: 2 });
    expect(at('R', 'orgKind', 'branch')).toMatchObject({ roll: 2 });
    expect(at('C', 'status', 'candidate')).toMatchObject({ roll: 1, party: 0 });
    // March's first 支部委员会 is on the 5th; B's congress falls before its first full quarter.
    expect(kept.first.filter((f) => f.org_id === id.get('A'))).toEqual([
      { org_id: id.get('A'), kind: 'committee_meeting', period: '2026-03-01', first_day: '2026-03-05' },
    ]);
    expect(kept.life.filter((l) => l.org_id === id.get('R') && l.held !== 0)).toEqual([
      expect.objectContaining({ kind: 'committee_meeting', day: '2026-03-05', held: 1 }),
      expect.objectContaining({ kind: 'theme_day', day: '2026-06-10', held: 1 }),
    ]);
  });

  it('follows updates: status, birth, a member moving with their terminal, marks changed and upserted', async () => {
    await pool.query(`UPDATE member SET status = 'activist' WHERE id = $1`, [id.get('m3')]);
    await pool.query(`UPDATE member SET birth_date = '1981-01-01' WHERE id = $1`, [id.get('m2')]);
    await pool.query('UPDATE member SET org_id = $1 WHERE id = $2', [id.get('D'), id.get('m1')]);
    await pool.query(`UPDATE member SET phone = '13900000000' WHERE id = $1`, [id.get('m4')]);
    await pool.query(`UPDATE attendance SET status = 'absent' WHERE org_life_id = $1 AND member_id = $2`, [
      id.get('e1'),
      id.get('m2'),
    ]);
    await pool.query(
      `INSERT INTO attendance (org_life_id, member_id, status, source) VALUES ($1, $2, 'present', 'beidou'), ($1, $3, 'absent', 'manual')
       ON CONFLICT (org_life_id, member_id) DO UPDATE SET status = EXCLUDED.status, source = EXCLUDED.source`,
      [id.get('e1'), id.get('m1'), id.get('m4')],
    );
    await pool.query('DELETE FROM attendance WHERE org_life_id = $1', [id.get('e2')]);
    const kept = await expectRebuilt();
    expect(kept.devices).toEqual([expect.objectContaining({ org_id: id.get('D') })]);
    expect(kept.counts.find((c) => c.id === id.get('e1'))).toMatchObject({
      recorded: 3,
      present: 1,
      absent: 2,
      beidou: 1,
    });
  });

  it('follows events moving across a period, changing kind and going with their marks', async () => {
    // The 5 March meeting moves into April: March's first is now the 31st, April gets one.
    await pool.query(
      `UPDATE org_life SET starts_at = '2026-04-02T09:00:00+08:00', ends_at = '2026-04-02T10:00:00+08:00' WHERE id = $1`,
      [id.get('e2')],
    );
    await pool.query(`UPDATE org_life SET kind = 'group_meeting' WHERE id = $1`, [id.get('e4')]);
    await pool.query(`UPDATE org_life SET title = '改名（计数）' WHERE id = $1`, [id.get('e3')]);
    const kept = await expectRebuilt();
    expect(kept.first.filter((f) => f.org_id === id.get('A')).map((f) => [f.period, f.first_day])).toEqual([
      ['2026-03-01', '2026-03-31'],
      ['2026-04-01', '2026-04-02'],
    ]);
    await pool.query('DELETE FROM org_life WHERE id = $1', [id.get('e1')]);
    const after = await expectRebuilt();
    expect(after.life.some((l) => l.day === '2026-03-31')).toBe(false);
  });

  it('follows organisations: a subtree moving, a change of kind and founding, a leaf added and deleted', async () => {
    await pool.query('UPDATE org SET parent_id = $1 WHERE id = $2', [id.get('A'), id.get('C')]);
    let kept = await expectRebuilt();
    const a = kept.subtree.find((r) => r.org_id === id.get('A') && r.facet === 'orgKind' && r.key === 'branch');
    expect(a).toMatchObject({ roll: 2 }); // A itself and D below C
    // B owes its congress once founded before the event's quarter; as a committee it owes nothing.
    await pool.query(`UPDATE org SET established = '2026-04-01' WHERE id = $1`, [id.get('B')]);
    kept = await expectRebuilt();
    expect(kept.life.find((l) => l.org_id === id.get('B'))).toMatchObject({ held: 1 });
    await pool.query(`UPDATE org SET kind = 'committee' WHERE id = $1`, [id.get('B')]);
    kept = await expectRebuilt();
    expect(kept.life.find((l) => l.org_id === id.get('B'))).toMatchObject({ held: 0, events: 1 });
    await pool.query(`UPDATE org SET kind = 'temporary_branch' WHERE id = $1`, [id.get('B')]);
    await pool.query('UPDATE org SET parent_id = $1 WHERE id = $2', [id.get('R'), id.get('C')]);
    const leaf = await one(
      `INSERT INTO org (parent_id, name, kind, category, county_code) VALUES ($1, '计数测试叶', 'branch', 'border', '532624') RETURNING id`,
      [id.get('D')],
    );
    await expectRebuilt();
    await pool.query('DELETE FROM org WHERE id = $1', [leaf]);
    await expectRebuilt();
  });

  it('changes nothing when a write fails', async () => {
    const before = await expectRebuilt();
    // A batch with one bad member, a mark for nobody, an event ending before it starts.
    await expect(
      pool.query(
        `INSERT INTO member (org_id, name, gender, birth_date, ethnicity, education, status)
         VALUES ($1, '好（计数）', 'M', '1990-01-01', '汉族', 'college', 'candidate'),
                ($1, '坏（计数）', 'M', '1990-01-01', '汉族', 'nonsense', 'candidate')`,
        [id.get('A')],
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      pool.query(`INSERT INTO attendance (org_life_id, member_id, status) VALUES ($1, 0, 'present')`, [id.get('e2')]),
    ).rejects.toThrow(/foreign key/);
    await expect(
      pool.query(`UPDATE org_life SET ends_at = starts_at - interval '1 hour' WHERE id = $1`, [id.get('e2')]),
    ).rejects.toThrow(/check constraint/);
    expect(await expectRebuilt()).toEqual(before);
  });
});

// The portrait reads life completion and attendance from the tallies for whole days and from the
// events for the as-of day; the drill-down (life_completion per organisation) and a row-by-row
// count must agree at any moment, including in the middle of a day with events before and after.
describe.each(databases)('life figures from the tallies against row by row ($engine)', (db) => {
  const { pool } = openApp(db);
  let caller: Caller;
  let root = 0;

  beforeAll(async () => {
    const { rows } = await pool.query<{ id: number; path: string }>(
      `SELECT id, path::text FROM org WHERE parent_id IS NULL AND is_demo ORDER BY id LIMIT 1`,
    );
    root = rows[0]!.id;
    caller = {
      userId: 0,
      username: 'fixture',
      displayName: 'fixture',
      role: 'leader',
      orgId: root,
      orgName: '',
      orgPath: rows[0]!.path,
      memberId: null,
    };
  });

  it.each([
    '2026-03-31T23:59:59+08:00',
    '2026-04-01T00:00:00+08:00',
    '2026-06-10T09:30:00+08:00',
    '2026-06-10T23:00:00+08:00',
    '2026-10-01T00:00:00+08:00',
    '2027-01-01T00:00:00+08:00',
  ])('agrees as of %s', async (at) => {
    const asOf = new Date(at);
    const p = await orgPortrait(pool, caller, root, asOf);
    if (!p) throw new Error('no portrait');
    for (const k of p.orgLife.byKind) {
      const list = await drillLifeOrgs(pool, caller, root, asOf, k.kind);
      expect([k.kind, k.orgs, k.required, k.held]).toEqual([
        k.kind,
        list.length,
        list.reduce((s, o) => s + o.required, 0),
        list.reduce((s, o) => s + o.held, 0),
      ]);
    }
    const { rows } = await pool.query<{ month: string; events: number; recorded: number; present: number }>(
      `SELECT to_char(date_trunc('month', e.starts_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM') AS month,
              count(DISTINCT e.id)::int AS events, count(a.member_id)::int AS recorded,
              (count(*) FILTER (WHERE a.status = 'present'))::int AS present
         FROM org_life e JOIN org o ON o.id = e.org_id LEFT JOIN attendance a ON a.org_life_id = e.id
        WHERE o.path <@ (SELECT path FROM org WHERE id = $1)
          AND e.starts_at >= make_timestamptz(extract(year FROM (($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai'))::int, 1, 1, 0, 0, 0, 'Asia/Shanghai')
          AND e.starts_at < $2
        GROUP BY 1 ORDER BY 1`,
      [root, asOf],
    );
    expect(
      p.orgLife.byMonth.map((m) => ({ month: m.month, events: m.events, recorded: m.recorded, present: m.present })),
    ).toEqual(rows);
  });

  it('counts the member structure as a row-by-row count does', async () => {
    const asOf = new Date('2026-11-01T00:00:00+08:00');
    const p = await orgPortrait(pool, caller, root, asOf);
    const { rows } = await pool.query<{ key: string; count: number }>(
      `SELECT age_band(m.birth_date, '2026-10-31') AS key, count(*)::int AS count
         FROM member m JOIN org o ON o.id = m.org_id
        WHERE o.path <@ (SELECT path FROM org WHERE id = $1) AND m.status IN ('full', 'probationary')
        GROUP BY 1`,
      [root],
    );
    const byAge = Object.fromEntries(rows.map((r) => [r.key, r.count]));
    expect(Object.fromEntries(p!.structure.byAge.filter((c) => c.count).map((c) => [c.key, c.count]))).toEqual(byAge);
  });
});
