import { readdirSync, readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import fc from 'fast-check';
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { analyseCoverage } from '../../api/coverage/analysis.ts';
import { coverageParams } from '../../api/coverage/params.ts';
import { COVERAGE_RULES, evaluateRules } from '../../api/warnings/engine.ts';
import { databases, openApp } from './harness.ts';

// The coverage SQL against known answers (hand-made GeoJSON fixtures a person can open in a GIS,
// test/fixtures/coverage/*.in.geojson → *.out.geojson) and against a reference in TypeScript with
// @turf/turf on random small cases. Each case lives in a fictional county of its own inside a
// transaction that is rolled back, so nothing of it reaches other tests.

const FIXTURES = new URL('../fixtures/coverage/', import.meta.url);
/** The sphere PostGIS measures geography on with use_spheroid = false, in metres (as turf's). */
const SPHERE_KM = 6371.008771415;

interface Case {
  params: Record<string, unknown>;
  features: Feature<Point | LineString | Polygon, Record<string, unknown>>[];
}

/** Inserts a case's county, organisations, zones, joint points, border and sites; returns the root's caller. */
async function load(client: pg.PoolClient, c: Case) {
  const geo = (f: Feature) => JSON.stringify(f.geometry);
  let county = '';
  for (const f of c.features.filter((x) => x.properties.layer === 'county')) {
    county ||= String(f.properties.code);
    await client.query(
      `INSERT INTO admin_area (code, name, level, geom) VALUES ($1, $2, 'county', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)))`,
      [f.properties.code, f.properties.name, geo(f)],
    );
  }
  const { rows } = await client.query<{ id: number; path: string }>(
    `INSERT INTO org (name, kind, category, county_code) VALUES ('覆盖测试委员会（虚构）', 'committee', 'organ', $1) RETURNING id, path::text`,
    [county],
  );
  const root = rows[0]!;
  const orgs: number[] = [];
  for (const f of c.features.filter((x) => x.properties.layer === 'org')) {
    const { rows: o } = await client.query<{ id: number }>(
      `INSERT INTO org (parent_id, name, kind, category, county_code, geom)
       VALUES ($1, $2, 'branch', 'border', $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)) RETURNING id`,
      [root.id, `覆盖测试${f.properties.key}`, county, geo(f)],
    );
    orgs.push(o[0]!.id);
  }
  const owner = orgs[0] ?? root.id;
  const ids = new Map<string, number>();
  for (const f of c.features) {
    const p = f.properties;
    if (p.layer === 'zone') {
      await client.query(
        `INSERT INTO zone (org_id, name, kind, valid_from, geom)
         VALUES ($1, $2, $3, '2020-01-01', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)))`,
        [owner, `覆盖测试${p.key}`, p.kind, geo(f)],
      );
    } else if (p.layer === 'joint_point') {
      const { rows: j } = await client.query<{ id: number }>(
        `INSERT INTO joint_point (name, county_code, established, geom)
         VALUES ($1, $2, '2020-01-01', ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)) RETURNING id`,
        [`覆盖测试${p.key}`, county, geo(f)],
      );
      await client.query('INSERT INTO joint_point_org (joint_point_id, org_id) VALUES ($1, $2)', [j[0]!.id, owner]);
    } else if (p.layer === 'border') {
      await client.query(
        `INSERT INTO border (seq, from_km, to_km, county_code, geom) VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))`,
        [p.seq, p.fromKm, p.toKm, county, geo(f)],
      );
    } else if (p.layer === 'site') {
      const { rows: s } = await client.query<{ id: number }>(
        `INSERT INTO site (name, kind, county_code, geom) VALUES ($1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)) RETURNING id`,
        [`覆盖测试${p.key}`, p.kind, county, geo(f)],
      );
      ids.set(String(p.key), s[0]!.id);
    }
  }
  const caller = {
    userId: 0,
    username: 'fixture',
    displayName: 'fixture',
    role: 'admin' as const,
    orgId: root.id,
    orgName: '',
    orgPath: root.path,
    memberId: null,
  };
  return { caller, root: root.id, ids };
}

/** Loads a case, analyses it and rolls everything back. */
async function analyse(pool: pg.Pool, c: Case) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { caller, root, ids } = await load(client, c);
    const result = await analyseCoverage(client, caller, coverageParams(c.params, root, '2026-12-03'));
    if (!result) throw new Error('no result');
    return { result, ids };
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

const read = (file: string) => JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));

