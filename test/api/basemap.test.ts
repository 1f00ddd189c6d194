import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import pg from 'pg';
import { PMTiles, type RangeResponse, type Source, TileType } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { DEMO_PASSWORD } from '../../geodata/demo/accounts.ts';
import { type BasemapArchive, BasemapError, openBasemapArchive } from '../../tiles/basemap/archive.ts';
import { AREA, LAYERS, MAX_ZOOM, METADATA, MIN_ZOOM, writeAreaArchive } from '../fixtures/basemap/area.ts';
import { writePmtiles } from '../fixtures/basemap/pmtiles.ts';
import { databases, openApp } from './harness.ts';

// The base-map archive of BASEMAP_PMTILES: a small PMTiles v3 archive that this file builds
// (test/fixtures/basemap), served by the real app over each test database (sessions are checked).

const dir = mkdtempSync(path.join(tmpdir(), 'redmap-basemap-'));
const file = path.join(dir, 'area.pmtiles');
const written = writeAreaArchive(file);
const bytes = Buffer.from(written.bytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pmtiles Source over bytes in memory: the reference read of what the writer wrote. */
function memorySource(data: Uint8Array): Source {
  return {
    getKey: () => 'memory',
    getBytes: async (offset, length): Promise<RangeResponse> => ({
      data: data.slice(offset, offset + length).buffer as ArrayBuffer,
    }),
  };
}

function layerNames(tile: Uint8Array): string[] {
  return Object.keys(new VectorTile(new PbfReader(tile)).layers).sort();
}

describe('the test archive', () => {
  it('reads back with the pmtiles library: header, metadata and every tile', async () => {
    const reader = new PMTiles(memorySource(written.bytes));
    const header = await reader.getHeader();
    expect(header).toMatchObject({ specVersion: 3, tileType: TileType.Mvt, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM });
    expect([header.minLon, header.minLat, header.maxLon, header.maxLat]).toEqual(AREA);
    expect(header.numAddressedTiles).toBe(written.tiles.size);
    // Identical tiles (earth only) are stored once and run together.
    expect(header.numTileContents).toBeLessThan(written.tiles.size);
    expect(await reader.getMetadata()).toEqual(METADATA);
    for (const t of written.tiles.values()) {
      const got = await reader.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(got?.data ?? new ArrayBuffer(0)).equals(Buffer.from(t.data))).toBe(true);
    }
    expect(await reader.getZxy(12, 0, 0)).toBeUndefined();
  });

  it('holds the Protomaps layers the style draws around 天保 at z 12', () => {
    const [lon, lat] = [104.836, 22.958];
    const n = 2 ** 12;
    const x = Math.floor(((lon + 180) / 360) * n);
    const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
    const tile = written.tiles.get(`12/${x}/${y}`);
    expect(tile).toBeDefined();
    expect(layerNames(tile?.data ?? new Uint8Array())).toEqual(
      expect.arrayContaining(['earth', 'landuse', 'places', 'roads', 'water']),
    );
    // pois start at z 13, as in Protomaps tiles.
    expect(layerNames(tile?.data ?? new Uint8Array())).not.toContain('pois');
  });
});

describe('opening BASEMAP_PMTILES', () => {
  it('opens the archive and says what it is', async () => {
    const archive = await openBasemapArchive(file);
    expect(archive.format).toBe('vector');
    // What the page is told: the style draws only the source-layers listed.
    expect(archive.page).toEqual({ tilejson: '/tiles/basemap.json', format: 'vector', layers: Object.keys(LAYERS) });
    expect(archive.tileJson('')).toMatchObject({
      tilejson: '3.0.0',
      tiles: ['/tiles/basemap/{z}/{x}/{y}'],
      minzoom: MIN_ZOOM,
      maxzoom: MAX_ZOOM,
      bounds: AREA,
      // Only the text of the metadata's markup: no link, no image that would fetch from elsewhere.
      attribution: '© OpenStreetMap contributors',
    });
  });

  it('refuses files it cannot draw, saying why', async () => {
    const refused = async (name: string, content: Uint8Array | string) => {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return openBasemapArchive(p).then(
        () => 'opened',
        (e: Error) => (e instanceof BasemapError ? e.message : `unexpected ${e}`),
      );
    };
    expect(await refused('area.mbtiles', 'SQLite format 3\0')).toMatch(/MBTiles.*pmtiles convert/);
    expect(await refused('not.pmtiles', 'hello, world')).toMatch(/not a PMTiles v3 archive/);
    expect(await openBasemapArchive(path.join(dir, 'missing.pmtiles')).catch((e: Error) => e.message)).toMatch(
      /no such file/,
    );
    // Vector tiles of another schema (OpenMapTiles) would draw nothing with the Protomaps style.
    const omt = writePmtiles([{ z: 0, x: 0, y: 0, data: new Uint8Array([0x1a, 0x00]) }], {
      tileType: TileType.Mvt,
      metadata: { vector_layers: [{ id: 'transportation' }, { id: 'waterway' }] },
      bounds: [-180, -85, 180, 85],
      center: [0, 0, 0],
    });
    expect(await refused('omt.pmtiles', omt)).toMatch(/transportation, waterway.*not the Protomaps basemap schema/);
    const avif = writePmtiles([{ z: 0, x: 0, y: 0, data: new Uint8Array([1]) }], {
      tileType: TileType.Avif,
      metadata: {},
      bounds: [-180, -85, 180, 85],
      center: [0, 0, 0],
    });
    expect(await refused('avif.pmtiles', avif)).toMatch(/tile type Avif is not supported/);
  });
});

