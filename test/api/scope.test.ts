import { beforeAll, describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

const WHOLE_WORLD = 'bbox=-180,-90,180,90';

// Scoping is enforced in SQL; these tests look at it from the outside, through the API.
describe.each(databases)('scope on $engine', (db) => {
  const { pool, call } = openApp(db);
  let own: { orgId: number; path: string; memberId: number };
  let other: { orgId: number; memberId: number; zoneId: number };

  beforeAll(async () => {
    const s = await pool.query(`
      SELECT u.org_id AS "orgId", o.path::text AS path, (SELECT min(id) FROM member WHERE org_id = u.org_id) AS "memberId"
        FROM app_user u JOIN org o ON o.id = u.org_id WHERE u.username = 'secretary'`);
    own = s.rows[0];
    const o = await pool.query(
      `
      SELECT o.id AS "orgId", (SELECT min(m.id) FROM member m WHERE m.org_id = o.id) AS "memberId",
             (SELECT min(z.id) FROM zone z WHERE z.org_id = o.id) AS "zoneId"
        FROM org o WHERE NOT o.path <@ $1::ltree AND o.kind = 'branch'
         AND EXISTS (SELECT 1 FROM zone z WHERE z.org_id = o.id) ORDER BY o.id LIMIT 1`,
      [own.path],
    );
    other = o.rows[0];
  });

  it('gives the secretary their own branch tree only', async () => {
    const res = await call('secretary', '/api/orgs/tree');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(own.orgId);
    expect(res.body.name).toContain('麻栗坡');
  });

  it("refuses another branch's member by id, by list and by bbox", async () => {
    expect((await call('secretary', `/api/members/${other.memberId}`)).status).toBe(404);
    expect((await call('secretary', `/api/orgs/${other.orgId}/members`)).status).toBe(404);
    expect((await call('secretary', `/api/orgs/${other.orgId}`)).status).toBe(404);
    expect((await call('secretary', `/api/zones/${other.zoneId}`)).status).toBe(404);
    const zones = await call('secretary', `/api/zones?${WHOLE_WORLD}`);
    expect(zones.status).toBe(200);
    const owners = new Set(zones.body.features.map((f: { properties: { orgId: number } }) => f.properties.orgId));
    expect([...owners]).toEqual([own.orgId]);
    const orgs = await call('secretary', `/api/orgs?${WHOLE_WORLD}`);
    expect(orgs.body.features.map((f: { id: number }) => f.id)).toEqual([own.orgId]);
    const jps = await call('secretary', `/api/joint-points?${WHOLE_WORLD}`);
    expect(jps.body.features.length).toBeGreaterThan(0);
    expect(jps.body.features.length).toBeLessThan(34);
  });

  it('lets the secretary read their own members, with phone numbers but masked ID numbers', async () => {
    const res = await call('secretary', `/api/orgs/${own.orgId}/members?pageSize=5`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(5);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items[0].phone).toMatch(/^1\d{10}$/);
    expect(res.body.items[0].idNumber).toMatch(/^\d{2}\*{14}[\dX]{2}$/);
  });

  it('masks phone numbers for the leader and audits member reads', async () => {
    const before = await pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'read' AND subject_id = $1`,
      [other.memberId],
    );
    const res = await call('leader', `/api/members/${other.memberId}`);
    expect(res.status).toBe(200);
    expect(res.body.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const after = await pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'read' AND subject_id = $1`,
      [other.memberId],
    );
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });

  it('shows a member only themself', async () => {
    const me = await call('member', '/api/auth/me');
    const self = await call('member', `/api/members/${me.body.memberId}`);
    expect(self.status).toBe(200);
    expect(self.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    const list = await call('member', `/api/orgs/${own.orgId}/members`);
    expect(list.body.items.map((m: { id: number }) => m.id)).toEqual([me.body.memberId]);
    const colleague = await call(
      'member',
      `/api/members/${own.memberId === me.body.memberId ? own.memberId + 1 : own.memberId}`,
    );
    expect(colleague.status).toBe(404);
  });

  it('shows the leader the whole prefecture', async () => {
    const tree = await call('leader', '/api/orgs/tree');
    const count = (n: { children: unknown[] }): number =>
      1 + n.children.reduce<number>((s, c) => s + count(c as never), 0);
    expect(count(tree.body)).toBe(78);
    const zones = await call('leader', `/api/zones?${WHOLE_WORLD}`);
    expect(zones.body.features.length).toBeGreaterThanOrEqual(71);
    const jps = await call('leader', '/api/joint-points');
    expect(jps.body.features).toHaveLength(34);
  });
});
