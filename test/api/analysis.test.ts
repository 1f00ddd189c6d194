import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshIndices } from '../../api/analysis/indices.ts';
import { databases, openApp } from './harness.ts';

describe.each(databases)('analyses, org life and indices on $engine', (db) => {
  const { pool, call, app, login } = openApp(db);
  let committee: number;
  let branch: number;

  beforeAll(async () => {
    const { rows } = await pool.query<{ username: string; org_id: number }>(
      `SELECT username, org_id FROM app_user WHERE username IN ('leader', 'secretary')`,
    );
    committee = rows.find((r) => r.username === 'leader')!.org_id;
    branch = rows.find((r) => r.username === 'secretary')!.org_id;
  });

  const subtreeCount = async (org: number) =>
    (
      await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM org o, org s WHERE s.id = $1 AND o.path <@ s.path',
        [org],
      )
    ).rows[0]!.n;

  it('analyses the organisation system of the caller’s subtree, each figure drillable', async () => {
    const leader = (await call('leader', '/api/analysis/org-system')).body;
    expect(leader.orgId).toBe(committee);
    expect(leader.total).toBe(await subtreeCount(committee));
    const kinds = leader.byKind.reduce((s: number, c: { count: number }) => s + c.count, 0);
    expect(kinds).toBe(leader.total);
    for (const { key, count } of leader.byStar) {
      const drill = await call('leader', `/api/analysis/org-system/orgs?facet=star&key=${key}&pageSize=1`);
      expect([key, drill.body.total]).toEqual([key, count]);
    }
    const secretary = (await call('secretary', '/api/analysis/org-system')).body;
    expect(secretary.total).toBe(await subtreeCount(branch));
    expect((await call('secretary', `/api/analysis/org-system?org=${committee}`)).status).toBe(404);
    expect((await call('member', '/api/analysis/org-system')).status).toBe(403);
  });

  it('trends admissions and 转正 by month, matching the member rows', async () => {
    const team = (await call('leader', '/api/analysis/member-team?asOf=2026-10-31')).body;
    expect(team.trends).toHaveLength(12);
    expect(team.trends[0].month).toBe('2025-11');
    expect(team.trends[11].month).toBe('2026-10');
    const { rows } = await pool.query<{ admitted: number; full: number }>(
      `SELECT count(*) FILTER (WHERE m.joined_date BETWEEN '2025-11-01' AND '2026-10-31')::int AS admitted,
              count(*) FILTER (WHERE m.full_date BETWEEN '2025-11-01' AND '2026-10-31')::int AS full
         FROM member m JOIN org o ON o.id = m.org_id, org s WHERE s.id = $1 AND o.path <@ s.path`,
      [committee],
    );
    const sum = (k: string) => team.trends.reduce((s: number, t: Record<string, number>) => s + t[k]!, 0);
    expect(sum('admitted')).toBe(rows[0]!.admitted);
    expect(sum('becameFull')).toBe(rows[0]!.full);
    expect(rows[0]!.full).toBeGreaterThan(0);
  });

  it('exports an analysis as Excel with Chinese headers and the page’s figures', async () => {
    const res = await app.request('/api/analysis/member-team.xlsx?asOf=2026-10-31', {
      headers: { cookie: await login('leader') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('党员队伍综合分析')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '维度', '类别', '数量', '占比']);
    const team = (await call('leader', '/api/analysis/member-team?asOf=2026-10-31')).body;
    const rows: [string, string, number][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push([String(row.getCell(1).value), String(row.getCell(2).value), Number(row.getCell(3).value)]);
    });
    const young = team.structure.byAge.find((c: { key: string }) => c.key === 'le35').count;
    expect(rows).toContainEqual(['年龄结构', '35 岁及以下', young]);
    expect(rows).toContainEqual(['党员类别', '预备党员', team.structure.byStatus[1].count]);
  });

  it('lets a secretary record an event and mark attendance, all or nothing', async () => {
    const members = (
      await pool.query<{ id: number }>(
        `SELECT id FROM member WHERE org_id = $1 AND status IN ('full', 'probationary') ORDER BY id LIMIT 3`,
        [branch],
      )
    ).rows.map((r) => r.id);
    const outsider = (
      await pool.query<{ id: number }>('SELECT id FROM member WHERE org_id <> $1 ORDER BY id LIMIT 1', [branch])
    ).rows[0]!.id;
    const body = {
      orgId: branch,
      kind: 'theme_day',
      title: '主题党日（测试）',
      startsAt: '2026-10-20T09:00:00+08:00',
      endsAt: '2026-10-20T11:00:00+08:00',
      placeName: '党员活动室',
      place: { lon: 104.68, lat: 23.12 },
      radiusM: 300,
    };
    expect((await call('leader', '/api/org-life', { method: 'POST', body: JSON.stringify(body) })).status).toBe(403);
    const backwards = await call('secretary', '/api/org-life', {
      method: 'POST',
      body: JSON.stringify({ ...body, endsAt: '2026-10-20T08:00:00+08:00' }),
    });
    expect([backwards.status, backwards.body.error.code]).toEqual([422, 'invalid_window']);
    expect(
      (
        await call('secretary', '/api/org-life', {
          method: 'POST',
          body: JSON.stringify({ ...body, orgId: committee }),
        })
      ).status,
    ).toBe(404);
    const created = await call('secretary', '/api/org-life', { method: 'POST', body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.place).toEqual({ lon: 104.68, lat: 23.12 });
    try {
      const refused = await call('secretary', `/api/org-life/${id}/attendance`, {
        method: 'PUT',
        body: JSON.stringify({
          records: [
            { memberId: members[0], status: 'present' },
            { memberId: outsider, status: 'present' },
          ],
        }),
      });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'not_in_org']);
      const none = await pool.query('SELECT 1 FROM attendance WHERE org_life_id = $1', [id]);
      expect(none.rowCount).toBe(0);
      // A BeiDou presence, then the secretary's marks (one replacing it: the member was on leave).
      await pool.query(
        `INSERT INTO attendance (org_life_id, member_id, status, source) VALUES ($1, $2, 'present', 'beidou')`,
        [id, members[1]],
      );
      await pool.query(
        `INSERT INTO attendance (org_life_id, member_id, status, source) VALUES ($1, $2, 'present', 'beidou')`,
        [id, members[2]],
      );
      const marked = await call('secretary', `/api/org-life/${id}/attendance`, {
        method: 'PUT',
        body: JSON.stringify({
          records: [
            { memberId: members[0], status: 'present' },
            { memberId: members[1], status: 'leave' },
          ],
        }),
      });
      expect(marked.status).toBe(200);
      const by = Object.fromEntries(
        marked.body.attendance.map((a: { memberId: number; status: string; source: string }) => [
          a.memberId,
          [a.status, a.source],
        ]),
      );
      expect(by[members[0]!]).toEqual(['present', 'manual']);
      expect(by[members[1]!]).toEqual(['leave', 'manual']);
      expect(by[members[2]!]).toEqual(['present', 'beidou']);
      const events = (
        await call('secretary', `/api/orgs/${branch}/portrait/events?asOf=2026-10-31&kind=theme_day&month=2026-10`)
      ).body;
      expect(events.items.find((e: { id: number }) => e.id === id)).toMatchObject({
        recorded: 3,
        present: 2,
        beidou: 1,
      });
    } finally {
      await pool.query('DELETE FROM org_life WHERE id = $1', [id]);
    }
  });

  it('ranks organisations by 组织力 with the change against last month, in scope', async () => {
    const refreshed = await refreshIndices(pool, new Date('2026-10-31T12:00:00+08:00'));
    expect(refreshed?.day).toBe('2026-10-31');
    const ranking = (await call('leader', '/api/indices/ranking?limit=500')).body.items;
    expect(ranking.length).toBeGreaterThan(10);
    expect(ranking[0].rank).toBe(1);
    expect(ranking[0].previousAsOf).toBe('2026-09-30');
    for (let i = 1; i < ranking.length; i++) {
      expect(ranking[i].organisation ?? -1).toBeLessThanOrEqual(ranking[i - 1].organisation ?? -1);
    }
    const withPrevious = ranking.find((r: { previous: number | null }) => r.previous !== null);
    expect(withPrevious.change).toBeCloseTo(withPrevious.organisation - withPrevious.previous, 0);
    expect(ranking.some((r: { kind: string }) => r.kind === 'committee')).toBe(false);
    const own = (await call('secretary', '/api/indices/ranking')).body.items;
    expect(own.map((r: { orgId: number }) => r.orgId)).toEqual([branch]);
    const portrait = (await call('secretary', `/api/orgs/${branch}/portrait?asOf=2026-10-31`)).body;
    expect(portrait.index.organisation).toBe(own[0].organisation);
    expect(portrait.index.organisationItems).toHaveLength(10);
  });

  // Two server processes share only a PostgreSQL server; the embedded engine has one backend, on
  // which a second connection waits for the first's transaction instead.
  it.runIf(db.engine === 'postgres')('skips a refresh while another process holds its lock', async () => {
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [0x7265_6478]);
      expect(await refreshIndices(pool, new Date('2026-10-31T12:00:00+08:00'))).toBeNull();
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });
});
