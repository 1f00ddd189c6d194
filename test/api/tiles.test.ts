import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { findLayer, tileQuery } from '../../tiles/catalogue.ts';
import { buildTile, EXTENT } from '../../tiles/encode.ts';
import { databases, openApp } from './harness.ts';

/** The XYZ tile holding lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)];
}

interface Decoded {
  id: number | undefined;
  type: number;
  properties: Record<string, unknown>;
  rings: [number, number][][];
}

function decode(body: Uint8Array | ArrayBuffer, layer: string): Decoded[] {
  const tile = new VectorTile(new PbfReader(body instanceof Uint8Array ? body : new Uint8Array(body)));
  const l = tile.layers[layer];
  if (!l) return [];
  expect(l.extent).toBe(EXTENT);
  const out: Decoded[] = [];
  for (let i = 0; i < l.length; i++) {
    const f: VectorTileFeature = l.feature(i);
    out.push({
      id: f.id,
      type: f.type,
      properties: { ...f.properties },
      rings: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y] as [number, number])),
    });
  }
  return out.sort(
    (a, b) => (a.id ?? 0) - (b.id ?? 0) || JSON.stringify(a.rings).localeCompare(JSON.stringify(b.rings)),
  );
}

/** Shoelace area of a ring in tile pixels; positive means clockwise on screen (y down). */
function ringArea(ring: [number, number][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    a += (xj - xi) * (yi + yj);
  }
  return a / 2;
}

function bounds(rings: [number, number][][]): [number, number, number, number] {
  const pts = rings.flat();
  return [
    Math.min(...pts.map((p) => p[0])),
    Math.min(...pts.map((p) => p[1])),
    Math.max(...pts.map((p) => p[0])),
    Math.max(...pts.map((p) => p[1])),
  ];
}