describe.each(databases)('the base-map archive served on $engine', (db) => {
  let archive: BasemapArchive;
  let app: ReturnType<typeof createApp>;
  let cookie = '';
  const pool = new pg.Pool(db.poolConfig);
  afterAll(() => pool.end());

  beforeAll(async () => {
    archive = await openBasemapArchive(file);
    app = createApp({
      pool,
      engine: db.engine,
      capabilities: db.capabilities,
      sessionHours: 1,
      secureCookies: false,
      basemap: archive,
    });
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'member', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });

  const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
    app.request(url, { method, headers: { cookie, ...headers } });
  const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

  it('needs a session, like every tile route', async () => {
    for (const url of ['/tiles/basemap.json', '/tiles/basemap.pmtiles', '/tiles/basemap/12/3289/1790']) {
      expect((await app.request(url)).status).toBe(401);
    }
  });

  it('answers the TileJSON the style names', async () => {
    const res = await get('/tiles/basemap.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(archive.tileJson(''));
  });

  it('serves the first bytes, a middle range and a suffix with 206 and Content-Range', async () => {
    const size = bytes.byteLength;
    const first = await get('/tiles/basemap.pmtiles', { range: 'bytes=0-126' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-126/${size}`);
    expect(first.headers.get('content-length')).toBe('127');
    expect(first.headers.get('accept-ranges')).toBe('bytes');
    expect(first.headers.get('content-type')).toBe('application/vnd.pmtiles');
    const header = await body(first);
    expect(header.subarray(0, 7).toString('latin1')).toBe('PMTiles');
    expect(header.equals(bytes.subarray(0, 127))).toBe(true);

    const middle = await get('/tiles/basemap.pmtiles', { range: 'bytes=1000-4999' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000-4999/${size}`);
    expect((await body(middle)).equals(bytes.subarray(1000, 5000))).toBe(true);

    const suffix = await get('/tiles/basemap.pmtiles', { range: 'bytes=-300' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 300}-${size - 1}/${size}`);
    expect((await body(suffix)).equals(bytes.subarray(size - 300))).toBe(true);

    // Open-ended, and a last byte past the end: clipped to the file (a PMTiles reader asks for
    // 16 KiB at offset 0 whatever the archive's size).
    const open = await get('/tiles/basemap.pmtiles', { range: `bytes=${size - 10}-` });
    expect((await body(open)).equals(bytes.subarray(size - 10))).toBe(true);
    const clipped = await get('/tiles/basemap.pmtiles', { range: `bytes=${size - 100}-${size + 16_383}` });
    expect(clipped.status).toBe(206);
    expect(clipped.headers.get('content-range')).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
    expect((await body(clipped)).equals(bytes.subarray(size - 100))).toBe(true);
  });

  it('refuses ranges it cannot serve with 416, Content-Range */size and a JSON error', async () => {
    const size = bytes.byteLength;
    for (const range of [
      `bytes=${size}-`,
      `bytes=${size + 5}-${size + 10}`,
      'bytes=-0',
      'bytes=9-3',
      'bytes=0-1,5-6',
      'items=0-5',
      'bytes=abc',
    ]) {
      const res = await get('/tiles/basemap.pmtiles', { range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range'), range).toBe(`bytes */${size}`);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('range_not_satisfiable');
      expect(json.error.message.length).toBeGreaterThan(0);
    }
  });

  it('answers HEAD and whole-file GETs with the size, ETag and Last-Modified; revalidates', async () => {
    const head = await get('/tiles/basemap.pmtiles', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const etag = head.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(head.headers.get('last-modified') ?? '').getTime()).toBeGreaterThan(0);

    const whole = await get('/tiles/basemap.pmtiles');
    expect(whole.status).toBe(200);
    expect((await body(whole)).equals(bytes)).toBe(true);

    expect((await get('/tiles/basemap.pmtiles', { 'if-none-match': etag })).status).toBe(304);
    // If-Range with another version: the whole file, never a splice of two versions.
    const stale = await get('/tiles/basemap.pmtiles', { range: 'bytes=0-9', 'if-range': '"0-0"' });
    expect(stale.status).toBe(200);
    expect((await body(stale)).byteLength).toBe(bytes.byteLength);
    const fresh = await get('/tiles/basemap.pmtiles', { range: 'bytes=0-9', 'if-range': etag });
    expect(fresh.status).toBe(206);
  });

  it('serves no other file, whatever the path says', async () => {
    for (const url of [
      '/tiles/basemap.pmtiles/../../../etc/passwd',
      '/tiles/basemap/..%2f..%2f..%2fetc%2fpasswd',
      '/tiles/%2e%2e/%2e%2e/package.json',
      '/tiles/basemap.pmtiles%00.json',
      '/tiles/area.pmtiles',
    ]) {
      const res = await get(url);
      const text = await res.text();
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(text, url).not.toContain('root:');
      expect(text, url).not.toContain('"name": "redmap"');
      expect(text.startsWith('PMTiles'), url).toBe(false);
    }
  });

  it('serves every tile of the archive as written, decompressed, and 204 where it has none', async () => {
    for (const t of written.tiles.values()) {
      const res = await get(`/tiles/basemap/${t.z}/${t.x}/${t.y}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
      expect((await body(res)).equals(Buffer.from(t.data))).toBe(true);
    }
    const empty = await get('/tiles/basemap/12/0/0');
    expect(empty.status).toBe(204);
    const some = [...written.tiles.values()][0];
    const first = await get(`/tiles/basemap/${some?.z}/${some?.x}/${some?.y}`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    expect((await get(`/tiles/basemap/${some?.z}/${some?.x}/${some?.y}`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('answers bad tile addresses with 400 and a JSON error', async () => {
    for (const url of [
      '/tiles/basemap/14/0/0',
      '/tiles/basemap/4/0/0',
      '/tiles/basemap/12/4096/0',
      '/tiles/basemap/a/b/c',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_tile');
    }
  });

  it('reads through the range route with the pmtiles library as it was written', async () => {
    // The library's own HTTP reading (FetchSource's requests), sent to the app instead of a socket.
    const viaApp: Source = {
      getKey: () => 'app',
      async getBytes(offset, length) {
        const res = await get('/tiles/basemap.pmtiles', { range: `bytes=${offset}-${offset + length - 1}` });
        expect(res.status).toBe(206);
        return { data: await res.arrayBuffer(), etag: res.headers.get('etag') ?? undefined };
      },
    };
    const reader = new PMTiles(viaApp);
    expect(await reader.getMetadata()).toEqual(METADATA);
    for (const t of [...written.tiles.values()].filter((_, i) => i % 7 === 0)) {
      const got = await reader.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(got?.data ?? new ArrayBuffer(0)).equals(Buffer.from(t.data))).toBe(true);
    }
  });

  it('follows an archive replaced on disk without a restart', async () => {
    const replaced = path.join(dir, 'replaced.pmtiles');
    writeFileSync(replaced, bytes);
    const a = await openBasemapArchive(replaced);
    const tile = [...written.tiles.values()].find((t) => t.z === 12);
    if (!tile) throw new Error('no z 12 tile');
    const before = await a.etag();
    expect(Buffer.from((await a.tile(tile.z, tile.x, tile.y)) ?? []).equals(Buffer.from(tile.data))).toBe(true);
    // A new extract moved into place: here, an archive with one tile, an hour newer.
    const other = writePmtiles([{ ...tile, data: new Uint8Array([0x1a, 0x02, 0x78, 0x02]) }], {
      tileType: TileType.Mvt,
      metadata: METADATA,
      bounds: AREA,
      center: [104.89, 22.96, 12],
    });
    writeFileSync(replaced, other);
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(replaced, later, later);
    expect(await a.etag()).not.toBe(before);
    expect(Array.from((await a.tile(tile.z, tile.x, tile.y)) ?? [])).toEqual([0x1a, 0x02, 0x78, 0x02]);
  });
});

describe.each(databases)('without BASEMAP_PMTILES on $engine', (db) => {
  const { call } = openApp(db);

  it('has no archive routes: 404 with a JSON error that names the setting', async () => {
    for (const url of ['/tiles/basemap.json', '/tiles/basemap.pmtiles', '/tiles/basemap/12/3289/1790']) {
      const res = await call('member', url);
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe('no_basemap');
      expect(res.body.error.message).toContain('BASEMAP_PMTILES');
    }
  });
});
