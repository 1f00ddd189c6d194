import { beforeAll, describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

// A role that may not see a personal field must not be able to derive it from other fields or
// other routes. Once the birth date sat beside an ID number whose hidden digits were the county
// and that date, and the device list showed JT/T 808 terminal numbers (the members' phones) in
// full while the member record masked the phone.
describe.each(databases)('masked personal fields on $engine', (db) => {
  const { pool, call } = openApp(db);
  let rootOrg: number;
  let secrets: { id: number; idNumber: string; birthDate: string; phone: string }[];
  let terminals: { memberId: number; terminalId: string }[];

  beforeAll(async () => {
    rootOrg = (await pool.query('SELECT id FROM org WHERE parent_id IS NULL')).rows[0].id;
    secrets = (
      await pool.query(
        `SELECT m.id, m.id_number AS "idNumber", m.birth_date::text AS "birthDate", m.phone FROM member m
          JOIN app_user u ON u.org_id = m.org_id WHERE u.username = 'secretary' ORDER BY m.id`,
      )
    ).rows;
    terminals = (
      await pool.query(
        `SELECT d.member_id AS "memberId", d.terminal_id AS "terminalId" FROM device d
          WHERE d.protocol = 'jt808' AND d.member_id = ANY ($1)`,
        [secrets.map((s) => s.id)],
      )
    ).rows;
  });

  /** Everything the member and device routes answer a user, as text. */
  async function everything(user: string): Promise<string> {
    const bodies = [
      await call(user, `/api/orgs/${rootOrg}/members?pageSize=200`),
      await call(user, '/api/devices?limit=5000'),
      ...(await Promise.all(secrets.slice(0, 12).map((s) => call(user, `/api/members/${s.id}`)))),
    ];
    return bodies.map((b) => JSON.stringify(b.body)).join('\n');
  }

  it.each(['leader', 'secretary'])('gives %s no full ID number, birth date or way to rebuild them', async (user) => {
    const text = await everything(user);
    expect(secrets.length).toBeGreaterThan(5);
    for (const s of secrets) {
      expect(text).not.toContain(s.idNumber);
      expect(text).not.toContain(s.birthDate);
      // Region and birth date, the digits a reader could guess from the org and the birthday.
      expect(text).not.toContain(s.idNumber.slice(0, 6));
      expect(text).not.toContain(s.idNumber.slice(6, 14));
    }
    const one = (await call(user, `/api/members/${secrets[0]?.id}`)).body;
    expect(one.idNumber).toMatch(/^\d{2}\*{14}[\dX]{2}$/);
    expect(one.birthDate).toBeNull();
    expect(one.birthYear).toBe(Number(secrets[0]?.birthDate.slice(0, 4)));
  });

  it('masks terminal numbers like phones for a role that may not see phones', async () => {
    expect(terminals.length).toBeGreaterThan(0);
    const leader = await everything('leader');
    for (const s of secrets) expect(leader).not.toContain(s.phone);
    for (const t of terminals) expect(leader).not.toContain(t.terminalId);
    // A secretary calls their members: phones and terminal numbers in full.
    const secretary = await everything('secretary');
    for (const t of terminals) expect(secretary).toContain(t.terminalId);
  });

  it('shows the administrator and the member themself their own fields in full', async () => {
    const admin = await everything('admin');
    for (const s of secrets.slice(0, 12)) {
      expect(admin).toContain(s.idNumber);
      expect(admin).toContain(s.birthDate);
    }
    const self = (await pool.query(`SELECT member_id FROM app_user WHERE username = 'member'`)).rows[0].member_id;
    const mine = (await call('member', `/api/members/${self}`)).body;
    const truth = (await pool.query('SELECT id_number, birth_date::text AS b FROM member WHERE id = $1', [self]))
      .rows[0];
    expect(mine).toMatchObject({ idNumber: truth.id_number, birthDate: truth.b });
  });
});
