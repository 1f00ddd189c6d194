import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

// Device management (DESIGN §9): administrators register BeiDou terminals, bind and unbind them,
// change their offline threshold and rotate their credentials; every change is audited.
describe.each(databases)('device management on $engine', (db) => {
  const { app, pool, call } = openApp(db);
  const suffix = String(Date.now() % 1_000_000).padStart(6, '0');
  const created: number[] = [];
  const send = (user: string, path: string, method: string, body?: unknown) =>
    call(user, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const ingest = (token: string) =>
    app.request('/api/ingest/positions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ fixes: [{ time: new Date().toISOString(), lon: 104.6, lat: 23.3 }] }),
    });
  const member = async (username: string) =>
    (await pool.query<{ member_id: number }>('SELECT member_id FROM app_user WHERE username = $1', [username])).rows[0]
      ?.member_id as number;

  afterAll(async () => {
    if (created.length === 0) return;
    await pool.query('DELETE FROM zone_event WHERE device_id = ANY ($1)', [created]);
    await pool.query('DELETE FROM position WHERE device_id = ANY ($1)', [created]);
    await pool.query('DELETE FROM device WHERE id = ANY ($1)', [created]);
  });

  it('registers a JT/T 808 terminal with its auth code, and refuses a taken terminal id', async () => {
    const terminalId = `0139${suffix}01`;
    const res = await send('admin', '/api/devices', 'POST', {
      terminalId,
      protocol: 'jt808',
      memberId: await member('member'),
      register: { maker: 'REDMP', model: 'SIM-1' },
    });
    expect(res.status).toBe(201);
    created.push(res.body.id);
    expect(res.body).toMatchObject({
      terminalId,
      protocol: 'jt808',
      authCode: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const row = async () =>
      (
        await pool.query(
          `SELECT auth_code, member_id, registered_at IS NOT NULL AS registered, register_maker, register_model
             FROM device WHERE id = $1`,
          [res.body.id],
        )
      ).rows[0];
    expect(await row()).toEqual({
      auth_code: res.body.authCode,
      member_id: await member('member'),
      registered: false,
      register_maker: 'REDMP',
      register_model: 'SIM-1',
    });
    // An admin reset gives a new code and lets the terminal register once more to receive it.
    await pool.query('UPDATE device SET registered_at = now() WHERE id = $1', [res.body.id]);
    const reset = await send('admin', `/api/devices/${res.body.id}/credentials`, 'POST');
    expect(reset.body.authCode).not.toBe(res.body.authCode);
    expect(await row()).toMatchObject({ auth_code: reset.body.authCode, registered: false });
    const again = await send('admin', '/api/devices', 'POST', { terminalId, protocol: 'nmea' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('terminal_taken');
    const audit = await pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'device.create' AND subject_id = $1`,
      [res.body.id],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('gives an HTTP terminal a one-time token that ingests, and rotates it', async () => {
    const res = await send('admin', '/api/devices', 'POST', {
      terminalId: `HTTP-${suffix}`,
      protocol: 'http',
      memberId: await member('member'),
      offlineHours: 2,
    });
    expect(res.status).toBe(201);
    created.push(res.body.id);
    const first = res.body.token as string;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await ingest(first)).status).toBe(200);
    // Only the SHA-256 of the token is kept.
    const stored = await pool.query('SELECT token_hash, auth_code FROM device WHERE id = $1', [res.body.id]);
    expect(Buffer.from(stored.rows[0].token_hash).toString('utf8')).not.toContain(first);
    expect(stored.rows[0].auth_code).toBeNull();

    const rotated = await send('admin', `/api/devices/${res.body.id}/credentials`, 'POST');
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toBe(first);
    expect((await ingest(first)).status).toBe(401);
    expect((await ingest(rotated.body.token)).status).toBe(200);
    const listed = (await call('admin', '/api/devices?protocol=http&limit=5000')).body.devices.find(
      (d: { id: number }) => d.id === res.body.id,
    );
    expect(listed).toMatchObject({ offlineHours: 2, online: true, lastFix: { lon: 104.6, lat: 23.3 } });
  });

  it('binds, unbinds and re-thresholds a terminal; an unbound one is listed for administrators only', async () => {
    const res = await send('admin', '/api/devices', 'POST', { terminalId: `NMEA-${suffix}`, protocol: 'nmea' });
    expect(res.status).toBe(201);
    const id = res.body.id as number;
    created.push(id);
    const listed = async (user: string) =>
      ((await call(user, '/api/devices?limit=5000')).body.devices as { id: number; memberId: number | null }[]).find(
        (d) => d.id === id,
      );
    expect(await listed('admin')).toMatchObject({ memberId: null, seat: null, online: false });
    expect(await listed('leader')).toBeUndefined();

    const bound = await send('admin', `/api/devices/${id}`, 'PATCH', { memberId: await member('member') });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ id, memberId: await member('member'), offlineHours: 24 });
    expect(await listed('secretary')).toMatchObject({ memberId: await member('member') });

    const slower = await send('admin', `/api/devices/${id}`, 'PATCH', { offlineHours: 48 });
    expect(slower.body).toMatchObject({ offlineHours: 48, memberId: await member('member') });

    const unbound = await send('admin', `/api/devices/${id}`, 'PATCH', { memberId: null });
    expect(unbound.body).toMatchObject({ memberId: null });
    expect(await listed('secretary')).toBeUndefined();
    const audit = await pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'device.update' AND subject_id = $1`,
      [id],
    );
    expect(audit.rows[0].n).toBe(3);
    // An NMEA terminal's secret (for its first line) is issued at registration and rotated here;
    // only its SHA-256 is kept.
    expect(res.body.secret).toMatch(/^[\w-]{32}$/);
    const rotate = await send('admin', `/api/devices/${id}/credentials`, 'POST');
    expect(rotate.status).toBe(200);
    expect(rotate.body.secret).not.toBe(res.body.secret);
    const hash = await pool.query(`SELECT encode(secret_hash, 'hex') AS h FROM device WHERE id = $1`, [id]);
    expect(hash.rows[0].h).toBe(createHash('sha256').update(rotate.body.secret).digest('hex'));
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const count = async () => (await pool.query('SELECT count(*)::int AS n FROM device')).rows[0].n as number;
    const before = await count();
    const cases: [unknown, number, string][] = [
      [{ terminalId: 'x y', protocol: 'jt808' }, 400, 'invalid_request'],
      [{ terminalId: 'ABC', protocol: 'gps' }, 400, 'invalid_request'],
      [{ terminalId: 'ABC', protocol: 'http', offlineHours: 0 }, 400, 'invalid_request'],
      [{ terminalId: `GHOST-${suffix}`, protocol: 'http', memberId: 987654321 }, 422, 'member_out_of_scope'],
    ];
    for (const [body, status, code] of cases) {
      const res = await send('admin', '/api/devices', 'POST', body);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
    }
    expect((await send('admin', '/api/devices/987654321', 'PATCH', { offlineHours: 5 })).status).toBe(404);
    expect((await send('admin', '/api/devices/1', 'PATCH', {})).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('lets only administrators change terminals', async () => {
    for (const user of ['leader', 'secretary', 'member']) {
      const res = await send(user, '/api/devices', 'POST', { terminalId: `NOPE-${suffix}`, protocol: 'http' });
      expect(res.status).toBe(403);
      expect((await send(user, '/api/devices/1', 'PATCH', { offlineHours: 3 })).status).toBe(403);
      expect((await send(user, '/api/devices/1/credentials', 'POST')).status).toBe(403);
    }
    expect((await call('member', '/api/devices')).status).toBe(403);
  });

  it('lists the tile layers as JSON at /tiles', async () => {
    const res = await call('leader', '/tiles');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.layers.map((l: { id: string }) => l.id)).toContain('zones');
  });
});
