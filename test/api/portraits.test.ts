import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISATION_ITEMS } from '../../api/analysis/indices.config.ts';
import { computeIndices } from '../../api/analysis/indices.ts';
import type { Caller } from '../../api/auth/scope.ts';
import { drillEvents, drillLifeOrgs, drillMembers, orgPortrait, weightedScore } from '../../api/portraits/data.ts';
import { databases, openApp } from './harness.ts';

// A hand-made subtree with known answers, in a tree of its own (a root without parent), so the
// demo data never leaks into the figures: a committee R over branch A (founded 2015) and
// temporary branch B (founded mid-May 2026). Figures are taken as of the end of 2026-10-31,
// Asia/Shanghai: `asOf` is midnight at the start of 1 November there.
const AS_OF = new Date('2026-11-01T00:00:00+08:00');

// Members: [key, org, status, gender, birth, joined, 转正, cadre]. Ages on 2026-10-31 sit on the
// band boundaries: born 1991-10-31 is 35 (≤35), 1990-10-31 is 36, 1980-11-01 is 45, 1980-10-31
// is 46, 1970-11-01 is 55 and 1970-10-31 is 56.
const MEMBERS: [string, 'A' | 'B', string, 'M' | 'F', string, string | null, string | null, boolean][] = [
  ['m1', 'A', 'full', 'F', '1991-10-31', '2015-05-01', '2016-05-01', true], // 党龄 10
  ['m2', 'A', 'full', 'M', '1991-11-01', '2020-06-01', '2021-06-01', false], // 党龄 5
  ['m3', 'A', 'full', 'M', '1990-10-31', '2021-11-01', '2022-11-01', false], // 党龄 3 (a day short of 4)
  ['m4', 'A', 'full', 'M', '1980-11-01', '1996-01-01', null, false], // 转正 unrecorded: 1997-01-01, 党龄 29
  ['m5', 'A', 'full', 'F', '1980-10-31', '1995-10-31', '1996-10-31', true], // 党龄 30
  ['m6', 'A', 'probationary', 'M', '1970-11-01', '2026-03-01', null, false],
  ['m7', 'A', 'full', 'F', '1970-10-31', '1999-01-01', '2000-01-01', false], // 党龄 26
  ['m8', 'A', 'candidate', 'M', '1999-01-01', null, null, false],
  ['m9', 'A', 'activist', 'F', '2000-01-01', null, null, false],
  ['b1', 'B', 'full', 'M', '1985-06-15', '2009-06-15', '2010-06-15', false], // 党龄 16
  ['b2', 'B', 'full', 'F', '1995-01-01', '2018-01-01', '2019-01-01', false], // 党龄 7
];

// Org life: [org, kind, start (Asia/Shanghai)]. A misses April's 支部委员会; its March one is at
// 23:30 on the 31st (still March and Q1), its 党小组会 at 00:30 on 1 April (April, not March).
// B's May meeting falls before its first full month, so it counts for nothing.
const EVENTS: [string, 'A' | 'B', string, string][] = [
  ...['01-10', '02-10', '03-31 23:30', '05-10', '06-10', '07-10', '08-10', '09-10', '10-10'].map(
    (d, i) =>
      [`A-cm-${i}`, 'A', 'committee_meeting', `2026-${d.length > 5 ? d : `${d} 09:00`}`] as [
        string,
        'A',
        string,
        string,
      ],
  ),
  ['A-gm', 'A', 'group_meeting', '2026-04-01 00:30'],
  ['A-bc1', 'A', 'branch_congress', '2026-03-31 23:30'],
  ['A-bc3', 'A', 'branch_congress', '2026-09-30 23:59'],
  ['A-pl', 'A', 'party_lecture', '2026-10-15 09:00'],
  ['A-late', 'A', 'theme_day', '2026-11-01 00:10'], // after as-of: not yet
  ['B-cm5', 'B', 'committee_meeting', '2026-05-20 09:00'],
  ['B-cm6', 'B', 'committee_meeting', '2026-06-20 09:00'],
  ['B-cm7', 'B', 'committee_meeting', '2026-07-20 09:00'],
  ['B-bc', 'B', 'branch_congress', '2026-07-10 09:00'],
];

