import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestBatcher } from '../../api/devices/batcher.ts';
import type { Fix } from '../../api/devices/fix.ts';
import { GEOFENCE_MARGIN_M } from '../../api/devices/geofence.ts';
import { Ingest } from '../../api/devices/ingest.ts';
import { databases } from './harness.ts';

/** Metres east of `lon` at latitude `lat`, in degrees (a local approximation, fine for tests). */
const east = (lon: number, lat: number, m: number) => lon + m / (111_320 * Math.cos((lat * Math.PI) / 180));
const north = (lat: number, m: number) => lat + m / 110_574;

describe.each(databases)('position storage on $engine', (db) => {
  const pool = new pg.Pool(db.poolConfig);
  const ids = { devices: [] as number[], zone: 0, event: 0 };
  let members: { id: number; org_id: number }[] = [];
  // A 1 km square zone south of 麻栗坡, made for these tests.
  const sq = { west: 104.7, south: 23.0, east: east(104.7, 23.0, 1000), north: north(23.0, 1000) };
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);

  beforeAll(async () => {
    const { rows } = await pool.query(
      `SELECT m.id, m.org_id FROM member m
        WHERE m.status IN ('full', 'probationary') AND NOT EXISTS (SELECT 1 FROM device d WHERE d.member_id = m.id)
        ORDER BY m.id LIMIT 2`,
    );
    members = rows;
    for (const [i, m] of members.entries()) {
      const d = await pool.query(
        `INSERT INTO device (terminal_id, member_id, protocol) VALUES ($1, $2, 'jt808') RETURNING id`,
        [`TEST-STORE-${i}`, m.id],
      );
      ids.devices.push(d.rows[0].id);
    }
    const z = await pool.query(
      `INSERT INTO zone (org_id, name, kind, valid_from, geom)
       VALUES ($1, '测试责任区（存储测试）', 'responsibility', current_date - 30,
               ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326))) RETURNING id`,
      [members[0]?.org_id, sq.west, sq.south, sq.east, sq.north],
    );
    ids.zone = z.rows[0].id;
  });

  afterAll(async () => {
    await pool.query(`DELETE FROM warning WHERE rule = 'device_offline'`);
    await pool.query('DELETE FROM zone_presence WHERE zone_id = $1', [ids.zone]);
    await pool.query('DELETE FROM zone_event WHERE device_id = ANY($1)', [ids.devices]);
    await pool.query('DELETE FROM zone WHERE id = $1', [ids.zone]);
    await pool.query(`DELETE FROM attendance WHERE source = 'beidou' AND org_life_id = $1`, [ids.event]);
    await pool.query('DELETE FROM org_life WHERE id = $1', [ids.event]);
    await pool.query('DELETE FROM position WHERE device_id = ANY($1)', [ids.devices]);
    await pool.query('DELETE FROM device WHERE id = ANY($1)', [ids.devices]);
    await pool.end();
  });

  const fix = (device: number, time: Date, lon: number, lat: number, accuracyM = 5): Fix => ({
    deviceId: device,
    time,
    lon,
    lat,
    accuracyM,
    speedKmh: 3.6,
    heading: 90,
    source: 'jt808',
  });

  it('stores a retransmitted fix once and keeps the newest as the latest', async () => {
    const batcher = new IngestBatcher(pool);
    const device = ids.devices[1] as number;
    const a = fix(device, at(300), 104.5, 23.4);
    const b = fix(device, at(299), 104.501, 23.4);
    // Three "connections" at once, one of them a retransmission of `a`.
    await Promise.all([batcher.submit([a]), batcher.submit([b, a]), batcher.submit([a])]);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1', [device]);
    expect(rows[0].n).toBe(2);
    const d = await pool.query('SELECT last_fix_at, ST_X(last_geom) AS lon FROM device WHERE id = $1', [device]);
    expect(d.rows[0].last_fix_at.getTime()).toBe(b.time.getTime());
    expect(d.rows[0].lon).toBeCloseTo(104.501, 6);

    // An older fix arriving late (blind-area backfill) is stored but does not move the latest.
    await batcher.submit([fix(device, at(400), 104.4, 23.4)]);
    const again = await pool.query('SELECT last_fix_at FROM device WHERE id = $1', [device]);
    expect(again.rows[0].last_fix_at.getTime()).toBe(b.time.getTime());
  });

  it('enters and leaves a zone with hysteresis along its edge', async () => {
    const batcher = new IngestBatcher(pool);
    const device = ids.devices[0] as number;
    const midLat = (sq.south + sq.north) / 2;
    const track = [
      fix(device, at(200), east(sq.east, midLat, 500), midLat), // far outside
      fix(device, at(199), east(sq.east, midLat, -100), midLat), // inside: enter
      fix(device, at(198), east(sq.east, midLat, 10), midLat), // 10 m out, accuracy 5 + margin: stays
      fix(device, at(197), east(sq.east, midLat, -5), midLat), // back inside: nothing
      fix(device, at(196), east(sq.east, midLat, GEOFENCE_MARGIN_M + 20), midLat, 30), // 50 m out but ±30 m: stays
      fix(device, at(195), east(sq.east, midLat, 300), midLat), // clearly out: leave
      fix(device, at(194), east(sq.east, midLat, -300), midLat), // in again: enter
    ];
    // Sent as two batches: the state carries over through zone_presence.
    await batcher.submit(track.slice(0, 3));
    await batcher.submit(track.slice(3));
    const { rows } = await pool.query(
      'SELECT kind, at FROM zone_event WHERE zone_id = $1 AND device_id = $2 ORDER BY at',
      [ids.zone, device],
    );
    expect(rows.map((r) => r.kind)).toEqual(['enter', 'leave', 'enter']);
    expect(rows.map((r) => r.at.getTime())).toEqual([track[1], track[5], track[6]].map((f) => f?.time.getTime()));
    const presence = await pool.query('SELECT entered_at FROM zone_presence WHERE zone_id = $1', [ids.zone]);
    expect(presence.rows.map((r) => r.entered_at.getTime())).toEqual([track[6]?.time.getTime()]);
  });

  it('records attendance by BeiDou within the radius and the time window only', async () => {
    const batcher = new IngestBatcher(pool);
    const [m] = members;
    const place = { lon: 104.6, lat: 23.2 };
    const e = await pool.query(
      `INSERT INTO org_life (org_id, kind, title, starts_at, ends_at, place_name, geom, radius_m)
       VALUES ($1, 'theme_day', '主题党日（考勤测试）', $2, $3, '测试地点', ST_SetSRID(ST_MakePoint($4, $5), 4326), 200)
       RETURNING id`,
      [m?.org_id, at(120), at(60), place.lon, place.lat],
    );
    ids.event = e.rows[0].id;
    const device = ids.devices[0] as number;
    const attendance = async () =>
      (await pool.query('SELECT member_id, status, source FROM attendance WHERE org_life_id = $1', [ids.event])).rows;

    await batcher.submit([fix(device, at(130), place.lon, place.lat)]); // before the window
    await batcher.submit([fix(device, at(100), east(place.lon, place.lat, 250), place.lat)]); // 250 m away
    expect(await attendance()).toEqual([]);
    await batcher.submit([fix(device, at(90), east(place.lon, place.lat, 150), place.lat)]); // 150 m: present
    expect(await attendance()).toEqual([{ member_id: m?.id, status: 'present', source: 'beidou' }]);
  });

  // A failing statement inside the batch's transaction, on both engines (the listeners validate
  // fixes before this, so it takes a fix that only the database refuses).
  it('stores nothing from a batch that fails, and settles every submitter with the error', async () => {
    const batcher = new IngestBatcher(pool);
    const device = ids.devices[1] as number;
    const good = fix(device, at(10), 104.5, 23.4);
    // A fix two years old has no partition: the whole transaction fails.
    const bad = fix(device, new Date(now - 2 * 366 * 86_400_000), 104.5, 23.4);
    const results = await Promise.allSettled([batcher.submit([good]), batcher.submit([bad])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1 AND time = $2', [
      device,
      good.time,
    ]);
    expect(rows[0].n).toBe(0);
    // The same connections serve the next batch.
    await batcher.submit([good]);
    const again = await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1 AND time = $2', [
      device,
      good.time,
    ]);
    expect(again.rows[0].n).toBe(1);
  });

  // Once a fix 23 h ahead became the latest and froze the device's live position until then.
  it('stores a fix from a fast clock as history, but it becomes no latest fix', async () => {
    const batcher = new IngestBatcher(pool);
    const device = ids.devices[1] as number;
    const ahead = fix(device, new Date(Date.now() + 2 * 3600_000), 104.7, 23.2);
    await batcher.submit([ahead]);
    const latest = async () =>
      (await pool.query('SELECT last_fix_at FROM device WHERE id = $1', [device])).rows[0].last_fix_at as Date | null;
    const stored = await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1 AND time = $2', [
      device,
      ahead.time,
    ]);
    expect(stored.rows[0].n).toBe(1);
    expect((await latest())?.getTime() ?? 0).toBeLessThan(Date.now());
    const now = fix(device, new Date(Math.floor(Date.now() / 1000) * 1000), 104.71, 23.21);
    await batcher.submit([now]);
    expect((await latest())?.getTime()).toBe(now.time.getTime());
    await pool.query('DELETE FROM position WHERE device_id = $1 AND time IN ($2, $3)', [device, ahead.time, now.time]);
  });

  it('warns about a terminal silent past its own threshold, and closes the warning when it is heard', async () => {
    const ingest = new Ingest(pool);
    const device = ids.devices[1] as number;
    await pool.query(
      `UPDATE device SET offline_after = interval '2 hours', last_fix_at = now() - interval '3 hours' WHERE id = $1`,
      [device],
    );
    const warning = async () =>
      (
        await pool.query(
          `SELECT state, org_id, figure FROM warning WHERE rule = 'device_offline' AND subject_kind = 'device' AND subject_id = $1`,
          [device],
        )
      ).rows[0];
    await ingest.checkOffline();
    expect(await warning()).toMatchObject({ state: 'open', org_id: members[1]?.org_id, figure: { thresholdHours: 2 } });
    await ingest.batcher.submit([fix(device, new Date(), 104.5, 23.4)]);
    await ingest.checkOffline();
    ingest.stop();
    expect((await warning()).state).toBe('closed');
  });
});
