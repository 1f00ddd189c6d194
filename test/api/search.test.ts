import { describe, expect, it } from 'vitest';
import { likePattern } from '../../api/search/routes.ts';
import { databases, openApp } from './harness.ts';

describe('likePattern', () => {
  it('escapes LIKE wildcards so they match themselves', () => {
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe.each(databases)('search and stats on $engine', (db) => {
  const { pool, call } = openApp(db);

  it('finds an organisation by part of its name, exact matches first, with a centre', async () => {
    const { rows } = await pool.query(`SELECT id, name, ST_X(geom) AS lon FROM org WHERE kind = 'committee'`);
    const committee = rows[0];
    const res = await call('leader', `/api/search?q=${encodeURIComponent(committee.name)}`);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({
      kind: 'org',
      id: committee.id,
      name: committee.name,
      detail: 'committee',
    });
    expect(res.body.results[0].center[0]).toBeCloseTo(committee.lon, 5);

    const partial = await call('leader', `/api/search?q=${encodeURIComponent('麻栗坡')}&limit=50`);
    const kinds = new Set(partial.body.results.map((r: { kind: string }) => r.kind));
    expect(kinds).toContain('org');
    expect(kinds).toContain('county');
    const county = partial.body.results.find((r: { kind: string }) => r.kind === 'county');
    expect(county).toMatchObject({ id: 532624, name: '麻栗坡县' });
    expect(county.bbox).toHaveLength(4);
  });

  it('keeps search within the caller scope', async () => {
    const { rows } = await pool.query(`
      SELECT m.name FROM member m JOIN org o ON o.id = m.org_id
       WHERE NOT o.path <@ (SELECT o2.path FROM app_user u JOIN org o2 ON o2.id = u.org_id WHERE u.username = 'secretary')
         AND NOT EXISTS (SELECT 1 FROM member x JOIN org xo ON xo.id = x.org_id
                          WHERE x.name = m.name AND xo.path <@ (SELECT o3.path FROM app_user u3 JOIN org o3 ON o3.id = u3.org_id WHERE u3.username = 'secretary'))
       ORDER BY m.id LIMIT 1`);
    const name = rows[0].name as string;
    const leader = await call('leader', `/api/search?q=${encodeURIComponent(name)}`);
    expect(
      leader.body.results.some((r: { kind: string; name: string }) => r.kind === 'member' && r.name === name),
    ).toBe(true);
    const secretary = await call('secretary', `/api/search?q=${encodeURIComponent(name)}`);
    expect(secretary.body.results.some((r: { kind: string }) => r.kind === 'member')).toBe(false);
  });

  it('rejects an empty or over-long query with 400', async () => {
    expect((await call('leader', '/api/search?q=')).status).toBe(400);
    expect((await call('leader', `/api/search?q=${'x'.repeat(101)}`)).body.error.code).toBe('invalid_request');
    expect((await call(null, '/api/search?q=x')).status).toBe(401);
  });

  it('counts the headline figures in scope', async () => {
    const leader = await call('leader', '/api/stats');
    expect(leader.status).toBe(200);
    expect(leader.body.orgs.total).toBe(78);
    expect(leader.body.orgs.byKind).toMatchObject({ committee: 1, temporary_branch: 32, joint_branch: 3 });
    expect(leader.body).toMatchObject({ jointPoints: 34, zones: 71, counties: 8 });
    expect(leader.body.borderKm).toBeGreaterThan(250);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM member WHERE status IN ('full', 'probationary')`);
    expect(leader.body.members).toBe(rows[0].n);
    const secretary = await call('secretary', '/api/stats');
    expect(secretary.body.orgs.total).toBeLessThan(10);
    expect(secretary.body.members).toBeLessThan(leader.body.members);
  });
});