describe.each(databases)('coverage SQL on hand-made fixtures ($engine)', (db) => {
  const { pool } = openApp(db);
  const names = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.in.geojson'))
    .map((f) => f.replace('.in.geojson', ''));

  it.each(names)('%s', async (name) => {
    const input = read(`${name}.in.geojson`) as Case;
    const expected = read(`${name}.out.geojson`) as FeatureCollection & {
      summary: { sites?: Record<string, unknown>; border?: Record<string, unknown> };
    };
    const { result, ids } = await analyse(pool, input);
    for (const f of expected.features) {
      const p = f.properties as { layer: string; key: string; covered: boolean; seq?: number };
      if (p.layer === 'site') {
        expect([p.key, result.sites.items.find((s) => s.id === ids.get(p.key))?.covered]).toEqual([p.key, p.covered]);
      } else {
        expect([p.key, result.border.segments.find((s) => s.seq === p.seq)?.covered]).toEqual([p.key, p.covered]);
      }
    }
    if (expected.summary.sites) expect(result.sites).toMatchObject(expected.summary.sites);
    if (expected.summary.border) {
      const { gaps, ...rest } = expected.summary.border as { gaps?: { fromKm: number; toKm: number }[] };
      expect(result.border).toMatchObject(rest);
      if (gaps) expect(result.border.gaps.map((g) => ({ fromKm: g.fromKm, toKm: g.toKm }))).toEqual(gaps);
    }
    if (name === 'scope-without-orgs') {
      for (const s of result.sites.items) expect(s.nearestOrgId).toBeNull();
      expect(result.grid.blind).toBe(result.grid.cells);
    }
  });
});

/** The same judgement in TypeScript with turf, on the sphere. */
function reference(c: Case, radiusKm: number, borderKm: number) {
  const of = (layer: string) => c.features.filter((f) => f.properties.layer === layer);
  const orgs = of('org') as Feature<Point>[];
  const zones = of('zone') as Feature<Polygon>[];
  const joints = of('joint_point') as Feature<Point>[];
  const distance = (a: Feature<Point>, b: Feature<Point>) => turf.distance(a, b, { units: 'radians' }) * SPHERE_KM;
  const sites = (of('site') as Feature<Point>[]).map((s) => {
    // Every zone kind counts for sites by default (zoneKinds: all), on its edge included.
    const inZone = zones.some((z) => turf.booleanPointInPolygon(s, z));
    const nearest = Math.min(...orgs.map((o) => distance(s, o)));
    return {
      key: String(s.properties?.key),
      covered: inZone || nearest <= radiusKm,
      margin: Math.abs(nearest - radiusKm),
    };
  });
  const segments = (of('border') as Feature<LineString>[]).map((b) => {
    const d = Math.min(
      ...joints.map((j) => turf.pointToLineDistance(j, b, { units: 'radians', method: 'geodesic' }) * SPHERE_KM),
    );
    const inZone = zones.some((z) => z.properties?.kind === 'border_defence' && turf.booleanIntersects(b, z));
    return { seq: Number(b.properties?.seq), km: 1, covered: inZone || d <= borderKm, margin: Math.abs(d - borderKm) };
  });
  return { sites, segments };
}

/** A random small case in the fictional county: organisations, sites, joint points, zones and a border line. */
const cases = fc
  .record({
    orgs: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 1,
      maxLength: 5,
    }),
    sites: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 1,
      maxLength: 12,
    }),
    joints: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
      maxLength: 3,
    }),
    zones: fc.array(
      fc.record({
        x: fc.double({ min: 0, max: 0.9, noNaN: true }),
        y: fc.double({ min: 0, max: 0.9, noNaN: true }),
        w: fc.double({ min: 0.02, max: 0.3, noNaN: true }),
        kind: fc.constantFrom('responsibility', 'border_defence'),
      }),
      { maxLength: 3 },
    ),
    borderLat: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    radiusKm: fc.double({ min: 1, max: 8, noNaN: true }),
    borderKm: fc.double({ min: 0.5, max: 6, noNaN: true }),
  })
  .map(({ orgs, sites, joints, zones, borderLat, radiusKm, borderKm }) => {
    // The county spans 0.2° × 0.2° (about 20 × 22 km); the border crosses it west to east in
    // 1 km segments (0.0099° of longitude at 24.6°N).
    const at = ([x, y]: [number, number]) => [107 + 0.2 * x, 24.5 + 0.2 * y];
    const point = (layer: string, key: string, xy: [number, number], extra = {}) =>
      turf.point(at(xy), { layer, key, ...extra }) as Feature<Point, Record<string, unknown>>;
    const lat = 24.5 + 0.2 * borderLat;
    const features: Case['features'] = [
      turf.polygon(
        [
          [
            [107, 24.5],
            [107.2, 24.5],
            [107.2, 24.7],
            [107, 24.7],
            [107, 24.5],
          ],
        ],
        { layer: 'county', code: '539901', name: '覆盖测试县（虚构）' },
      ) as Feature<Polygon, Record<string, unknown>>,
      ...orgs.map((xy, i) => point('org', `O${i}`, xy)),
      ...sites.map((xy, i) => point('site', `S${i}`, xy, { kind: 'village_committee' })),
      ...joints.map((xy, i) => point('joint_point', `J${i}`, xy)),
      ...zones.map((z, i) => {
        const [x0, y0] = at([z.x, z.y]) as [number, number];
        const d = 0.2 * z.w;
        return turf.polygon(
          [
            [
              [x0, y0],
              [x0 + d, y0],
              [x0 + d, y0 + d],
              [x0, y0 + d],
              [x0, y0],
            ],
          ],
          { layer: 'zone', key: `Z${i}`, kind: z.kind },
        ) as Feature<Polygon, Record<string, unknown>>;
      }),
      ...Array.from({ length: 20 }, (_, i) =>
        turf.lineString(
          [
            [107 + 0.0099 * i, lat],
            [107 + 0.0099 * (i + 1), lat],
          ],
          { layer: 'border', key: `B${i}`, seq: 900001 + i, fromKm: i, toKm: i + 1 },
        ),
      ),
    ];
    return {
      params: { siteRadiusKm: radiusKm, borderRadiusKm: borderKm, k: 0, exact: false },
      features,
      radiusKm,
      borderKm,
    };
  });

