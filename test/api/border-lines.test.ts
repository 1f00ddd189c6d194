import { VectorTile } from '@mapbox/vector-tile';
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { borderGap, committedBorder, linesOf, outerEdges, samplePoints } from '../../geodata/gaps.ts';
import { distanceM, SegmentIndex, segmentsOf, type XY } from '../../geodata/geometry.ts';
import { outlineFeatures } from '../../web/lib/outlines.ts';
import { databases, openApp } from './harness.ts';

const GOAL_M = 50;
const TIANBAO: XY = [104.87, 22.94];

const border = committedBorder();

/** The tiles at zoom z that the border passes through (sampled every 200 m). */
function borderTiles(z: number, near?: { point: XY; km: number }): [number, number][] {
  const n = 2 ** z;
  const tiles = new Map<string, [number, number]>();
  for (const [lon, lat] of samplePoints(border, 200)) {
    if (near && distanceM([lon, lat], near.point) > near.km * 1000) continue;
    const x = Math.floor(((lon + 180) / 360) * n);
    const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
    tiles.set(`${x}/${y}`, [x, y]);
  }
  return [...tiles.values()];
}

/** The lon/lat box of a tile (its own extent, without the buffer). */
function tileBox(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/**
 * The county lines of a tile that no other county draws too: the outer boundary. Counties are
 * simplified one by one in tiles, so a shared edge is not the same vertices twice; a segment
 * counts as shared when its midpoint lies within `toleranceM` of another county's line.
 */
function unsharedLines(counties: XY[][][], toleranceM: number): XY[][] {
  return counties.flatMap((lines, i) => {
    const others = new SegmentIndex(counties.filter((_, j) => j !== i).flat(), 0.005);
    return lines.flatMap(segmentsOf).filter(([a, b]) => {
      const mid: XY = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      return !others.isWithin(mid, toleranceM);
    });
  });
}

/** Ground size of a tile pixel (1/4096 of a tile) at the border's latitude. */
const tilePixelM = (z: number) => (40_075_016.69 / (4096 * 2 ** z)) * Math.cos((23 * Math.PI) / 180);

for (const db of databases) {
  describe(`the border as served (${db.engine})`, () => {
    const { app, login, call } = openApp(db);

    async function tileLines(layer: string, z: number, x: number, y: number) {
      const res = await app.request(`/tiles/${layer}/${z}/${x}/${y}`, { headers: { cookie: await login('leader') } });
      expect([200, 204]).toContain(res.status);
      const body = new Uint8Array(await res.arrayBuffer());
      const decoded = body.byteLength > 0 ? new VectorTile(new PbfReader(body)).layers[layer] : undefined;
      const byLevel = { border: [] as XY[][], counties: [] as XY[][][], prefecture: [] as XY[][] };
      for (let i = 0; decoded && i < decoded.length; i++) {
        const f = decoded.feature(i);
        const lines = linesOf(f.toGeoJSON(x, y, z).geometry);
        if (layer === 'border') byLevel.border.push(...lines);
        else if (f.properties.level === 'prefecture') byLevel.prefecture.push(...lines);
        else byLevel.counties.push(lines);
      }
      return byLevel;
    }

    /** The largest gap of each layer over the tiles at zoom z, measured inside each tile. */
    async function tileGaps(z: number, near?: { point: XY; km: number }) {
      const worst = { border: 0, county: 0, prefecture: 0 };
      let samples = 0;
      const tiles = borderTiles(z, near);
      for (const [x, y] of tiles) {
        const within = tileBox(z, x, y);
        const [segments, admin] = [await tileLines('border', z, x, y), await tileLines('admin_areas', z, x, y)];
        for (const [level, lines] of [
          ['border', segments.border],
          ['county', unsharedLines(admin.counties, 3 * tilePixelM(z) + 1)],
          ['prefecture', admin.prefecture],
        ] as const) {
          const gap = borderGap(border, lines, { within });
          samples += gap.samples.coverage;
          worst[level] = Math.max(worst[level], gap.maxM);
        }
      }
      return { worst, tiles: tiles.length, samples };
    }

    for (const z of [8, 10, 12]) {
      it(`draws the segments, county and prefecture lines as one border in the z ${z} tiles`, async () => {
        const { worst, tiles, samples } = await tileGaps(z);
        expect(tiles).toBeGreaterThan(z === 8 ? 2 : 5);
        expect(samples).toBeGreaterThan(5_000);
        const limit = z >= 10 ? GOAL_M : 8 * tilePixelM(z);
        expect(worst.border, 'border segments').toBeLessThan(limit);
        expect(worst.county, 'county lines').toBeLessThan(limit);
        expect(worst.prefecture, 'prefecture line').toBeLessThan(limit);
      }, 180_000);
    }

    it('draws them as one border in the z 14 tiles around 天保', async () => {
      const { worst, tiles } = await tileGaps(14, { point: TIANBAO, km: 5 });
      expect(tiles).toBeGreaterThan(2);
      expect(Math.max(worst.border, worst.county, worst.prefecture)).toBeLessThan(GOAL_M);
    }, 60_000);

    it('serves the context layer with the same border (China, Vietnam, 云南省)', async () => {
      const res = await app.request('/tiles/context.geojson', { headers: { cookie: await login('leader') } });
      expect(res.status).toBe(200);
      const fc = (await res.json()) as FeatureCollection<Geometry, { name: string }>;
      for (const name of ['中国', '越南', '云南省']) {
        const f = fc.features.find((c) => c.properties.name === name);
        expect(borderGap(border, linesOf(f?.geometry ?? null)).maxM, name).toBeLessThan(GOAL_M);
      }
    }, 60_000);

    it('serves one label point per context area, inside that area near Wenshan', async () => {
      const cookie = await login('leader');
      const [areas, labels] = await Promise.all(
        ['/tiles/context.geojson', '/tiles/context-labels.geojson'].map((url) =>
          app.request(url, { headers: { cookie } }),
        ),
      );
      expect(labels?.status).toBe(200);
      expect(labels?.headers.get('content-type')).toBe('application/geo+json');
      const fc = (await areas?.json()) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
      const points = (await labels?.json()) as FeatureCollection<Point, { name: string; kind: string }>;
      const named = new Map(points.features.map((f) => [f.properties.name, f]));
      expect(named.size).toBe(points.features.length);
      for (const name of ['中国', '越南', '云南省', '广西壮族自治区', '红河哈尼族彝族自治州', '百色市']) {
        const p = named.get(name);
        const area = fc.features.find((f) => f.properties.name === name);
        expect(p && area && booleanPointInPolygon(p, area), name).toBe(true);
        const [lon = 0, lat = 0] = p?.geometry.coordinates ?? [];
        expect(Math.abs(lon - 104.8) <= 5 && Math.abs(lat - 23.5) <= 3.2, name).toBe(true);
      }
      const etag = labels?.headers.get('etag') ?? '';
      const again = await app.request('/tiles/context-labels.geojson', { headers: { cookie, 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect((await app.request('/tiles/context-labels.geojson')).status).toBe(401);
    }, 60_000);

    it('serves the 1 km segments, the full counties and the county filter outlines on the border', async () => {
      const segments = await call('leader', '/api/border');
      expect(segments.status).toBe(200);
      const segmentLines = (segments.body as FeatureCollection).features.flatMap((f) => linesOf(f.geometry));
      expect(segmentLines.length).toBeGreaterThan(250);
      expect(borderGap(border, segmentLines).maxM).toBeLessThan(1);

      const counties = await call('leader', '/api/admin-areas');
      const countyRings = (counties.body as FeatureCollection<Geometry, { level: string }>).features
        .filter((f) => f.properties.level === 'county')
        .flatMap((f) => linesOf(f.geometry));
      expect(borderGap(border, outerEdges(countyRings)).maxM).toBeLessThan(1);

      const outlines = await app.request('/api/admin-areas/outlines', { headers: { cookie: await login('leader') } });
      expect(outlines.status).toBe(200);
      const fc = outlineFeatures(await outlines.json());
      const outlineRings = fc.features
        .filter((f) => f.properties?.level === 'county')
        .flatMap((f) => linesOf(f.geometry));
      expect(borderGap(border, outerEdges(outlineRings)).maxM).toBeLessThan(GOAL_M);
    }, 60_000);

    it('sends the outlines with an ETag, answers 304 when unchanged, and only to readers', async () => {
      const first = await app.request('/api/admin-areas/outlines', { headers: { cookie: await login('member') } });
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toMatch(/application\/json/);
      const bytes = (await first.arrayBuffer()).byteLength;
      // Issue 16: well under the 60 KB target (the full county shapes are about 290 KB).
      expect(bytes).toBeLessThan(40_000);
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^".+"$/);
      const again = await app.request('/api/admin-areas/outlines', {
        headers: { cookie: await login('member'), 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      const anonymous = await call(null, '/api/admin-areas/outlines');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBeTruthy();
    });
  });
}
