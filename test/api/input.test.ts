import { beforeAll, describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

const square = (lon: number, lat: number, d = 0.01) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

// Bad input gets a clear 4xx and changes nothing.
describe.each(databases)('bad input on $engine', (db) => {
  const { pool, call } = openApp(db);
  let orgId: number;
  let inside: [number, number];
  /** The owner's zone around `inside`, and its kind. */
  let insideZone: number;
  let insideKind: string;
  const zoneCount = async () => (await pool.query('SELECT count(*)::int AS n FROM zone')).rows[0].n as number;

  beforeAll(async () => {
    const { rows } = await pool.query(`
      SELECT u.org_id AS "orgId", z.id AS "zoneId", z.kind,
             ST_X(ST_PointOnSurface(z.geom)) AS lon, ST_Y(ST_PointOnSurface(z.geom)) AS lat
        FROM app_user u JOIN zone z ON z.org_id = u.org_id WHERE u.username = 'secretary' ORDER BY z.id LIMIT 1`);
    orgId = rows[0].orgId;
    inside = [rows[0].lon, rows[0].lat];
    insideZone = rows[0].zoneId;
    insideKind = rows[0].kind;
  });

  it.each(['abc', '-1', '0', '1.5', '1e400', '99999999999999999999'])('rejects id %s with 400', async (id) => {
    const res = await call('leader', `/api/orgs/${id}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/id/);
  });

  it('answers 404 for an id that does not exist', async () => {
    expect((await call('leader', '/api/members/987654321')).status).toBe(404);
  });

  it.each(['1,2,3', '104,23,105,abc', '-200,20,105,24', '104,-95,105,24', '105,24,104,23', '104,23,104,24'])(
    'rejects bbox=%s with 400',
    async (bbox) => {
      const res = await call('leader', `/api/zones?bbox=${bbox}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/bbox/);
    },
  );

  it('filters a collection by a valid bbox', async () => {
    const all = await call('leader', '/api/sites');
    const west = await call('leader', '/api/sites?bbox=103.5,22.5,104.5,24.5');
    expect(west.status).toBe(200);
    expect(west.body.features.length).toBeGreaterThan(0);
    expect(west.body.features.length).toBeLessThan(all.body.features.length);
    for (const f of west.body.features) expect(f.geometry.coordinates[0]).toBeLessThanOrEqual(104.5);
  });

  const post = (body: unknown) => call('secretary', '/api/zones', { method: 'POST', body: JSON.stringify(body) });
  const feature = (geometry: unknown, props: Record<string, unknown> = {}) => ({
    type: 'Feature',
    geometry,
    properties: { name: '测试责任区', kind: 'responsibility', orgId, ...props },
  });

  it.each([
    ['not JSON', '{'],
    ['not a feature', { type: 'Point', coordinates: [104, 23] }],
    ['a point geometry', { type: 'Feature', geometry: { type: 'Point', coordinates: [104, 23] }, properties: {} }],
    ['an open ring', null],
    ['a ring of three positions', null],
    ['a position out of range', null],
    ['an unknown kind', null],
  ])('rejects %s with 400 and writes nothing', async (label, raw) => {
    const before = await zoneCount();
    const body =
      label === 'an open ring'
        ? feature({
            type: 'Polygon',
            coordinates: [
              [
                [104, 23],
                [104.1, 23],
                [104.1, 23.1],
                [104, 23.1],
              ],
            ],
          })
        : label === 'a ring of three positions'
          ? feature({
              type: 'Polygon',
              coordinates: [
                [
                  [104, 23],
                  [104.1, 23],
                  [104, 23],
                ],
              ],
            })
          : label === 'a position out of range'
            ? feature(square(190, 23))
            : label === 'an unknown kind'
              ? feature(square(inside[0], inside[1], 0.001), { kind: 'castle' })
              : raw;
    const res = await call('secretary', '/api/zones', {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(await zoneCount()).toBe(before);
  });

  it('rejects a self-intersecting polygon with 422 and the location', async () => {
    const before = await zoneCount();
    const [x, y] = inside;
    const res = await post(
      feature({
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.01, y + 0.01],
            [x + 0.01, y],
            [x, y + 0.01],
            [x, y],
          ],
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_geometry');
    expect(res.body.error.message).toMatch(/self-intersection/i);
    expect(res.body.error.location.type).toBe('Point');
    // ST_MakeValid's repair is offered, not applied.
    expect(res.body.error.suggestion.type).toBe('MultiPolygon');
    expect(res.body.error.suggestion.coordinates.length).toBe(2);
    expect(await zoneCount()).toBe(before);
  });

  it('refuses a zone smaller than the smallest area, with its area', async () => {
    const before = await zoneCount();
    // About 5 m × 5 m: a slip of the mouse.
    const res = await post(feature(square(inside[0], inside[1], 0.00005), { kind: 'grid' }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('area_out_of_range');
    expect(await zoneCount()).toBe(before);
  });

  it("allows a few metres' digitising slack at the county line, and refuses more", async () => {
    // A disk of 300 m on the owner's county line, cut to the county grown by 2 m and by 40 m.
    const { rows } = await pool.query(
      `WITH c AS (SELECT a.geom FROM admin_area a JOIN org o ON o.county_code = a.code WHERE o.id = $1),
            p AS (SELECT ST_PointN(ST_ExteriorRing(ST_GeometryN(c.geom, 1)), 1) AS pt FROM c)
       SELECT ST_AsGeoJSON(ST_Intersection(ST_Buffer(p.pt::geography, 300)::geometry,
                                           ST_Buffer(c.geom::geography, 2)::geometry), 9)::json AS slack,
              ST_AsGeoJSON(ST_Intersection(ST_Buffer(p.pt::geography, 300)::geometry,
                                           ST_Buffer(c.geom::geography, 40)::geometry), 9)::json AS out
         FROM c, p`,
      [orgId],
    );
    const before = await zoneCount();
    const out = await post(feature(rows[0].out, { kind: 'grid', name: '越界网格' }));
    expect(out.status).toBe(422);
    expect(out.body.error.code).toBe('outside_county');
    expect(await zoneCount()).toBe(before);
    const slack = await post(feature(rows[0].slack, { kind: 'grid', name: '贴界网格' }));
    expect(slack.status, JSON.stringify(slack.body)).toBe(201);
    await pool.query('DELETE FROM zone WHERE id = $1', [slack.body.id]);
  });

  it("rejects a zone outside its owner's county, and one overlapping the owner's zone", async () => {
    const before = await zoneCount();
    const outside = await post(feature(square(104.2, 24.0)));
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('outside_county');
    const overlap = await post(feature(square(inside[0] - 0.001, inside[1] - 0.001, 0.002), { kind: insideKind }));
    expect(overlap.status).toBe(422);
    expect(overlap.body.error.code).toBe('overlap');
    expect(await zoneCount()).toBe(before);
  });

  it("lets zones of another kind overlap the owner's zone (a grid cell over a responsibility zone)", async () => {
    const other = insideKind === 'grid' ? 'responsibility' : 'grid';
    const res = await post(feature(square(inside[0] - 0.001, inside[1] - 0.001, 0.002), { kind: other }));
    // Another zone of that kind may lie there too; never an overlap with the zone of `insideKind`.
    if (res.status === 422) expect(res.body.error.message).not.toContain(`zone ${insideZone} `);
    else expect(res.status).toBe(201);
    if (res.status === 201) await pool.query('DELETE FROM zone WHERE id = $1', [res.body.id]);
  });

  it("refuses a zone for an organisation outside the secretary's scope", async () => {
    const res = await post(feature(square(inside[0], inside[1], 0.001), { orgId: 1 }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('owner_out_of_scope');
  });

  it('refuses zone writes for the member role', async () => {
    const res = await call('member', '/api/zones', { method: 'POST', body: JSON.stringify(feature(square(104, 23))) });
    expect(res.status).toBe(403);
  });

  it('creates a valid zone with its first version, then it is visible', async () => {
    const { rows } = await pool.query(`
      SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (
        SELECT ST_Centroid(geom) AS c FROM admin_area WHERE code = '532624') x`);
    // Find a small free square near the county centre that avoids the owner's zones.
    let created: { status: number; body: { id: number; version: number } } | undefined;
    for (let i = 0; i < 40 && created?.status !== 201; i++) {
      const lon = rows[0].lon + (i % 7) * 0.02 - 0.06;
      const lat = rows[0].lat + Math.floor(i / 7) * 0.02 - 0.06;
      created = await post(feature(square(lon, lat, 0.003), { name: `测试责任区${i}` }));
    }
    expect(created?.status).toBe(201);
    const id = created!.body.id;
    expect(created!.body.version).toBe(1);
    const got = await call('secretary', `/api/zones/${id}`);
    expect(got.body.areaKm2).toBeGreaterThan(0.05);
    const versions = await pool.query('SELECT count(*)::int AS n FROM zone_version WHERE zone_id = $1', [id]);
    expect(versions.rows[0].n).toBe(1);
    await pool.query('DELETE FROM zone WHERE id = $1', [id]);
  });

  // Unbounded requests once froze the server (a 47 MB zone took 118 s while /api/health timed out).
  it('refuses oversized bodies and polygons before they reach the database', async () => {
    const before = await zoneCount();
    const login = await call(null, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'leader', password: 'x'.repeat(50_000) }),
    });
    expect([login.status, login.body.error.code]).toEqual([413, 'payload_too_large']);
    // 11,000 positions on a circle: a valid ring, but more vertices than any real zone needs.
    const ring = Array.from({ length: 11_000 }, (_, i) => {
      const a = (2 * Math.PI * i) / 11_000;
      return [inside[0] + 0.001 * Math.cos(a), inside[1] + 0.001 * Math.sin(a)];
    });
    ring.push(ring[0] as number[]);
    const big = await post(feature({ type: 'Polygon', coordinates: [ring] }, { name: '超大责任区' }));
    expect([big.status, big.body.error.code]).toEqual([413, 'too_many_vertices']);
    expect(big.body.error.message).toMatch(/at most 10000/);
    // A million-vertex area query is cut off at the body limit, unread.
    const huge = `{"geometry":{"type":"Polygon","coordinates":[[${'[104.3,23.3],'.repeat(1_000_000)}[104.3,23.3]]]},"from":"2026-10-01T00:00:00Z","to":"2026-10-02T00:00:00Z"}`;
    const area = await call('member', '/api/positions/area-query', { method: 'POST', body: huge });
    expect([area.status, area.body.error.code]).toEqual([413, 'payload_too_large']);
    expect(await zoneCount()).toBe(before);
    expect((await call(null, '/api/health')).status).toBe(200);
  });

  it('answers text with a NUL byte with 400, wherever it comes in', async () => {
    const search = await call('leader', '/api/search?q=%E5%A4%A9%00');
    expect([search.status, search.body.error.code]).toEqual([400, 'invalid_request']);
    const login = await call(null, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'lea\u0000der', password: 'redmap-demo' }),
    });
    expect(login.status).toBe(400);
    const before = await zoneCount();
    const { rows } = await pool.query(`
      SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (
        SELECT ST_Centroid(geom) AS c FROM admin_area WHERE code = '532624') x`);
    // The name is only written once the geometry passed: find a free square as the zone tests do.
    let zone = { status: 422 };
    for (let i = 0; i < 40 && zone.status === 422; i++) {
      const lon = rows[0].lon + (i % 7) * 0.02 - 0.04;
      const lat = rows[0].lat + Math.floor(i / 7) * 0.02 - 0.04;
      zone = await post(feature(square(lon, lat, 0.003), { name: '责任区\u0000' }));
    }
    expect(zone.status).toBe(400);
    expect(await zoneCount()).toBe(before);
  });

  // One rule for a third coordinate (altitude, as GPS and KML tools write it): accepted and
  // dropped at the edge, so the geometry reaches SQL in 2D. Once a 500 from the 2D column.
  it('takes a zone whose positions carry altitudes, and stores it in 2D', async () => {
    const { rows } = await pool.query(`
      SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (
        SELECT ST_Centroid(geom) AS c FROM admin_area WHERE code = '532624') x`);
    let created: { status: number; body: { id: number } } | undefined;
    for (let i = 0; i < 40 && created?.status !== 201; i++) {
      const flat = square(rows[0].lon + (i % 7) * 0.02 - 0.05, rows[0].lat + Math.floor(i / 7) * 0.02 - 0.05, 0.003);
      const withAltitude = { ...flat, coordinates: [flat.coordinates[0]!.map(([x, y], k) => [x, y, 1200 + k])] };
      created = await post(feature(withAltitude, { name: `高程责任区${i}` }));
      expect([201, 422]).toContain(created.status); // 422 only for an overlap with the owner's zones
    }
    expect(created?.status).toBe(201);
    const id = created!.body.id;
    const stored = await pool.query('SELECT ST_NDims(geom) AS dims FROM zone WHERE id = $1', [id]);
    expect(stored.rows[0].dims).toBe(2);
    await pool.query('DELETE FROM zone WHERE id = $1', [id]);
  });
});