describe.each(databases)('coverage SQL against a turf reference on random cases ($engine)', (db) => {
  const { pool } = openApp(db);

  it('agrees on every site and segment (but within a metre of the radius) and on covered km within 0.5 %', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const { result, ids } = await analyse(pool, c);
        const ref = reference(c, c.radiusKm, c.borderKm);
        const byId = new Map(result.sites.items.map((s) => [s.id, s]));
        for (const s of ref.sites) {
          if (s.margin < 0.001) continue;
          expect([s.key, byId.get(ids.get(s.key) ?? 0)?.covered]).toEqual([s.key, s.covered]);
        }
        const bySeq = new Map(result.border.segments.map((s) => [s.seq, s]));
        for (const s of ref.segments) {
          if (s.margin < 0.001) continue;
          expect([s.seq, bySeq.get(s.seq)?.covered]).toEqual([s.seq, s.covered]);
        }
        const refKm = ref.segments.filter((s) => s.covered).length;
        const doubtful = ref.segments.filter((s) => s.margin < 0.001).length;
        if (doubtful === 0)
          expect(Math.abs(result.border.coveredKm - refKm)).toBeLessThanOrEqual(0.005 * Math.max(refKm, 1));
      }),
      { numRuns: db.engine === 'embedded' ? 25 : 40 },
    );
  }, 120_000);
});

// The coverage warning rules on crafted cases and their near misses, evaluated inside a
// transaction that is rolled back (evaluateRules writes nothing).
describe.each(databases)('coverage warnings ($engine)', (db) => {
  const { pool } = openApp(db);
  const R = 6371008.771415;
  const north = (m: number) => (m / R) * (180 / Math.PI);

  it('flags a site beyond 5 km and a border stretch over 5 km, not their near misses', async () => {
    const county = read('site-at-radius.in.geojson').features[0];
    // Two border runs on 24.62°N and 24.68°N: six uncovered 1 km segments, then five.
    const line = (lat: number, i: number, seq: number) =>
      turf.lineString(
        [
          [107.02 + 0.0099 * i, lat],
          [107.02 + 0.0099 * (i + 1), lat],
        ],
        { layer: 'border', key: `B${seq}`, seq, fromKm: seq - 900100, toKm: seq - 900099 },
      );
    const c: Case = {
      params: {},
      features: [
        county,
        turf.point([107.1, 24.55], { layer: 'org', key: 'O1' }),
        turf.point([107.1, 24.55 + north(5100)], { layer: 'site', key: 'far', kind: 'tobacco_station' }),
        turf.point([107.1, 24.55 + north(4900)], { layer: 'site', key: 'near', kind: 'tobacco_station' }),
        ...Array.from({ length: 6 }, (_, i) => line(24.66, i, 900100 + i)),
        ...Array.from({ length: 5 }, (_, i) => line(24.69, i, 900110 + i)),
      ] as Case['features'],
    };
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { ids } = await load(client, c);
      const hits = await evaluateRules(client, { rules: COVERAGE_RULES });
      const sites = hits.filter((h) => h.rule === 'site_uncovered').map((h) => h.subject_id);
      expect(sites).toContain(ids.get('far'));
      expect(sites).not.toContain(ids.get('near'));
      const far = hits.find((h) => h.rule === 'site_uncovered' && h.subject_id === ids.get('far'));
      expect(far?.figure).toMatchObject({ radiusM: 5000 });
      expect(Number(far?.figure.nearestOrgM)).toBeCloseTo(5100, -1);
      const gaps = hits.filter((h) => h.rule === 'border_gap' && h.subject_id >= 900100);
      expect(gaps.map((h) => [h.subject_id, h.figure.km])).toEqual([[900100, 6]]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
