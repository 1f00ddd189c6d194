import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

/** Reads server-sent events from a streaming response until `want` events have arrived. */
async function readEvents(body: ReadableStream<Uint8Array>, want: number, timeoutMs = 10_000) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (events.length < want && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) events.push({ event, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  return { events, close: () => reader.cancel() };
}

describe.each(databases)('positions: live stream, tracks, area query on $engine', (db) => {
  const { app, pool, call } = openApp(db);
  /** Two HTTP terminals made for these tests: one in the secretary's branch, one outside it. */
  const mine = { member: 0, device: 0, token: 'test-positions-device-inside-0001' };
  const other = { member: 0, device: 0, token: 'test-positions-device-outside-001' };
  const t0 = Date.now() - 2 * 3600_000;
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

  async function ingest(token: string, fixes: { time: string; lon: number; lat: number }[]) {
    const res = await app.request('/api/ingest/positions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fixes }),
    });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    const secretaryOrg = `(SELECT o.path FROM app_user u JOIN org o ON o.id = u.org_id WHERE u.username = 'secretary')`;
    const inside = await pool.query(
      `SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.path <@ ${secretaryOrg} ORDER BY m.id LIMIT 1`,
    );
    const outside = await pool.query(
      `SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE NOT o.path <@ ${secretaryOrg} ORDER BY m.id LIMIT 1`,
    );
    for (const [who, row] of [
      [mine, inside.rows[0]],
      [other, outside.rows[0]],
    ] as const) {
      who.member = row.id;
      const d = await pool.query(
        `INSERT INTO device (terminal_id, member_id, protocol, token_hash) VALUES ($1, $2, 'http', $3) RETURNING id`,
        [`TEST-POS-${row.id}`, row.id, createHash('sha256').update(who.token).digest()],
      );
      who.device = d.rows[0].id;
    }
    // A walk east along 23.3°N: 30 fixes a minute apart, with a 12-minute stay in the middle.
    const walk = Array.from({ length: 30 }, (_, i) => {
      const step = i < 10 ? i : i < 22 ? 10 : i - 12;
      return { time: at(i), lon: 104.3 + step * 0.001, lat: 23.3 };
    });
    await ingest(mine.token, walk);
    await ingest(other.token, [{ time: at(5), lon: 104.305, lat: 23.3 }]);
  });

  afterAll(async () => {
    const devices = [mine.device, other.device];
    await pool.query('DELETE FROM position WHERE device_id = ANY($1)', [devices]);
    await pool.query('DELETE FROM zone_event WHERE device_id = ANY($1)', [devices]);
    await pool.query('DELETE FROM zone_presence WHERE member_id = ANY($1)', [[mine.member, other.member]]);
    await pool.query('DELETE FROM device WHERE id = ANY($1)', [devices]);
  });

  it('returns a track with its stop, and exports it as GPX and KML', async () => {
    const path = `/api/positions/track?member=${mine.member}&from=${at(-1)}&to=${at(60)}`;
    const { status, body } = await call('secretary', path);
    expect(status).toBe(200);
    expect(body.fixes).toBe(30);
    expect(body.points).toHaveLength(30);
    expect(body.stops).toHaveLength(1);
    expect(body.stops[0].minutes).toBeGreaterThanOrEqual(11);
    expect(body.stops[0].lon).toBeCloseTo(104.31, 4);
    // 17 steps of 0.001° of longitude at 23.3°N, about 102.2 m each (geodesic, not degrees).
    expect(body.lengthM).toBeGreaterThan(1720);
    expect(body.lengthM).toBeLessThan(1750);

    const simplified = await call('secretary', `${path}&tolerance=20`);
    expect(simplified.body.points.length).toBeLessThan(10);

    const gpx = await app.request(`${path}&format=gpx`, { headers: { cookie: await loginCookie('secretary') } });
    expect(gpx.headers.get('content-type')).toMatch(/gpx/);
    const text = await gpx.text();
    expect(text.match(/<trkpt /g)).toHaveLength(30);
    expect(text).toMatch(/<wpt /);
    const kml = await app.request(`${path}&format=kml`, { headers: { cookie: await loginCookie('secretary') } });
    expect((await kml.text()).match(/<gx:coord>/g)).toHaveLength(30);
  });

  async function loginCookie(user: string) {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: 'redmap-demo' }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  it("refuses another branch's track and bad ranges", async () => {
    const path = `/api/positions/track?member=${other.member}&from=${at(-1)}&to=${at(60)}`;
    expect((await call('secretary', path)).status).toBe(404);
    expect((await call('leader', path)).body.fixes).toBe(1);
    const bad = await call('leader', `/api/positions/track?member=${other.member}&from=${at(60)}&to=${at(-1)}`);
    expect(bad.status).toBe(400);
    const long = await call(
      'leader',
      `/api/positions/track?member=${other.member}&from=${at(-60 * 24 * 40)}&to=${at(0)}`,
    );
    expect(long.body.error.message).toMatch(/31 days/);
  });

  it('finds who was in a drawn area, within the caller scope', async () => {
    const area = {
      type: 'Polygon',
      coordinates: [
        [
          [104.304, 23.299],
          [104.306, 23.299],
          [104.306, 23.301],
          [104.304, 23.301],
          [104.304, 23.299],
        ],
      ],
    };
    const body = { geometry: area, from: at(0), to: at(60) };
    const leader = await call('leader', '/api/positions/area-query', { method: 'POST', body: JSON.stringify(body) });
    expect(leader.status).toBe(200);
    const ids = (r: typeof leader) => r.body.members.map((m: { memberId: number }) => m.memberId);
    expect(ids(leader)).toEqual(expect.arrayContaining([mine.member, other.member]));
    const secretary = await call('secretary', '/api/positions/area-query', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(ids(secretary)).toContain(mine.member);
    expect(ids(secretary)).not.toContain(other.member);
    // Altitudes in the drawn area are dropped, as for zones: the same answer, no 500.
    const withAltitude = {
      ...body,
      geometry: { ...area, coordinates: [area.coordinates[0]!.map(([x, y]) => [x, y, 850])] },
    };
    const high = await call('leader', '/api/positions/area-query', {
      method: 'POST',
      body: JSON.stringify(withAltitude),
    });
    expect(high.status).toBe(200);
    expect(ids(high)).toEqual(ids(leader));

    const bowtie = {
      ...body,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [104, 23],
            [104.1, 23.1],
            [104.1, 23],
            [104, 23.1],
            [104, 23],
          ],
        ],
      },
    };
    const invalid = await call('leader', '/api/positions/area-query', { method: 'POST', body: JSON.stringify(bowtie) });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('invalid_geometry');
  });

  it("streams live positions of the caller's subtree only", async () => {
    const res = await app.request('/api/positions/live?interval=250', {
      headers: { cookie: await loginCookie('secretary') },
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const body = res.body as ReadableStream<Uint8Array>;
    const reading = readEvents(body, 2);
    const now = new Date().toISOString();
    // Give the stream a moment to subscribe, then move both terminals.
    await new Promise((r) => setTimeout(r, 300));
    await ingest(other.token, [{ time: now, lon: 104.4, lat: 23.4 }]);
    await ingest(mine.token, [{ time: now, lon: 104.41, lat: 23.41 }]);
    const { events, close } = await reading;
    await close();
    expect(events.map((e) => e.event)).toEqual(['snapshot', 'positions']);
    const snapshot = (events[0]?.data ?? []) as { deviceId: number }[];
    const snapshotIds = snapshot.map((p) => p.deviceId);
    expect(snapshotIds).not.toContain(other.device);
    const moved = (events[1]?.data ?? []) as { deviceId: number; lon: number }[];
    expect(moved.map((p) => p.deviceId)).toEqual([mine.device]);
    expect(moved[0]?.lon).toBeCloseTo(104.41, 6);
  });

  it('ends a live stream once its session is gone', async () => {
    const cookie = await loginCookie('secretary');
    const res = await app.request('/api/positions/live?interval=250', { headers: { cookie } });
    const reading = readEvents(res.body as ReadableStream<Uint8Array>, 2, 12_000);
    await new Promise((r) => setTimeout(r, 300));
    const logout = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(204);
    const { events, close } = await reading;
    await close();
    expect(events.map((e) => e.event)).toEqual(['snapshot', 'end']);
    expect(events[1]?.data).toEqual({ reason: 'session_ended' });
  });

  it('holds at most four live streams per user', async () => {
    const cookie = await loginCookie('admin');
    const open = async () => app.request('/api/positions/live?interval=1000', { headers: { cookie } });
    const streams = await Promise.all([open(), open(), open(), open()]);
    expect(streams.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const readers = streams.map((r) => readEvents(r.body as ReadableStream<Uint8Array>, 1));
    const fifth = await open();
    expect(fifth.status).toBe(429);
    expect((await fifth.json()).error.code).toBe('too_many_streams');
    for (const r of readers) await (await r).close();
    await expect
      .poll(async () => {
        const again = await open();
        if (again.status === 200) await again.body?.cancel();
        return again.status;
      })
      .toBe(200);
  });
});