describe.each(databases)('vector tiles on $engine', (db) => {
  const { app, pool, login, call } = openApp(db);
  let committee: { id: number; name: string; lon: number; lat: number };

  async function tile(user: string, path: string, headers: Record<string, string> = {}) {
    const res = await app.request(path, { headers: { cookie: await login(user), ...headers } });
    return { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    const { rows } = await pool.query(
      `SELECT id, name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM org WHERE kind = 'committee'`,
    );
    committee = rows[0];
  });

  // TileJSON once copied the request's Host header into its tile URLs.
  it('addresses tiles relative to the server, or on PUBLIC_URL, never on the Host header', async () => {
    const forged = await app.request('/tiles/zones.json', {
      headers: { cookie: await login('leader'), host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    const relative = (await forged.json()).tiles[0];
    expect(relative).toBe('/tiles/zones/{z}/{x}/{y}');
    const configured = createApp({
      pool,
      engine: db.engine,
      capabilities: db.capabilities,
      sessionHours: 1,
      secureCookies: false,
      publicUrl: 'https://redmap.example.cn/',
    });
    const res = await configured.request('/tiles', {
      headers: { cookie: await login('leader'), host: 'evil.example' },
    });
    const layers = (await res.json()).layers as { tiles: string[] }[];
    for (const l of layers) expect(l.tiles[0]).toMatch(/^https:\/\/redmap\.example\.cn\/tiles\//);
  });

  it('lists the layers with TileJSON for each', async () => {
    const index = await call('leader', '/tiles/index.json');
    expect(index.status).toBe(200);
    const ids = index.body.layers.map((l: { id: string }) => l.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'admin_areas',
        'admin_labels',
        'border',
        'orgs',
        'zones',
        'joint_points',
        'sites',
        'members',
      ]),
    );
    const zones = await call('leader', '/tiles/zones.json');
    expect(zones.body).toMatchObject({ tilejson: '3.0.0', minzoom: 0, maxzoom: 16, scope: 'scoped' });
    expect(zones.body.tiles[0]).toMatch(/\/tiles\/zones\/\{z\}\/\{x\}\/\{y\}$/);
    expect(zones.body.vector_layers[0].fields).toMatchObject({ name: 'String', kind: 'String' });
    const [w, s, e, n] = zones.body.bounds;
    expect(w).toBeGreaterThan(103);
    expect(e).toBeLessThan(107);
    expect(s).toBeGreaterThan(22);
    expect(n).toBeLessThan(25);
    expect((await call('leader', '/tiles/nope.json')).status).toBe(404);
  });

  it('puts the committee in its org tile at zooms 8, 11 and 14', async () => {
    for (const z of [8, 11, 14]) {
      const [, x, y] = tileOf(committee.lon, committee.lat, z);
      const res = await tile('leader', `/tiles/orgs/${z}/${x}/${y}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
      const hit = decode(res.body, 'orgs').find((f) => f.id === committee.id);
      expect(hit?.properties).toMatchObject({ id: committee.id, name: committee.name, kind: 'committee' });
      // The point lands where Web Mercator says it should, to the pixel.
      const n = 2 ** z;
      const px = (((committee.lon + 180) / 360) * n - x) * EXTENT;
      const r = (committee.lat * Math.PI) / 180;
      const py = (((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n - y) * EXTENT;
      expect(Math.abs((hit?.rings[0]?.[0]?.[0] ?? -1) - px)).toBeLessThanOrEqual(1);
      expect(Math.abs((hit?.rings[0]?.[0]?.[1] ?? -1) - py)).toBeLessThanOrEqual(1);
    }
  });

  it('serves every org, zone and joint point of the prefecture across the z 7 tiles', async () => {
    const seen = { orgs: new Set<number>(), zones: new Set<number>(), joint_points: new Set<number>() };
    // Wenshan spans 103.6–106.2°E, 22.6–24.5°N: tiles x 100–101, y 55–56 at z 7.
    for (const x of [100, 101]) {
      for (const y of [55, 56]) {
        for (const layer of ['orgs', 'zones', 'joint_points'] as const) {
          const res = await tile('leader', `/tiles/${layer}/7/${x}/${y}`);
          if (res.status === 204) continue;
          for (const f of decode(res.body, layer)) seen[layer].add(f.id as number);
        }
      }
    }
    const { rows } = await pool.query(`
      SELECT (SELECT count(*) FROM org WHERE geom IS NOT NULL)::int AS orgs,
             (SELECT count(*) FROM zone)::int AS zones, (SELECT count(*) FROM joint_point)::int AS joint_points`);
    expect(seen.orgs.size).toBe(rows[0].orgs);
    expect(seen.zones.size).toBe(71);
    expect(seen.joint_points.size).toBe(34);
  });

  it('clips polygons at the tile edge, within the buffer, exterior rings clockwise', async () => {
    // The first tile, from z 10 down, that lies wholly inside 麻栗坡县, so the county runs past all four edges.
    const { rows } = await pool.query(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_area WHERE code = '532624') x`,
    );
    let [z, x, y] = tileOf(rows[0].lon, rows[0].lat, 10);
    for (; z <= 14; [z, x, y] = tileOf(rows[0].lon, rows[0].lat, z + 1)) {
      const inside = await pool.query(
        `SELECT ST_Contains(geom, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326)) AS ok
           FROM admin_area WHERE code = '532624'`,
        [z, x, y],
      );
      if (inside.rows[0].ok) break;
    }
    expect(z).toBeLessThanOrEqual(14);
    const res = await tile('leader', `/tiles/admin_areas/${z}/${x}/${y}`);
    const county = decode(res.body, 'admin_areas').find((f) => f.properties.code === '532624');
    expect(county?.type).toBe(3);
    const [minX, minY, maxX, maxY] = bounds(county?.rings ?? []);
    expect(minX).toBeGreaterThanOrEqual(-64);
    expect(minY).toBeGreaterThanOrEqual(-64);
    expect(maxX).toBeLessThanOrEqual(EXTENT + 64);
    expect(maxY).toBeLessThanOrEqual(EXTENT + 64);
    // It is cut at the buffer on every side, not at the data's own outline.
    expect([minX, minY, maxX, maxY]).toEqual([-64, -64, EXTENT + 64, EXTENT + 64]);
    expect(ringArea(county?.rings[0] ?? [])).toBeGreaterThan(0);
  });

  it('answers an empty tile with 204 and bad coordinates with 400', async () => {
    expect((await tile('leader', '/tiles/orgs/10/300/400')).status).toBe(204);
    for (const bad of ['orgs/99/0/0', 'orgs/3/8/0', 'orgs/3/0/8', 'orgs/-1/0/0', 'orgs/a/b/c', 'orgs/3/0/1.png']) {
      const res = await call('leader', `/tiles/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('bad_tile');
    }
    expect((await call('leader', '/tiles/people/3/0/0')).status).toBe(404);
    expect((await call(null, '/tiles/orgs/3/0/0')).status).toBe(401);
  });

  it("keeps another branch's members out of the secretary's position tiles", async () => {
    const { rows } = await pool.query(`
      SELECT m.id, ST_X(d.last_geom) AS lon, ST_Y(d.last_geom) AS lat
        FROM device d JOIN member m ON m.id = d.member_id JOIN org o ON o.id = m.org_id
       WHERE NOT o.path <@ (SELECT o2.path FROM app_user u JOIN org o2 ON o2.id = u.org_id WHERE u.username = 'secretary')
       ORDER BY m.id LIMIT 1`);
    const other = rows[0];
    const [z, x, y] = tileOf(other.lon, other.lat, 14);
    const leader = await tile('leader', `/tiles/members/${z}/${x}/${y}`);
    expect(decode(leader.body, 'members').map((f) => f.id)).toContain(other.id);
    const secretary = await tile('secretary', `/tiles/members/${z}/${x}/${y}`);
    expect(decode(secretary.body, 'members').map((f) => f.id)).not.toContain(other.id);
    // Reading positions is audited, in batches written within a second.
    const audited = async () => {
      const { rows: n } = await pool.query(
        `SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.user_id
          WHERE u.username = 'secretary' AND a.action = 'read_tile' AND a.detail->>'z' = $1 AND a.detail->>'x' = $2`,
        [String(z), String(x)],
      );
      return n[0].n;
    };
    await expect.poll(audited, { timeout: 5_000 }).toBeGreaterThan(0);
  });

  it('aggregates member positions below z 12 into counted cells', async () => {
    const [z, x, y] = tileOf(committee.lon, committee.lat, 8);
    const res = await tile('leader', `/tiles/members/${z}/${x}/${y}`);
    const cells = decode(res.body, 'members');
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.id === undefined && c.properties.cluster === true)).toBe(true);
    // Every visible fix inside the tile is counted exactly once.
    const { rows } = await pool.query(
      `SELECT count(DISTINCT d.member_id)::int AS n FROM device d
        WHERE d.last_geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)
          AND ST_Intersects(ST_Transform(d.last_geom, 3857), ST_TileEnvelope($1, $2, $3))`,
      [z, x, y],
    );
    const total = cells.reduce((s, c) => s + (c.properties.count as number), 0);
    expect(Math.abs(total - rows[0].n)).toBeLessThanOrEqual(1); // a fix exactly on an edge
  });

  it('caches public tiles with an ETag and invalidates them when the layer changes', async () => {
    const [z, x, y] = tileOf(committee.lon, committee.lat, 9);
    const path = `/tiles/admin_labels/${z}/${x}/${y}`;
    const first = await tile('leader', path);
    const etag = first.headers.get('etag') ?? '';
    expect(first.headers.get('cache-control')).toMatch(/public/);
    expect((await tile('leader', path, { 'if-none-match': etag })).status).toBe(304);

    const { rows } = await pool.query(
      `SELECT code, name FROM admin_area WHERE level = 'county' AND ST_PointOnSurface(geom) && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326) LIMIT 1`,
      [z, x, y],
    );
    const county = rows[0];
    try {
      await pool.query(`UPDATE admin_area SET name = name || '（测试）' WHERE code = $1`, [county.code]);
      const changed = await tile('leader', path, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      const names = decode(changed.body, 'admin_labels').map((f) => f.properties.name);
      expect(names).toContain(`${county.name}（测试）`);
    } finally {
      await pool.query(`UPDATE admin_area SET name = $2 WHERE code = $1`, [county.code, county.name]);
    }
    const restored = await tile('leader', path);
    expect(decode(restored.body, 'admin_labels').map((f) => f.properties.name)).toContain(county.name);
  });

  it('gives scoped tiles a private ETag and 304 on a match', async () => {
    const [z, x, y] = tileOf(committee.lon, committee.lat, 8);
    const first = await tile('leader', `/tiles/zones/${z}/${x}/${y}`);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const again = await tile('leader', `/tiles/zones/${z}/${x}/${y}`, {
      'if-none-match': first.headers.get('etag') ?? '',
    });
    expect(again.status).toBe(304);
  });

  it('caches scoped tiles per scope and drops them when their table changes', async () => {
    // A zone outside the secretary's subtree, and the z 10 tile it lies in.
    const { rows } = await pool.query(
      `SELECT z.id, z.name, ST_X(ST_PointOnSurface(z.geom)) AS lon, ST_Y(ST_PointOnSurface(z.geom)) AS lat
         FROM zone z JOIN org o ON o.id = z.org_id
        WHERE NOT o.path <@ (SELECT o2.path FROM app_user u JOIN org o2 ON o2.id = u.org_id WHERE u.username = 'secretary')
        ORDER BY z.id LIMIT 1`,
    );
    const other = rows[0];
    const path = `/tiles/zones/${tileOf(other.lon, other.lat, 10).join('/')}`;
    const ids = (r: { body: Uint8Array }) => decode(r.body, 'zones').map((f) => f.id);

    // The leader's tile is cached first; the secretary must not be served it.
    const leader = await tile('leader', path);
    expect(ids(leader)).toContain(other.id);
    const secretary = await tile('secretary', path);
    expect(secretary.status === 204 || !ids(secretary).includes(other.id)).toBe(true);
    expect(secretary.headers.get('etag')).not.toBe(leader.headers.get('etag'));

    const etag = leader.headers.get('etag') ?? '';
    expect((await tile('leader', path, { 'if-none-match': etag })).status).toBe(304);
    try {
      await pool.query(`UPDATE zone SET name = name || '（测试）' WHERE id = $1`, [other.id]);
      const changed = await tile('leader', path, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      const names = decode(changed.body, 'zones').map((f) => f.properties.name);
      expect(names).toContain(`${other.name}（测试）`);
    } finally {
      await pool.query(`UPDATE zone SET name = $2 WHERE id = $1`, [other.id, other.name]);
    }
  });

  // Both encoders on the same data: only a PostGIS built with protobuf-c (the server; PGlite's
  // lacks it) has ST_AsMVT to compare against.
  it.runIf(db.capabilities.mvt)('gives the same decoded features from ST_AsMVT and the JS encoder', async () => {
    const cases: [string, number][] = [
      ['admin_areas', 7],
      ['admin_areas', 10],
      ['admin_labels', 8],
      ['border', 8],
      ['border', 12],
      ['zones', 9],
      ['zones', 13],
      ['orgs', 8],
      ['orgs', 14],
      ['joint_points', 11],
      ['sites', 8],
      ['sites', 13],
      ['members', 9],
      ['members', 14],
    ];
    const { rows } = await pool.query(`SELECT o.path::text AS root FROM org o WHERE o.kind = 'committee'`);
    let compared = 0;
    for (const [id, z] of cases) {
      const layer = findLayer(id);
      if (!layer) throw new Error(id);
      const q = tileQuery(layer, z);
      const [, x, y] = tileOf(committee.lon + 0.3, committee.lat - 0.2, z);
      const params = layer.scope === 'public' ? [z, x, y] : [rows[0].root, null, z, x, y];
      const viaPostgis = decode(await buildTile(pool, 'postgis', q, params), id);
      const viaJs = decode(await buildTile(pool, 'js', q, params), id);
      expect(viaJs.length, `${id} z${z}`).toBe(viaPostgis.length);
      viaJs.forEach((js, i) => {
        const pg = viaPostgis[i] as Decoded;
        expect(js.id, `${id} z${z}`).toBe(pg.id);
        expect(js.type).toBe(pg.type);
        expect(js.properties).toEqual(pg.properties);
        if (js.type === 1) {
          expect(js.rings).toEqual(pg.rings);
        } else {
          // Both snap to the same integer grid; they may differ in which collinear vertices survive.
          const [a, b] = [bounds(js.rings), bounds(pg.rings)];
          for (const [k, v] of a.entries()) {
            expect(Math.abs(v - (b[k] as number)), `${id} z${z} bounds`).toBeLessThanOrEqual(1);
          }
          if (js.type === 3) {
            const area = (f: Decoded) => f.rings.reduce((s, r) => s + ringArea(r), 0);
            expect(Math.abs(area(js) - area(pg)) / Math.max(1, Math.abs(area(pg)))).toBeLessThan(0.01);
            expect(Math.sign(ringArea(js.rings[0] ?? []))).toBe(Math.sign(ringArea(pg.rings[0] ?? [])));
          }
        }
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(50);
  });
});