describe.each(databases)('portrait aggregates on a hand-made subtree ($engine)', (db) => {
  const { pool } = openApp(db);
  const ids = new Map<string, number>();
  let caller: Caller;

  beforeAll(async () => {
    const org = async (key: string, sql: string, params: unknown[]) =>
      ids.set(key, (await pool.query<{ id: number }>(sql, params)).rows[0]!.id);
    await org(
      'R',
      `INSERT INTO org (name, kind, category, county_code, established) VALUES ('测试委员会（手工数据）', 'committee', 'organ', '532624', '2010-01-01') RETURNING id`,
      [],
    );
    await org(
      'A',
      `INSERT INTO org (parent_id, name, kind, category, county_code, established, term_start, term_end, geom)
       VALUES ($1, '测试支部A', 'branch', 'border', '532624', '2015-03-01', '2023-12-15', '2026-12-15', 'SRID=4326;POINT(104.6 23.1)') RETURNING id`,
      [ids.get('R')],
    );
    await org(
      'B',
      `INSERT INTO org (parent_id, name, kind, category, county_code, established)
       VALUES ($1, '测试临时支部B', 'temporary_branch', 'border', '532624', '2026-05-15') RETURNING id`,
      [ids.get('R')],
    );
    for (const [key, o, status, gender, birth, joined, full, cadre] of MEMBERS) {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO member (org_id, name, gender, birth_date, ethnicity, education, joined_date, full_date, status, is_cadre, phone)
         VALUES ($1, $2, $3, $4, '壮族', 'bachelor', $5, $6, $7, $8, '13800000000') RETURNING id`,
        [ids.get(o), `测试${key}`, gender, birth, joined, full, status, cadre],
      );
      ids.set(key, rows[0]!.id);
    }
    for (const [key, o, kind, start] of EVENTS) {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO org_life (org_id, kind, title, starts_at, ends_at)
         VALUES ($1, $2, $3, ($4::timestamp AT TIME ZONE 'Asia/Shanghai'), ($4::timestamp AT TIME ZONE 'Asia/Shanghai') + interval '1 hour')
         RETURNING id`,
        [ids.get(o), kind, `测试${key}`, start],
      );
      ids.set(key, rows[0]!.id);
    }
    // October's 支部委员会: 3 present (one by BeiDou) of 5; the 党课: 6 of 7.
    const mark = (event: string, member: string, status: string, source = 'manual') =>
      pool.query('INSERT INTO attendance (org_life_id, member_id, status, source) VALUES ($1, $2, $3, $4)', [
        ids.get(event),
        ids.get(member),
        status,
        source,
      ]);
    await mark('A-cm-8', 'm1', 'present');
    await mark('A-cm-8', 'm2', 'present', 'beidou');
    await mark('A-cm-8', 'm3', 'absent');
    await mark('A-cm-8', 'm4', 'leave');
    await mark('A-cm-8', 'm5', 'present');
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']) await mark('A-pl', m, 'present');
    await mark('A-pl', 'm7', 'absent');
    const { rows } = await pool.query<{ path: string }>('SELECT path::text FROM org WHERE id = $1', [ids.get('R')]);
    caller = {
      userId: 0,
      username: 'fixture',
      displayName: 'fixture',
      role: 'leader',
      orgId: ids.get('R')!,
      orgName: '测试委员会',
      orgPath: rows[0]!.path,
      memberId: null,
    };
  });

  afterAll(async () => {
    const orgs = ['R', 'A', 'B'].map((k) => ids.get(k));
    await pool.query('DELETE FROM org_life WHERE org_id = ANY($1)', [orgs]);
    await pool.query('DELETE FROM member WHERE org_id = ANY($1)', [orgs]);
    await pool.query('DELETE FROM org WHERE id = ANY($1) AND parent_id IS NOT NULL', [orgs]);
    await pool.query('DELETE FROM org WHERE id = $1', [ids.get('R')]);
  });

  const counts = (list: { key: string; count: number }[]) => Object.fromEntries(list.map((c) => [c.key, c.count]));

  it('counts the member structure with age and 党龄 bands at their boundaries', async () => {
    const p = await orgPortrait(pool, caller, ids.get('R')!, AS_OF);
    const s = p!.structure;
    expect(s.party).toBe(9);
    expect(s.roll).toBe(11);
    expect(counts(s.byStatus)).toEqual({ full: 8, probationary: 1, candidate: 1, activist: 1 });
    expect(counts(s.byGender)).toEqual({ M: 5, F: 4 });
    expect(counts(s.byAge)).toEqual({ le35: 3, '36-45': 3, '46-55': 2, ge56: 1 });
    expect(counts(s.byPartyAge)).toEqual({ none: 1, lt5: 1, '5-9': 2, '10-19': 2, '20-29': 2, ge30: 1 });
    expect(s.cadres).toEqual({ count: 2, share: 0.222 });
    expect(counts(s.byEthnicity)).toEqual({ 壮族: 9 });
  });

  it('measures 三会一课 against the required frequency across month and quarter ends', async () => {
    const p = await orgPortrait(pool, caller, ids.get('R')!, AS_OF);
    const byKind = Object.fromEntries(p!.orgLife.byKind.map((k) => [k.kind, [k.required, k.held]]));
    expect(byKind).toEqual({
      committee_meeting: [10 + 5, 9 + 2],
      group_meeting: [10 + 5, 1],
      branch_congress: [3 + 1, 2 + 1],
      party_lecture: [4 + 1, 1], // A's lecture in the current quarter counts at once
      theme_day: [10 + 5, 0],
    });
    const perOrg = await drillLifeOrgs(pool, caller, ids.get('R')!, AS_OF, 'committee_meeting');
    expect(perOrg.map((r) => [r.orgId, r.required, r.held])).toEqual([
      [ids.get('A'), 10, 9],
      [ids.get('B'), 5, 2],
    ]);
    // A day earlier (end of 30 October) October has not ended yet: A's October meeting is the
    // current month's and counts on both sides; so does the quarter's congress on 30 September.
    const earlier = await drillLifeOrgs(
      pool,
      caller,
      ids.get('A')!,
      new Date('2026-10-31T00:00:00+08:00'),
      'committee_meeting',
    );
    expect(earlier.map((r) => [r.required, r.held])).toEqual([[10, 9]]);
    // As of the end of the year the whole year has ended, though no December meeting was held.
    const yearEnd = await drillLifeOrgs(
      pool,
      caller,
      ids.get('A')!,
      new Date('2027-01-01T00:00:00+08:00'),
      'committee_meeting',
    );
    expect(yearEnd.map((r) => [r.required, r.held])).toEqual([[12, 9]]);
  });

  it('does the attendance arithmetic: present ÷ recorded, BeiDou apart', async () => {
    const p = await orgPortrait(pool, caller, ids.get('R')!, AS_OF);
    expect(p!.orgLife.events).toBe(17);
    expect(p!.orgLife.attendance).toEqual({
      recorded: 12,
      present: 9,
      leave: 1,
      absent: 2,
      rate: 0.75,
      manual: 8,
      beidou: 1,
    });
    const october = p!.orgLife.byMonth.find((m) => m.month === '2026-10');
    expect(october).toMatchObject({ events: 2, recorded: 12, present: 9, rate: 0.75 });
  });

  it('lists the rows behind each figure, summing to it', async () => {
    const p = await orgPortrait(pool, caller, ids.get('R')!, AS_OF);
    for (const [facet, list] of [
      ['age', p!.structure.byAge],
      ['partyAge', p!.structure.byPartyAge],
      ['gender', p!.structure.byGender],
      ['status', p!.structure.byStatus],
    ] as const) {
      for (const { key, count } of list) {
        const drill = await drillMembers(pool, caller, ids.get('R')!, {
          asOf: AS_OF,
          facet,
          key,
          page: 1,
          pageSize: 50,
        });
        expect([facet, key, drill.total, drill.items.length]).toEqual([facet, key, count, count]);
      }
    }
    const middle = await drillMembers(pool, caller, ids.get('R')!, {
      asOf: AS_OF,
      facet: 'age',
      key: '36-45',
      page: 1,
      pageSize: 50,
    });
    expect(middle.items.map((m) => m.name).sort()).toEqual(['测试b1', '测试m3', '测试m4']);
    const cadres = await drillMembers(pool, caller, ids.get('R')!, {
      asOf: AS_OF,
      facet: 'cadre',
      key: 'cadre',
      page: 1,
      pageSize: 50,
    });
    expect(cadres.total).toBe(p!.structure.cadres.count);
    const meetings = await drillEvents(pool, caller, ids.get('R')!, {
      asOf: AS_OF,
      kind: 'committee_meeting',
      page: 1,
      pageSize: 50,
    });
    expect(meetings.total).toBe(12);
    const october = await drillEvents(pool, caller, ids.get('R')!, {
      asOf: AS_OF,
      month: '2026-10',
      page: 1,
      pageSize: 50,
    });
    expect(october.items.map((e) => [e.kind, e.recorded, e.present])).toEqual([
      ['party_lecture', 7, 6],
      ['committee_meeting', 5, 3],
    ]);
  });

  it('computes the 组织力 items from the data and scores them with the configured weights', async () => {
    const rows = await computeIndices(pool, caller.orgPath, AS_OF);
    const a = rows.find((r) => r.orgId === ids.get('A'))!;
    const items = a.items.organisation;
    expect(items.life_completion).toBeCloseTo((9 + 1 + 2 + 1) / (10 + 10 + 3 + 4), 5);
    expect(items.theme_day).toBe(0);
    expect(items.attendance).toBeCloseTo(9 / 12, 5);
    expect(items.term_on_time).toBe(1);
    expect(items.development).toBe(1); // a candidate in the pipeline, no probationer overdue
    expect(items.zone_coverage).toBe(0);
    expect(items.joint_building).toBeNull();
    expect(items.devices_online).toBeNull();
    expect(items.data_completeness).toBeCloseTo((0.75 + 1) / 2, 5);
    const expected = weightedScore(ORGANISATION_ITEMS.map((i) => ({ weight: i.weight, value: items[i.key] ?? null })));
    expect(a.organisation).toBeCloseTo(expected!, 3);
    const b = rows.find((r) => r.orgId === ids.get('B'))!;
    expect(b.items.organisation.term_on_time).toBe(0); // no term recorded
    expect(rows.some((r) => r.orgId === ids.get('R'))).toBe(false); // committees are not ranked
  });
});

