import { describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

// The demo dataset's published figures (DESIGN §8, issue 2), checked in SQL on each engine.
describe.each(databases)('demo dataset on $engine', (db) => {
  const { pool } = openApp(db);
  const one = async <T = Record<string, unknown>>(sql: string) => (await pool.query(sql)).rows[0] as T;

  it('has the committee, 45 basic-level organisations and 32 temporary branches', async () => {
    const r = await one<Record<string, number>>(`
      SELECT count(*) FILTER (WHERE kind = 'committee')::int AS committee,
             count(*) FILTER (WHERE kind IN ('general_branch', 'branch', 'joint_branch'))::int AS basic,
             count(*) FILTER (WHERE kind = 'temporary_branch')::int AS temporary,
             count(*)::int AS total
        FROM org WHERE is_demo`);
    expect(r).toEqual({ committee: 1, basic: 45, temporary: 32, total: 78 });
  });

  it('keeps the org tree consistent: every path is its parent path plus itself', async () => {
    const r = await one<{ bad: number }>(`
      SELECT count(*)::int AS bad FROM org o LEFT JOIN org p ON p.id = o.parent_id
       WHERE (p.id IS NULL AND nlevel(o.path) <> 1) OR (p.id IS NOT NULL AND o.path <> p.path || ('o' || o.id)::ltree)`);
    expect(r.bad).toBe(0);
  });

  it('answers subtree scope predicates from the GiST index on org.path', async () => {
    // The scope functions must stay inlinable SQL: otherwise every scoped query scans all orgs.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query(
        `EXPLAIN SELECT m.id FROM member m JOIN org o ON o.id = m.org_id
          WHERE member_in_scope(o.path, m.id, $1::ltree, $2::bigint)`,
        ['o1.o10', null],
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/org_path_gist[\s\S]*path <@ 'o1\.o10'::ltree/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('rates three 5-star and 29 4-star branches', async () => {
    const r = await one<Record<string, number>>(`
      SELECT count(*) FILTER (WHERE star = 5)::int AS five, count(*) FILTER (WHERE star = 4)::int AS four FROM org`);
    expect(r).toEqual({ five: 3, four: 29 });
  });

  it('places 34 joint points in the three border counties, inside China, within 10 km of the border', async () => {
    const r = await one<Record<string, number>>(`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE county_code IN ('532624', '532625', '532628'))::int AS border_counties,
             count(*) FILTER (WHERE ST_Within(j.geom, a.geom))::int AS in_county,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM border b
                               WHERE ST_DWithin(j.geom::geography, b.geom::geography, 10000)))::int AS near_border
        FROM joint_point j JOIN admin_area a ON a.code = j.county_code`);
    expect(r).toEqual({ total: 34, border_counties: 34, in_county: 34, near_border: 34 });
  });

  it("has 71 valid zones, each inside its owner's county and not overlapping within an owner", async () => {
    const r = await one<Record<string, number>>(`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE ST_IsValid(z.geom))::int AS valid,
             count(*) FILTER (WHERE ST_CoveredBy(z.geom, a.geom))::int AS inside
        FROM zone z JOIN org o ON o.id = z.org_id JOIN admin_area a ON a.code = o.county_code`);
    expect(r).toEqual({ total: 71, valid: 71, inside: 71 });
    const overlaps = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM zone a JOIN zone b ON a.org_id = b.org_id AND a.id < b.id
       WHERE a.geom && b.geom AND ST_Relate(a.geom, b.geom, 'T********')`);
    expect(overlaps.n).toBe(0);
  });

  it('has 27 vanguard teams and about 42 % party-affairs cadres', async () => {
    const teams = await one<{ n: number }>('SELECT count(*)::int AS n FROM vanguard_team');
    expect(teams.n).toBe(27);
    const cadres = await one<{ share: number }>('SELECT avg(is_cadre::int)::float8 AS share FROM member');
    expect(cadres.share).toBeGreaterThan(0.41);
    expect(cadres.share).toBeLessThan(0.43);
  });

  it('has plausible member demographics, all flagged as demo data', async () => {
    const r = await one<Record<string, number>>(`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT is_demo)::int AS real_people,
             count(DISTINCT ethnicity)::int AS ethnicities,
             avg((gender = 'F')::int)::float8 AS women,
             avg((ethnicity = '汉族')::int)::float8 AS han
        FROM member`);
    expect(r.n).toBeGreaterThan(1000);
    expect(r.real_people).toBe(0);
    expect(r.ethnicities).toBeGreaterThanOrEqual(6);
    expect(r.women).toBeGreaterThan(0.2);
    expect(r.han).toBeGreaterThan(0.45);
    expect(r.han).toBeLessThan(0.7);
    const meta = await one<{ value: { fictional: boolean } }>(`SELECT value FROM dataset_meta WHERE key = 'demo'`);
    expect(meta.value.fictional).toBe(true);
  });

  it('places every site, org seat and zone in the right county', async () => {
    const r = await one<Record<string, number>>(`
      SELECT (SELECT count(*) FROM site s JOIN admin_area a ON a.code = s.county_code WHERE NOT ST_Within(s.geom, a.geom))::int AS sites_out,
             (SELECT count(*) FROM org o JOIN admin_area a ON a.code = o.county_code WHERE NOT ST_Within(o.geom, a.geom))::int AS orgs_out,
             (SELECT count(DISTINCT kind) FROM site)::int AS site_kinds`);
    expect(r).toEqual({ sites_out: 0, orgs_out: 0, site_kinds: 5 });
  });

  it('covers the eight counties (about 31,400 km²) and a border of 1 km segments', async () => {
    const r = await one<Record<string, number>>(`
      SELECT (SELECT count(*) FROM admin_area WHERE level = 'county')::int AS counties,
             (SELECT sum(ST_Area(geom::geography)) / 1e6 FROM admin_area WHERE level = 'county')::float8 AS km2,
             (SELECT sum(ST_Length(geom::geography)) / 1e3 FROM border)::float8 AS border_km,
             (SELECT max(ST_Length(geom::geography)) FROM border)::float8 AS longest_m,
             (SELECT count(DISTINCT county_code) FROM border)::int AS border_counties`);
    expect(r.counties).toBe(8);
    expect(r.km2).toBeGreaterThan(31_400 * 0.97);
    expect(r.km2).toBeLessThan(31_400 * 1.03);
    expect(r.border_km).toBeGreaterThan(250);
    expect(r.border_km).toBeLessThan(300);
    expect(r.longest_m).toBeLessThan(1_010);
    expect(r.border_counties).toBe(3);
  });

  it('has devices for part of the members and a year of org life with attendance', async () => {
    const r = await one<Record<string, number>>(`
      SELECT (SELECT count(DISTINCT member_id) FROM device)::int AS with_device,
             (SELECT count(*) FROM member)::int AS members,
             (SELECT count(*) FROM org_life)::int AS events,
             (SELECT count(DISTINCT date_trunc('month', starts_at)) FROM org_life)::int AS months,
             (SELECT avg((status = 'present')::int) FROM attendance)::float8 AS present`);
    expect(r.with_device).toBeGreaterThan(100);
    expect(r.with_device).toBeLessThan(r.members!);
    expect(r.events).toBeGreaterThan(1000);
    expect(r.months).toBeGreaterThanOrEqual(11);
    expect(r.present).toBeGreaterThan(0.75);
  });

  it('keeps invalid geometry out of every table', async () => {
    // A self-intersecting polygon violates the zone CHECK constraint, even when written straight to SQL.
    await expect(
      pool.query(`INSERT INTO zone (org_id, name, kind, geom)
                  VALUES (1, 'bow tie', 'grid', ST_Multi(ST_GeomFromText('POLYGON((104 23,104.1 23.1,104.1 23,104 23.1,104 23))', 4326)))`),
    ).rejects.toThrow(/check constraint/);
    await expect(
      pool.query(`INSERT INTO zone (org_id, name, kind, geom) VALUES (1, 'wrong srid', 'grid',
                  ST_Multi(ST_GeomFromText('POLYGON((104 23,104.1 23,104.1 23.1,104 23))', 3857)))`),
    ).rejects.toThrow(/SRID/i);
  });
});
