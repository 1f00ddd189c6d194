import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

// Duty hours come from the geofence, which watches every active zone: a member may spend time in
// another organisation's zone, whose name the member's secretary may not read.
describe.each(databases)('zone duty hours within scope on $engine', (db) => {
  const { pool, call } = openApp(db);
  let member: number;
  let device: number;
  let own: { id: number; name: string };
  let foreign: { id: number; name: string };
  const from = '2026-09-01T00:00:00Z';
  const to = '2026-09-02T00:00:00Z';

  beforeAll(async () => {
    const m = await pool.query(
      `SELECT m.id, d.id AS device, u.org_id FROM app_user u JOIN member m ON m.org_id = u.org_id
         JOIN device d ON d.member_id = m.id WHERE u.username = 'secretary' ORDER BY m.id LIMIT 1`,
    );
    member = m.rows[0].id;
    device = m.rows[0].device;
    own = (await pool.query('SELECT id, name FROM zone WHERE org_id = $1 ORDER BY id LIMIT 1', [m.rows[0].org_id]))
      .rows[0];
    foreign = (
      await pool.query(
        `SELECT z.id, z.name FROM zone z JOIN org o ON o.id = z.org_id, org s
          WHERE s.id = $1 AND NOT o.path <@ s.path ORDER BY z.id LIMIT 1`,
        [m.rows[0].org_id],
      )
    ).rows[0];
    await pool.query(
      `INSERT INTO zone_event (member_id, zone_id, device_id, kind, at, geom) VALUES
         ($1, $3, $2, 'enter', '2026-09-01T08:00:00Z', $5), ($1, $3, $2, 'leave', '2026-09-01T10:00:00Z', $5),
         ($1, $4, $2, 'enter', '2026-09-01T11:00:00Z', $5), ($1, $4, $2, 'leave', '2026-09-01T12:30:00Z', $5)`,
      [member, device, own.id, foreign.id, 'SRID=4326;POINT(104.5 23.3)'],
    );
  });
  afterAll(async () => {
    await pool.query(`DELETE FROM zone_event WHERE member_id = $1 AND at >= $2 AND at < $3`, [member, from, to]);
  });

  const duty = async (user: string) =>
    (await call(user, `/api/positions/zone-duty?member=${member}&from=${from}&to=${to}`)).body;

  it("names only the zones the caller may see, and counts the others' hours without a name", async () => {
    const leader = await duty('leader');
    expect(leader.zones ?? leader).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ zoneId: own.id, name: own.name, hours: 2 }),
        expect.objectContaining({ zoneId: foreign.id, name: foreign.name, hours: 1.5 }),
      ]),
    );
    const secretary = await duty('secretary');
    const text = JSON.stringify(secretary);
    expect(text).toContain(own.name);
    expect(text).not.toContain(foreign.name);
    expect(secretary.zones ?? secretary).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ zoneId: own.id, hours: 2 }),
        expect.objectContaining({ zoneId: null, name: null, hours: 1.5 }),
      ]),
    );
  });
});
