import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDeviceToken } from '../../geodata/demo/accounts.ts';
import { databases, openApp } from './harness.ts';

describe.each(databases)('HTTP position ingest on $engine', (db) => {
  const { app, pool } = openApp(db);
  let device: { id: number; terminal_id: string; last_fix_at: Date; last_geom: string };
  const base = Date.now() - 3600_000;
  const fixAt = (i: number, lon = 104.25, lat = 23.37) => ({
    time: new Date(base + i * 60_000).toISOString(),
    lon,
    lat,
    speedKmh: 4.2,
    heading: 180,
    accuracyM: 8,
  });

  async function post(body: unknown, token: string | null = demoDeviceToken(device.terminal_id)) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await app.request('/api/ingest/positions', {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }
  const stored = async () =>
    (await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1', [device.id])).rows[0].n;

  beforeAll(async () => {
    const { rows } = await pool.query(
      `SELECT id, terminal_id, last_fix_at, ST_AsEWKT(last_geom) AS last_geom FROM device
        WHERE protocol = 'http' AND member_id IS NOT NULL ORDER BY id LIMIT 1`,
    );
    device = rows[0];
  });

  afterAll(async () => {
    await pool.query('DELETE FROM position WHERE device_id = $1', [device.id]);
    await pool.query(
      'UPDATE device SET last_fix_at = $2, last_geom = ST_GeomFromEWKT($3), last_source = NULL WHERE id = $1',
      [device.id, device.last_fix_at, device.last_geom],
    );
  });

  it('refuses a request without a valid device token', async () => {
    expect(await post({ fixes: [fixAt(0)] }, null)).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_device_token' } },
    });
    const wrong = await post({ fixes: [fixAt(0)] }, 'redmap-demo-device-NOSUCHDEVICE');
    expect(wrong.status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('stores a batch after commit, once however often it is sent', async () => {
    const batch = { fixes: [fixAt(0), fixAt(1), fixAt(2, 104.26, 23.38)] };
    expect(await post(batch)).toEqual({ status: 200, body: { accepted: 3 } });
    expect(await stored()).toBe(3);
    expect(await post(batch)).toEqual({ status: 200, body: { accepted: 3 } });
    expect(await stored()).toBe(3);
    const { rows } = await pool.query(
      'SELECT last_fix_at, ST_X(last_geom) AS lon, last_source FROM device WHERE id = $1',
      [device.id],
    );
    expect(rows[0]).toMatchObject({ lon: 104.26, last_source: 'http' });
    expect(rows[0].last_fix_at.toISOString()).toBe(fixAt(2).time);
  });

  it('rejects a batch with one bad fix and stores none of it', async () => {
    const before = await stored();
    const cases: [unknown, RegExp][] = [
      [{ fixes: [fixAt(10), { ...fixAt(11), lat: 95 }] }, /fixes\.1\.lat/],
      [{ fixes: [{ ...fixAt(12), time: '2026-11-22 08:00' }] }, /time/],
      [{ fixes: [{ ...fixAt(13), time: '2020-01-01T00:00:00Z' }] }, /retention/],
      [{ fixes: [{ ...fixAt(14), time: new Date(Date.now() + 3 * 86_400_000).toISOString() }] }, /ahead/],
      [{ fixes: [] }, /fixes/],
      [{ fixes: Array.from({ length: 2001 }, (_, i) => fixAt(i)) }, /fixes/],
      [{ fixes: [fixAt(15)], extra: 1 }, /extra|unrecognized/i],
      ['not json', /JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(message);
    }
    expect(await stored()).toBe(before);
  });
});
