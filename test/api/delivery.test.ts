import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { databases, openApp } from './harness.ts';

// How responses travel: compressed where it pays, hashed assets cached for good, the shell and
// the live stream never held back. One engine is enough: this is the HTTP layer.
const db = databases[0]!;

/** A built web app in miniature: the shell, a hashed asset with its .br/.gz copies, an icon. */
function webDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'redmap-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head></head><body>RedMap</body></html>');
  const js = `export const answer = ${JSON.stringify('红色地图 '.repeat(400))};\n`;
  writeFileSync(path.join(dir, 'assets/index-AbC123.js'), js);
  writeFileSync(path.join(dir, 'assets/index-AbC123.js.br'), brotliCompressSync(js));
  writeFileSync(path.join(dir, 'assets/index-AbC123.js.gz'), gzipSync(js));
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('response delivery', () => {
  const { app: api, login } = openApp(db);
  const pool = new pg.Pool(db.poolConfig);
  afterAll(() => pool.end());
  const site = createApp(
    { pool, engine: db.engine, capabilities: db.capabilities, sessionHours: 1, secureCookies: false },
    webDir(),
  );

  it('sends the precompressed copy of a hashed asset, cached as immutable', async () => {
    const br = await site.request('/assets/index-AbC123.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);

    const gz = await site.request('/assets/index-AbC123.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toContain('红色地图');

    const plain = await site.request('/assets/index-AbC123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toContain('红色地图');
  });

  it('revalidates the app shell and files without a hash', async () => {
    for (const url of ['/favicon.svg', '/', '/orgs/1/portrait']) {
      const res = await site.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('cache-control'), url).toBe('no-cache');
    }
  });

  it('compresses JSON, GeoJSON and vector tiles for a browser that accepts it, and not for one that does not', async () => {
    const cookie = await login('leader');
    // Text shrinks more than a tile's packed integers: the least each must save.
    const ratios: Record<string, number> = {
      '/api/orgs': 0.5,
      '/api/admin-areas': 0.5,
      '/tiles/context.geojson': 0.5,
      '/tiles/admin_areas/7/101/55': 0.8,
    };
    for (const [url, ratio] of Object.entries(ratios)) {
      const plain = await api.request(url, { headers: { cookie } });
      expect(plain.status, url).toBe(200);
      const raw = Buffer.from(await plain.arrayBuffer());
      expect(plain.headers.get('content-encoding'), url).toBeNull();
      expect(raw.length, url).toBeGreaterThan(1024);

      const gz = await api.request(url, { headers: { cookie, 'accept-encoding': 'gzip' } });
      expect(gz.headers.get('content-encoding'), url).toBe('gzip');
      expect(gz.headers.get('vary'), url).toMatch(/accept-encoding/i);
      const packed = Buffer.from(await gz.arrayBuffer());
      expect(packed.length, url).toBeLessThan(raw.length * ratio);
      expect(gunzipSync(packed).equals(raw), url).toBe(true);
    }
  });

  it('never compresses the live event stream, which must reach the browser message by message', async () => {
    const cookie = await login('leader');
    const controller = new AbortController();
    const res = await api.request('/api/positions/live', {
      headers: { cookie, 'accept-encoding': 'gzip' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('content-encoding')).toBeNull();
    controller.abort();
    await res.body?.cancel().catch(() => {});
  });
});