describe.each(databases)('portraits over the demo data, scoped and masked ($engine)', (db) => {
  const { pool, call } = openApp(db);
  const asOf = '2026-10-31';
  let committee: number;
  let branch: number;
  let ownMember: number;
  let otherBranchMember: number;

  beforeAll(async () => {
    const users = await pool.query<{ username: string; org_id: number; member_id: number | null }>(
      `SELECT username, org_id, member_id FROM app_user WHERE username IN ('leader', 'secretary', 'member')`,
    );
    const by = Object.fromEntries(users.rows.map((u) => [u.username, u]));
    committee = by.leader!.org_id;
    branch = by.secretary!.org_id;
    ownMember = by.member!.member_id!;
    otherBranchMember = (
      await pool.query<{ id: number }>(
        `SELECT m.id FROM member m JOIN org o ON o.id = m.org_id, org s
          WHERE s.id = $1 AND NOT o.path <@ s.path AND m.status = 'full' ORDER BY m.id LIMIT 1`,
        [branch],
      )
    ).rows[0]!.id;
  });

  it("gives a secretary their own subtree's portrait only, and members none", async () => {
    const own = await call('secretary', `/api/orgs/${branch}/portrait?asOf=${asOf}`);
    expect(own.status).toBe(200);
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM member m JOIN org o ON o.id = m.org_id, org s
        WHERE s.id = $1 AND o.path <@ s.path AND m.status IN ('full', 'probationary')`,
      [branch],
    );
    expect(own.body.structure.party).toBe(rows[0]!.n);
    expect(own.body.lineage.at(-1)).toMatchObject({ id: branch, inScope: true });
    // Above the branch the path is text only.
    expect(own.body.lineage[0]).toMatchObject({ id: committee, inScope: false });
    expect((await call('secretary', `/api/orgs/${committee}/portrait`)).status).toBe(404);
    expect((await call('secretary', `/api/orgs/${committee}/portrait/members?facet=age&key=le35`)).status).toBe(404);
    expect((await call('member', `/api/orgs/${branch}/portrait`)).status).toBe(403);
  });

  it('sums every drill-down list to its figure on the demo data', async () => {
    const p = (await call('leader', `/api/orgs/${committee}/portrait?asOf=${asOf}`)).body;
    expect(p.structure.party).toBeGreaterThan(1000);
    for (const { key, count } of p.structure.byAge) {
      const drill = await call(
        'leader',
        `/api/orgs/${committee}/portrait/members?asOf=${asOf}&facet=age&key=${key}&pageSize=1`,
      );
      expect([key, drill.body.total]).toEqual([key, count]);
    }
    const lecture = p.orgLife.byKind.find((k: { kind: string }) => k.kind === 'party_lecture');
    const perOrg = (await call('leader', `/api/orgs/${committee}/portrait/life?asOf=${asOf}&kind=party_lecture`)).body;
    expect(perOrg.items.reduce((s: number, r: { held: number }) => s + r.held, 0)).toBe(lecture.held);
    const events = (await call('leader', `/api/orgs/${committee}/portrait/events?asOf=${asOf}&pageSize=1`)).body;
    expect(events.total).toBe(p.orgLife.events);
  });

  it('masks the drill-down list per role: leaders see neither phone nor ID, secretaries the phone', async () => {
    const path = `/api/orgs/${branch}/portrait/members?facet=party&pageSize=5`;
    const leader = (await call('leader', path)).body.items[0];
    const secretary = (await call('secretary', path)).body.items[0];
    const admin = (await call('admin', path)).body.items[0];
    expect(leader.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(leader.idNumber).toContain('*');
    expect(leader.birthDate).toBeNull();
    expect(secretary.phone).toMatch(/^1\d{10}$/);
    expect(secretary.idNumber).toContain('*');
    expect(admin.idNumber).toMatch(/^\d{17}[\dX]$/);
  });

  it('refuses facets and dates it does not know', async () => {
    const bad = await call('leader', `/api/orgs/${committee}/portrait/members?facet=salary`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect((await call('leader', `/api/orgs/${committee}/portrait?asOf=2026-13-45`)).status).toBe(400);
    expect((await call('leader', `/api/orgs/${committee}/portrait/events?month=2026-1`)).status).toBe(400);
  });

  it('shows a member their own portrait only, and writes each read to the audit log', async () => {
    // The same rows before and after: other files' reads of this member (details) do not count.
    const before = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE subject_kind = 'member' AND subject_id = $1 AND detail->>'view' = 'portrait'`,
      [ownMember],
    );
    const own = await call('member', `/api/members/${ownMember}/portrait?asOf=${asOf}`);
    expect(own.status).toBe(200);
    expect(own.body.profile.id).toBe(ownMember);
    expect(own.body.profile.idNumber).toMatch(/^\d{17}[\dX]$/); // their own, in full
    expect(own.body.attendance.months).toBe(12);
    expect(own.body.index.vanguardItems).toHaveLength(5);
    expect((await call('member', `/api/members/${otherBranchMember}/portrait`)).status).toBe(404);
    expect((await call('secretary', `/api/members/${otherBranchMember}/portrait`)).status).toBe(404);
    const leader = await call('leader', `/api/members/${ownMember}/portrait`);
    expect(leader.body.profile.phone).toMatch(/\*{4}/);
    const after = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE subject_kind = 'member' AND subject_id = $1 AND detail->>'view' = 'portrait'`,
      [ownMember],
    );
    expect(after.rows[0]!.n).toBeGreaterThanOrEqual(2);
    expect(after.rows[0]!.n - before.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });
});
