import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { hashPassword } from '../../api/auth/password.ts';
import { loadConfig } from '../../api/config.ts';
import { defaultJobs } from '../../api/jobs/jobs.ts';
import { evaluateRules, type Hit, RECOMPUTE_LOCK, recomputeWarnings } from '../../api/warnings/engine.ts';
import { deliverWarningEvents, MAX_ATTEMPTS } from '../../api/warnings/webhook.ts';
import { DEMO_PASSWORD } from '../../geodata/demo/accounts.ts';
import { databases, openApp } from './harness.ts';

/** An instant given as Asia/Shanghai wall-clock time, e.g. `sh('2026-06-15 12:00')`. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The main moment of evaluation: mid-June, 15 days left in the month. */
const A = sh('2026-06-15 12:00');
const iso = (d: Date) => d.toISOString();

describe('warning webhook configuration', () => {
  it('refuses a webhook URL without a secret, and a URL that is not http(s)', () => {
    expect(() => loadConfig({ WARNING_WEBHOOK_URL: 'https://hooks.example.cn/redmap' })).toThrow(
      /WARNING_WEBHOOK_SECRET/,
    );
    expect(() => loadConfig({ WARNING_WEBHOOK_URL: 'ftp://x', WARNING_WEBHOOK_SECRET: 's' })).toThrow(/http/);
    const config = loadConfig({ WARNING_WEBHOOK_URL: 'https://hooks.example.cn/r', WARNING_WEBHOOK_SECRET: 's' });
    expect(config).toMatchObject({ warningWebhookUrl: 'https://hooks.example.cn/r', warningWebhookSecret: 's' });
    expect(loadConfig({}).warningWebhookUrl).toBeUndefined();
  });
});

// A crafted organisation tree of its own (a second root, outside every demo account's scope), with
// one organisation per case: each rule must fire on its case and stay quiet on the near miss.
describe.each(databases)('warnings on $engine', (db) => {
  const { pool, call, login } = openApp(db);
  const orgs: Record<string, number> = {};
  const members: Record<string, number> = {};
  const devices: Record<string, number> = {};
  const zones: Record<string, number> = {};
  const users: number[] = [];
  let baseline = 0;
  let eventBaseline = 0;

  const q = async <R = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await pool.query(sql, params)).rows as R[];
  const one = async <R = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await q<R>(sql, params))[0] as R;

  async function org(key: string, kind: string, parent: string | null, extra: Record<string, string> = {}) {
    const row = await one<{ id: number }>(
      `INSERT INTO org (parent_id, name, kind, category, established, term_end)
       VALUES ($1, $2, $3, 'organ', $4, $5) RETURNING id`,
      [parent ? orgs[parent] : null, `预警测试${key}`, kind, extra.established ?? null, extra.termEnd ?? null],
    );
    orgs[key] = row.id;
  }
  async function member(key: string, orgKey: string, status = 'full', joined = '2010-01-01') {
    const row = await one<{ id: number }>(
      `INSERT INTO member (org_id, name, gender, birth_date, ethnicity, education, joined_date, status)
       VALUES ($1, $2, 'M', '1985-05-05', '汉族', 'bachelor', $3, $4) RETURNING id`,
      [orgs[orgKey], `预警测试党员${key}`, joined, status],
    );
    members[key] = row.id;
    return row.id;
  }
  async function life(orgKey: string, kind: string, start: Date, minutes = 60) {
    const row = await one<{ id: number }>(
      `INSERT INTO org_life (org_id, kind, title, starts_at, ends_at) VALUES ($1, $2, '预警测试活动', $3, $4) RETURNING id`,
      [orgs[orgKey], kind, start, new Date(start.getTime() + minutes * 60_000)],
    );
    return row.id;
  }
  async function attend(event: number, statuses: [string, string][]) {
    for (const [m, status] of statuses) {
      await pool.query('INSERT INTO attendance (org_life_id, member_id, status) VALUES ($1, $2, $3)', [
        event,
        members[m],
        status,
      ]);
    }
  }
  async function device(key: string, memberKey: string | null, lastFix: Date, offlineHours = 24) {
    const row = await one<{ id: number }>(
      `INSERT INTO device (terminal_id, member_id, protocol, offline_after, last_fix_at)
       VALUES ($1, $2, 'http', make_interval(hours => $3), $4) RETURNING id`,
      [`WARNTEST-${key}`, memberKey ? members[memberKey] : null, offlineHours, lastFix],
    );
    devices[key] = row.id;
  }
  async function zone(key: string, orgKey: string, validFrom: string, validTo: string | null = null) {
    const n = Object.keys(zones).length;
    const row = await one<{ id: number }>(
      `INSERT INTO zone (org_id, name, kind, valid_from, valid_to, geom)
       VALUES ($1, $2, 'responsibility', $3, $4, ST_Multi(ST_MakeEnvelope($5::float8, 23.0, $5::float8 + 0.005, 23.005, 4326)))
       RETURNING id`,
      [orgs[orgKey], `预警测试责任区${key}`, validFrom, validTo, 104.0 + n * 0.01],
    );
    zones[key] = row.id;
  }
  async function user(username: string, role: string, orgKey: string, memberKey: string | null, name: string) {
    const hash = await hashPassword(DEMO_PASSWORD);
    const row = await one<{ id: number }>(
      `INSERT INTO app_user (username, password_hash, role, org_id, member_id, display_name)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [username, hash, role, orgs[orgKey], memberKey ? members[memberKey] : null, name],
    );
    users.push(row.id);
  }

  beforeAll(async () => {
    baseline = (await one<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM warning')).n;
    eventBaseline = (await one<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM warning_event')).n;
    await org('R', 'committee', null);
    // Scoping: a branch with a child, a secretary and a member with a device.
    await org('S1', 'branch', 'R');
    await org('S1a', 'branch', 'S1', { termEnd: '2026-09-13' }); // A + 90 days: fires
    await member('MS1', 'S1', 'probationary', '2025-06-14'); // one year and a day: fires
    await device('X1', 'MS1', new Date(A.getTime() - 25 * HOUR)); // 25 h > 24 h: fires
    await user('wt-secretary', 'secretary', 'S1', null, '预警测试书记');
    await user('wt-member', 'member', 'S1', 'MS1', '预警测试党员');
    await user('wt-leader', 'leader', 'R', null, '预警测试领导');

    // No org life this month.
    await org('L1', 'branch', 'R');
    await life('L1', 'theme_day', sh('2026-05-31 23:30'), 20); // counts for May, not June
    await org('L2', 'branch', 'R');
    await life('L2', 'theme_day', sh('2026-06-01 00:30')); // June in Shanghai (still May in UTC)
    await org('L3', 'branch', 'R');
    await org('L4', 'branch', 'R', { established: '2026-06-20' });

    // Attendance over the 90 days before A.
    await org('A1', 'branch', 'R');
    await org('A2', 'branch', 'R');
    await org('A3', 'branch', 'R');
    await org('A4', 'branch', 'R');
    for (const o of ['A1', 'A2', 'A3']) for (let i = 0; i < 5; i++) await member(`${o}-${i}`, o);
    const e1 = await life('A1', 'theme_day', sh('2026-06-01 09:00'));
    await attend(e1, [
      ['A1-0', 'present'],
      ['A1-1', 'present'],
      ['A1-2', 'present'],
      ['A1-3', 'present'],
      ['A1-4', 'absent'],
    ]); // exactly 0.8: quiet
    const e2 = await life('A2', 'theme_day', sh('2026-06-01 09:00'));
    await attend(e2, [
      ['A2-0', 'present'],
      ['A2-1', 'present'],
      ['A2-2', 'present'],
      ['A2-3', 'absent'],
      ['A2-4', 'leave'],
    ]); // 0.6: warning, not critical
    const e3 = await life('A3', 'theme_day', sh('2026-05-20 09:00'));
    await attend(e3, [
      ['A3-0', 'present'],
      ['A3-1', 'absent'],
    ]); // 0.5: critical
    const old = await life('A3', 'theme_day', sh('2026-03-16 11:00')); // ended 91 days before A: left out
    await attend(old, [
      ['A3-2', 'absent'],
      ['A3-3', 'absent'],
      ['A3-4', 'absent'],
    ]);
    await life('A4', 'theme_day', sh('2026-06-01 09:00')); // no attendance recorded: quiet

    // 三会一课 frequency, evaluated around the end of Q1.
    await org('F1', 'branch', 'R');
    await org('F2', 'branch', 'R');
    await org('F3', 'branch', 'R', { established: '2026-02-15' });
    for (const month of ['01', '02', '03']) {
      for (const kind of ['committee_meeting', 'group_meeting', 'theme_day']) {
        await life('F1', kind, sh(`2026-${month}-10 10:00`));
      }
      await life('F2', 'group_meeting', sh(`2026-${month}-10 10:00`));
    }
    await life('F1', 'party_lecture', sh('2026-02-10 15:00'));
    await life('F1', 'branch_congress', sh('2026-03-31 23:30'), 20); // last evening of Q1: counts for Q1
    await life('F2', 'committee_meeting', sh('2026-01-10 10:00'));
    await life('F2', 'theme_day', sh('2026-01-10 10:00'));
    await life('F2', 'theme_day', sh('2026-02-10 10:00'));
    await life('F2', 'branch_congress', sh('2026-02-10 15:00'));
    await life('F2', 'party_lecture', sh('2026-04-01 00:30')); // Q2 in Shanghai (Q1 in UTC)

    // 换届.
    await org('T2', 'branch', 'R', { termEnd: '2026-09-14' }); // A + 91 days: quiet
    await org('T3', 'branch', 'R', { termEnd: '2026-06-14' }); // overdue by a day: critical

    // 转正 and terminals.
    await org('P', 'branch', 'R');
    await member('MP1', 'P', 'probationary', '2025-06-15'); // exactly one year: quiet
    await member('MP3', 'P', 'probationary', '2025-03-01'); // 106 days over: critical
    await member('MP4', 'P', 'probationary', '2025-03-17'); // 90 days over: warning
    await member('MPfull', 'P', 'full', '2020-01-01');
    await device('X2', 'MP1', new Date(A.getTime() - 23 * HOUR)); // within 24 h: quiet
    await device('X3', 'MP3', new Date(A.getTime() - 3 * HOUR), 2); // past its own 2 h: fires
    await device('X4', null, new Date(A.getTime() - 100 * HOUR)); // bound to nobody: quiet

    // Zones.
    await org('Zo', 'branch', 'R');
    await member('MZ', 'Zo');
    await zone('Z1', 'Zo', '2026-01-01'); // active, nobody: fires
    await zone('Z2', 'Zo', '2026-01-01', '2026-06-14'); // ended yesterday: quiet
    await zone('Z2b', 'Zo', '2026-06-16'); // starts tomorrow: quiet
    for (const z of ['Z3', 'Z4', 'Z5', 'Z6']) {
      await zone(z, 'Zo', '2026-01-01');
      await pool.query('INSERT INTO zone_member (zone_id, member_id) VALUES ($1, $2)', [zones[z], members.MZ]);
    }
    const enter = (z: string, at: Date) =>
      pool.query(
        `INSERT INTO zone_event (member_id, zone_id, device_id, kind, at, geom)
         VALUES ($1, $2, $3, 'enter', $4, 'SRID=4326;POINT(104.5 23.3)')`,
        [members.MZ, zones[z], devices.X2, at],
      );
    await enter('Z4', new Date(A.getTime() - 31 * DAY)); // last duty 31 days ago: info
    await enter('Z5', new Date(A.getTime() - 29 * DAY)); // 29 days ago: quiet
    await pool.query('INSERT INTO zone_presence (member_id, zone_id, entered_at) VALUES ($1, $2, $3)', [
      members.MZ,
      zones.Z6,
      new Date(A.getTime() - 40 * DAY),
    ]); // inside since 40 days: quiet
  });

  afterAll(async () => {
    const orgIds = Object.values(orgs);
    // Every warning this file made (the demo organisations' too) and their events (cascade).
    await pool.query('DELETE FROM warning WHERE id > $1 OR org_id = ANY ($2)', [baseline, orgIds]);
    await pool.query('DELETE FROM warning_event WHERE id > $1', [eventBaseline]);
    await pool.query('DELETE FROM audit_log WHERE user_id = ANY ($1)', [users]);
    await pool.query('DELETE FROM app_user WHERE id = ANY ($1)', [users]);
    await pool.query('DELETE FROM zone WHERE id = ANY ($1)', [Object.values(zones)]);
    await pool.query('DELETE FROM device WHERE id = ANY ($1)', [Object.values(devices)]);
    await pool.query('DELETE FROM org_life WHERE org_id = ANY ($1)', [orgIds]);
    await pool.query('DELETE FROM member WHERE id = ANY ($1)', [Object.values(members)]);
    await pool.query('DELETE FROM org WHERE id = ANY ($1)', [orgIds]);
  });

  const mine = (hits: Hit[]) => hits.filter((h) => Object.values(orgs).includes(h.org_id));
  async function hitsAt(asOf: Date, rules: string[]) {
    return mine(await evaluateRules(pool, { asOf, rules }));
  }
  const hitOn = (hits: Hit[], kind: Hit['subject_kind'], id: number | undefined, topic = '') =>
    hits.find((h) => h.subject_kind === kind && h.subject_id === id && h.topic === topic);

  it('warns of a month without org life, in Shanghai months, critical after two', async () => {
    const june = await hitsAt(A, ['no_org_life_month']);
    // The event at 23:30 on 31 May belongs to May: June is still empty, May was not.
    expect(hitOn(june, 'org', orgs.L1)).toMatchObject({
      figure: { month: '2026-06', daysLeft: 15 },
      severity: 'info',
      due: '2026-06-30',
    });
    // 00:30 on 1 June (16:30 UTC on 31 May) is June's event.
    expect(hitOn(june, 'org', orgs.L2)).toBeUndefined();
    expect(hitOn(june, 'org', orgs.L3)).toMatchObject({ severity: 'critical' });
    expect(hitOn(june, 'org', orgs.L4)).toBeUndefined(); // not established yet
    expect(hitOn(june, 'org', orgs.R)).toBeUndefined(); // committees hold no branch life

    const late = await hitsAt(sh('2026-06-25 12:00'), ['no_org_life_month']);
    expect(hitOn(late, 'org', orgs.L1)).toMatchObject({ figure: { daysLeft: 5 }, severity: 'warning' });
    // L4, established on 20 June, owed nothing in May: a plain warning, not critical.
    expect(hitOn(late, 'org', orgs.L4)).toMatchObject({ severity: 'warning' });

    // Only events before asOf count: at 23:20 on 31 May, L1's 23:30 event has not happened.
    expect(hitOn(await hitsAt(sh('2026-05-31 23:20'), ['no_org_life_month']), 'org', orgs.L1)).toBeDefined();
    expect(hitOn(await hitsAt(sh('2026-05-31 23:40'), ['no_org_life_month']), 'org', orgs.L1)).toBeUndefined();
  });

  it('warns of attendance below 80 % over 90 days, not at exactly 80 %', async () => {
    const hits = await hitsAt(A, ['attendance_low']);
    expect(hitOn(hits, 'org', orgs.A1)).toBeUndefined();
    expect(hitOn(hits, 'org', orgs.A2)).toMatchObject({
      figure: { rate: 0.6, events: 1, present: 3, recorded: 5, fromDate: '2026-03-17' },
      severity: 'warning',
      due: '2026-06-30',
    });
    // The all-absent event that ended 91 days before A is outside the window.
    expect(hitOn(hits, 'org', orgs.A3)).toMatchObject({
      figure: { rate: 0.5, events: 1, present: 1, recorded: 2 },
      severity: 'critical',
    });
    expect(hitOn(hits, 'org', orgs.A4)).toBeUndefined();
  });

  it('counts 三会一课 per Shanghai month and quarter that has ended', async () => {
    const freq = (hits: Hit[], o: string) =>
      Object.fromEntries(hits.filter((h) => h.subject_id === orgs[o]).map((h) => [h.topic, h]));
    // At the stroke of Q2: Jan–Mar and Q1 have ended.
    const q2 = await hitsAt(sh('2026-04-01 00:00'), ['life_frequency']);
    // F1's 支部党员大会 at 23:30 on 31 March counts for Q1.
    expect(freq(q2, 'F1')).toEqual({});
    const f2 = freq(q2, 'F2');
    expect(Object.keys(f2).sort()).toEqual(['committee_meeting', 'party_lecture', 'theme_day']);
    expect(f2.committee_meeting).toMatchObject({
      figure: { kind: 'committee_meeting', period: 'month', required: 3, held: 1, missed: ['2026-02', '2026-03'] },
      severity: 'critical',
      due: '2026-04-30',
    });
    expect(f2.theme_day).toMatchObject({ figure: { required: 3, held: 2, missed: ['2026-03'] }, severity: 'warning' });
    expect(f2.party_lecture).toMatchObject({
      figure: { period: 'quarter', required: 1, held: 0, missed: ['2026-Q1'] },
      severity: 'warning',
      due: '2026-06-30',
    });
    // Established on 15 February: only March is owed, and no quarter yet.
    const f3 = freq(q2, 'F3');
    expect(Object.keys(f3).sort()).toEqual(['committee_meeting', 'group_meeting', 'theme_day']);
    expect(f3.theme_day?.figure).toMatchObject({ required: 1, held: 0, missed: ['2026-03'] });

    // F2's 党课 at 00:30 on 1 April (before this asOf) is Q2's, so Q1 stays missed.
    expect(freq(await hitsAt(sh('2026-04-02 12:00'), ['life_frequency']), 'F2').party_lecture).toBeDefined();

    // An hour before the end of Q1, neither March nor Q1 has ended.
    const before = freq(await hitsAt(sh('2026-03-31 23:00'), ['life_frequency']), 'F2');
    expect(Object.keys(before)).toEqual(['committee_meeting']);
    expect(before.committee_meeting).toMatchObject({ figure: { missed: ['2026-02'] }, severity: 'warning' });
  });

  it('warns of 换届 due within 90 days, and critically once overdue', async () => {
    const hits = await hitsAt(A, ['term_due']);
    expect(hitOn(hits, 'org', orgs.S1a)).toMatchObject({
      figure: { termEnd: '2026-09-13', daysLeft: 90 },
      severity: 'warning',
      due: '2026-09-13',
    });
    expect(hitOn(hits, 'org', orgs.T2)).toBeUndefined();
    expect(hitOn(hits, 'org', orgs.T3)).toMatchObject({ figure: { daysLeft: -1 }, severity: 'critical' });
  });

  it('warns of 预备党员 overdue for 转正, not on the anniversary itself', async () => {
    const hits = await hitsAt(A, ['probation_overdue']);
    expect(hitOn(hits, 'member', members.MS1)).toMatchObject({
      org_id: orgs.S1,
      figure: { joinedDate: '2025-06-14', dueDate: '2026-06-14', daysOverdue: 1 },
      severity: 'warning',
      due: '2026-06-14',
    });
    expect(hitOn(hits, 'member', members.MP1)).toBeUndefined();
    expect(hitOn(hits, 'member', members.MP3)).toMatchObject({ figure: { daysOverdue: 106 }, severity: 'critical' });
    expect(hitOn(hits, 'member', members.MP4)).toMatchObject({ figure: { daysOverdue: 90 }, severity: 'warning' });
    expect(hitOn(hits, 'member', members.MPfull)).toBeUndefined();
  });

  it('warns of a bound terminal silent past its own threshold', async () => {
    const hits = await hitsAt(A, ['device_offline']);
    expect(hitOn(hits, 'device', devices.X1)).toMatchObject({
      org_id: orgs.S1,
      figure: { lastFixAt: iso(new Date(A.getTime() - 25 * HOUR)), hoursSilent: 25, thresholdHours: 24 },
      severity: 'warning',
      due: '2026-06-15',
    });
    expect(hitOn(hits, 'device', devices.X2)).toBeUndefined();
    expect(hitOn(hits, 'device', devices.X3)).toMatchObject({ figure: { hoursSilent: 3, thresholdHours: 2 } });
    expect(hitOn(hits, 'device', devices.X4)).toBeUndefined();
  });

  it('warns of active zones without members, and of zones nobody was on duty in for 30 days', async () => {
    const hits = await hitsAt(A, ['zone_no_members', 'zone_no_duty']);
    const empty = hits.filter((h) => h.rule === 'zone_no_members').map((h) => h.subject_id);
    expect(empty).toEqual([zones.Z1]);
    expect(hitOn(hits, 'zone', zones.Z1)).toMatchObject({
      figure: { zoneName: '预警测试责任区Z1' },
      severity: 'warning',
      due: '2026-06-29',
    });
    const idle = hits.filter((h) => h.rule === 'zone_no_duty');
    expect(idle.map((h) => h.subject_id).sort((a, b) => a - b)).toEqual([zones.Z3, zones.Z4]);
    expect(idle.find((h) => h.subject_id === zones.Z3)).toMatchObject({
      figure: { lastDutyAt: null, members: 1 },
      severity: 'warning',
      due: '2026-06-22',
    });
    expect(idle.find((h) => h.subject_id === zones.Z4)).toMatchObject({
      figure: { lastDutyAt: iso(new Date(A.getTime() - 31 * DAY)), members: 1 },
      severity: 'info',
    });
  });

  const live = (orgKey: string, rule: string) =>
    one<{ id: number; state: string } | undefined>(
      `SELECT id, state FROM warning WHERE org_id = $1 AND rule = $2 AND state <> 'closed'`,
      [orgs[orgKey], rule],
    );
  const counts = async () =>
    one<{ warnings: number; events: number }>(
      'SELECT (SELECT count(*) FROM warning)::int AS warnings, (SELECT count(*) FROM warning_event)::int AS events',
    );

  it('recomputes idempotently: the second run changes nothing and writes no events', async () => {
    const before = await counts();
    const first = await recomputeWarnings(pool, { asOf: A, outbox: true });
    expect(first.skipped).toBe(false);
    expect(first.opened).toBeGreaterThan(20);
    const after = await counts();
    expect(after.warnings - before.warnings).toBe(first.opened);
    expect(after.events - before.events).toBe(first.opened + first.closed);
    const ids = await q('SELECT id, updated_at FROM warning WHERE org_id = ANY ($1) ORDER BY id', [
      Object.values(orgs),
    ]);
    // The rules' cases are live warnings now, their near misses are not.
    expect((await live('L3', 'no_org_life_month'))?.state).toBe('open');
    expect((await live('A2', 'attendance_low'))?.state).toBe('open');
    expect(await live('A1', 'attendance_low')).toBeUndefined();
    expect((await live('T3', 'term_due'))?.state).toBe('open');
    expect(await live('T2', 'term_due')).toBeUndefined();

    const second = await recomputeWarnings(pool, { asOf: A, outbox: true });
    expect(second).toEqual({ skipped: false, opened: 0, updated: 0, closed: 0 });
    expect(await counts()).toEqual(after);
    expect(
      await q('SELECT id, updated_at FROM warning WHERE org_id = ANY ($1) ORDER BY id', [Object.values(orgs)]),
    ).toEqual(ids);
  });

  it('closes a warning by itself once its condition is cleared', async () => {
    const open = await live('L3', 'no_org_life_month');
    await life('L3', 'theme_day', sh('2026-06-10 09:00'));
    const result = await recomputeWarnings(pool, { asOf: A, outbox: true });
    expect(result).toMatchObject({ opened: 0, closed: 1 });
    const row = await one('SELECT state, closed_at, closed_by FROM warning WHERE id = $1', [open?.id]);
    expect(row).toMatchObject({ state: 'closed', closed_by: null });
    expect(row.closed_at).toBeInstanceOf(Date);
    expect(await q('SELECT kind FROM warning_event WHERE warning_id = $1 ORDER BY id', [open?.id])).toEqual([
      { kind: 'opened' },
      { kind: 'closed' },
    ]);
  });

  it('keeps the first due date of a grace-period rule while its warning stays live', async () => {
    const z1 = () =>
      one<{ id: number; due: string }>(
        `SELECT id, due FROM warning WHERE rule = 'zone_no_members' AND subject_id = $1 AND state <> 'closed'`,
        [zones.Z1],
      );
    const first = await z1();
    expect(first.due).toBe('2026-06-29');
    await recomputeWarnings(pool, { asOf: new Date(A.getTime() + 3 * DAY), rules: ['zone_no_members'] });
    expect(await z1()).toEqual(first);
    await recomputeWarnings(pool, { asOf: A, rules: ['zone_no_members'] });
  });

  it('lists warnings within scope: leader, secretary, member, and the demo accounts', async () => {
    const ours = new Set(Object.values(orgs));
    const expected = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM warning WHERE org_id = ANY ($1) AND state <> 'closed'`,
      [[...ours]],
    );
    const leader = await call('wt-leader', '/api/warnings?pageSize=500');
    expect(leader.status).toBe(200);
    expect(leader.body.total).toBe(expected.n);
    expect(leader.body.items.every((w: { orgId: number }) => ours.has(w.orgId))).toBe(true);
    const term = leader.body.items.find(
      (w: { rule: string; orgId: number }) => w.rule === 'term_due' && w.orgId === orgs.S1a,
    );
    expect(term).toMatchObject({
      topic: '',
      subject: { kind: 'org', id: orgs.S1a, name: '预警测试S1a' },
      orgName: '预警测试S1a',
      figure: { termEnd: '2026-09-13', daysLeft: 90 },
      severity: 'warning',
      due: '2026-09-13',
      state: 'open',
      acknowledged: null,
      closed: null,
    });
    expect(typeof term.createdAt).toBe('string');

    // The secretary of S1 sees S1 and S1a, nothing of their siblings, and not the parent by id.
    const sec = await call('wt-secretary', '/api/warnings?pageSize=500');
    const secOrgs = new Set(sec.body.items.map((w: { orgId: number }) => w.orgId));
    expect([...secOrgs].sort()).toEqual([orgs.S1, orgs.S1a].sort());
    expect((await call('wt-secretary', `/api/warnings?org=${orgs.R}`)).status).toBe(404);
    const sub = await call('wt-secretary', `/api/warnings?org=${orgs.S1a}`);
    expect(sub.body.total).toBeGreaterThan(1);
    expect(new Set(sub.body.items.map((w: { orgId: number }) => w.orgId))).toEqual(new Set([orgs.S1a]));

    // A member sees the warnings about themself and their own terminal, not their branch's.
    const self = await call('wt-member', '/api/warnings');
    expect(self.status).toBe(200);
    const got = self.body.items.map((w: { rule: string; subject: { kind: string; id: number } }) => [
      w.rule,
      w.subject.kind,
      w.subject.id,
    ]);
    expect(got.sort()).toEqual(
      [
        ['device_offline', 'device', devices.X1],
        ['probation_overdue', 'member', members.MS1],
      ].sort(),
    );
    const terminal = self.body.items.find((w: { rule: string }) => w.rule === 'device_offline');
    expect(terminal.subject.name).toBe('预警测试党员MS1 · WARNTEST-X1');

    // The demo accounts cannot see the crafted tree at all.
    expect((await call('admin', `/api/warnings?org=${orgs.R}`)).status).toBe(404);
    expect((await call('secretary', `/api/warnings?org=${orgs.S1}`)).status).toBe(404);
    const demo = await call('secretary', '/api/warnings?state=all&pageSize=500');
    expect(demo.status).toBe(200);
    const path = await one<{ path: string }>(
      `SELECT o.path::text AS path FROM app_user u JOIN org o ON o.id = u.org_id WHERE u.username = 'secretary'`,
    );
    const outside = await q(`SELECT o.id FROM org o WHERE o.id = ANY ($1) AND NOT o.path <@ $2::ltree`, [
      demo.body.items.map((w: { orgId: number }) => w.orgId),
      path.path,
    ]);
    expect(outside).toEqual([]);
    const demoMember = await call('member', '/api/warnings?state=all&pageSize=500');
    const me = await call('member', '/api/auth/me');
    for (const w of demoMember.body.items) {
      expect(['member', 'device']).toContain(w.subject.kind);
      if (w.subject.kind === 'member') expect(w.subject.id).toBe(me.body.memberId);
    }
  });

  it('filters, pages and validates the list', async () => {
    const terms = await call('wt-leader', '/api/warnings?rule=term_due');
    expect(terms.body.items.map((w: { orgId: number }) => w.orgId).sort()).toEqual([orgs.S1a, orgs.T3].sort());
    const critical = await call('wt-leader', '/api/warnings?severity=critical&pageSize=500');
    expect(critical.body.items.length).toBeGreaterThan(0);
    expect(critical.body.items.every((w: { severity: string }) => w.severity === 'critical')).toBe(true);
    const closed = await call('wt-leader', `/api/warnings?state=closed&org=${orgs.L3}`);
    expect(closed.body.items).toMatchObject([
      { rule: 'no_org_life_month', state: 'closed', closed: { by: null, at: expect.any(String) } },
    ]);
    const page = await call('wt-leader', '/api/warnings?pageSize=2&page=2');
    const all = await call('wt-leader', '/api/warnings?pageSize=500');
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: all.body.total });
    expect(page.body.items.map((w: { id: number }) => w.id)).toEqual(
      all.body.items.slice(2, 4).map((w: { id: number }) => w.id),
    );
    for (const bad of ['rule=bogus', 'state=gone', 'severity=high', 'org=abc', 'pageSize=0']) {
      const res = await call('wt-leader', `/api/warnings?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await call(null, '/api/warnings')).status).toBe(401);
  });

  it('sums live warnings by rule, severity and organisation', async () => {
    const all = await call('wt-leader', '/api/warnings?pageSize=500');
    const sum = await call('wt-leader', '/api/warnings/summary');
    expect(sum.status).toBe(200);
    expect(sum.body.total).toBe(all.body.total);
    const s1 = all.body.items.filter((w: { orgId: number }) => w.orgId === orgs.S1);
    expect(sum.body.byOrg).toContainEqual({
      orgId: orgs.S1,
      open: s1.length,
      critical: s1.filter((w: { severity: string }) => w.severity === 'critical').length,
    });
    const terms = sum.body.byRule.find((r: { rule: string }) => r.rule === 'term_due');
    expect(terms).toEqual({ rule: 'term_due', total: 2, info: 0, warning: 1, critical: 1 });
    const bySeverity = sum.body.bySeverity;
    expect(bySeverity.info + bySeverity.warning + bySeverity.critical).toBe(sum.body.total);
    const sub = await call('wt-secretary', `/api/warnings?org=${orgs.S1a}`);
    const sec = await call('wt-secretary', `/api/warnings/summary?org=${orgs.S1a}`);
    const critical = sub.body.items.filter((w: { severity: string }) => w.severity === 'critical').length;
    expect(critical).toBeGreaterThan(0);
    expect(sec.body).toMatchObject({
      total: sub.body.total,
      byOrg: [{ orgId: orgs.S1a, open: sub.body.total, critical }],
    });
    expect((await call('wt-secretary', `/api/warnings/summary?org=${orgs.R}`)).status).toBe(404);
  });

  it('acknowledges and closes within scope and role, audited; a closed warning is 409', async () => {
    const l1 = await live('L1', 'no_org_life_month');
    const ack = await call('wt-leader', `/api/warnings/${l1?.id}/acknowledge`, { method: 'POST' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: l1?.id, state: 'acknowledged', acknowledged: { by: '预警测试领导' } });
    // A recompute refreshes it but keeps the acknowledgement.
    await recomputeWarnings(pool, { asOf: sh('2026-06-25 12:00'), rules: ['no_org_life_month'] });
    expect(await one('SELECT state, severity FROM warning WHERE id = $1', [l1?.id])).toEqual({
      state: 'acknowledged',
      severity: 'warning',
    });
    await recomputeWarnings(pool, { asOf: A, rules: ['no_org_life_month'] });

    const term = await live('S1a', 'term_due');
    expect((await call('wt-member', `/api/warnings/${term?.id}/acknowledge`, { method: 'POST' })).status).toBe(403);
    expect((await call('wt-leader', `/api/warnings/${term?.id}/close`, { method: 'POST' })).status).toBe(403);
    expect((await call('admin', `/api/warnings/${term?.id}/acknowledge`, { method: 'POST' })).status).toBe(404);
    expect((await call('secretary', `/api/warnings/${term?.id}/close`, { method: 'POST' })).status).toBe(404);
    const badNote = await call('wt-secretary', `/api/warnings/${term?.id}/close`, {
      method: 'POST',
      body: JSON.stringify({ note: 5 }),
    });
    expect(badNote.status).toBe(400);

    const close = await call('wt-secretary', `/api/warnings/${term?.id}/close`, {
      method: 'POST',
      body: JSON.stringify({ note: '已报上级党委，换届筹备中' }),
    });
    expect(close.status).toBe(200);
    expect(close.body).toMatchObject({ id: term?.id, state: 'closed', closed: { by: '预警测试书记' } });
    const audit = await q(
      `SELECT action, detail FROM audit_log WHERE subject_kind = 'warning' AND subject_id = ANY ($1) ORDER BY id`,
      [[l1?.id, term?.id]],
    );
    expect(audit).toEqual([
      { action: 'warning.acknowledge', detail: { rule: 'no_org_life_month' } },
      { action: 'warning.close', detail: { rule: 'term_due', note: '已报上级党委，换届筹备中' } },
    ]);
    // No webhook in this app: no outbox events for these changes.
    expect(await q(`SELECT kind FROM warning_event WHERE warning_id = $1 AND kind <> 'opened'`, [term?.id])).toEqual(
      [],
    );
    for (const action of ['close', 'acknowledge']) {
      const again = await call('wt-secretary', `/api/warnings/${term?.id}/${action}`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('warning_closed');
    }
    expect((await call('wt-secretary', '/api/warnings/999999999/close', { method: 'POST' })).status).toBe(404);

    // The term is still due: the next recompute opens a fresh warning; the closed one stays history.
    const next = await recomputeWarnings(pool, { asOf: A });
    expect(next.opened).toBe(1);
    const fresh = await live('S1a', 'term_due');
    expect(fresh?.id).not.toBe(term?.id);
    expect(fresh?.state).toBe('open');
    expect((await one('SELECT state FROM warning WHERE id = $1', [term?.id])).state).toBe('closed');
  });

  it('runs one recompute at a time across connections (advisory lock)', async () => {
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [RECOMPUTE_LOCK]);
      if (db.engine === 'postgres') {
        expect(await recomputeWarnings(pool, { asOf: A })).toEqual({ skipped: true, opened: 0, updated: 0, closed: 0 });
        await holder.query('COMMIT');
      } else {
        // One PGlite backend runs one transaction at a time: the second recompute cannot overlap,
        // it waits for the holder's transaction and then finds the lock free.
        let settled = false;
        const waiting = recomputeWarnings(pool, { asOf: A }).finally(() => {
          settled = true;
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).toBe(false);
        await holder.query('COMMIT');
        expect(await waiting).toEqual({ skipped: false, opened: 0, updated: 0, closed: 0 });
      }
    } finally {
      holder.release();
    }
    expect((await recomputeWarnings(pool, { asOf: A })).skipped).toBe(false);
  });

  it('recomputes on demand for admins and leaders only', async () => {
    expect((await call('wt-secretary', '/api/warnings/recompute', { method: 'POST' })).status).toBe(403);
    const res = await call('wt-leader', '/api/warnings/recompute', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ skipped: false, opened: expect.any(Number), closed: expect.any(Number) });
    // Evaluated now (December): June's missing org life is no longer this month's.
    const month = await one<{ figure: { month: string } }>(
      `SELECT figure FROM warning WHERE rule = 'no_org_life_month' AND org_id = $1 AND state <> 'closed'`,
      [orgs.L3],
    );
    expect(month.figure.month).not.toBe('2026-06');
  });

  describe('webhook', () => {
    const secret = 'test-webhook-secret';
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const answers: number[] = [];
    let server: Server;
    let url = '';

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
          body += chunk;
        });
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.statusCode = answers.shift() ?? 200;
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/redmap`;
      // Earlier tests' outbox rows are not this test's business.
      await pool.query('UPDATE warning_event SET delivered_at = now() WHERE delivered_at IS NULL');
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const event = (id: number) =>
      one<{ attempts: number; delivered_at: Date | null; last_error: string | null; wait: number }>(
        `SELECT attempts, delivered_at, last_error,
                extract(epoch FROM next_attempt_at - now())::float8 AS wait
           FROM warning_event WHERE id = $1`,
        [id],
      );
    const due = (id: number) => pool.query('UPDATE warning_event SET next_attempt_at = now() WHERE id = $1', [id]);

    it('delivers an acknowledgement signed, retried with back-off after two failures', async () => {
      const hooked = createApp({
        pool,
        engine: db.engine,
        capabilities: db.capabilities,
        sessionHours: 1,
        secureCookies: false,
        warningWebhook: { url, secret },
      });
      const target = await live('P', 'probation_overdue');
      const res = await hooked.request(`/api/warnings/${target?.id}/acknowledge`, {
        method: 'POST',
        headers: { cookie: await login('wt-leader') },
      });
      expect(res.status).toBe(200);
      const [outbox] = await q<{ id: number }>(
        `SELECT id FROM warning_event WHERE warning_id = $1 AND kind = 'acknowledged'`,
        [target?.id],
      );
      expect(outbox).toBeDefined();
      const id = outbox?.id as number;
      const hook = { url, secret };

      answers.push(500, 500);
      expect(await deliverWarningEvents(pool, hook)).toEqual({ delivered: 0, failed: 1 });
      let row = await event(id);
      expect(row).toMatchObject({ attempts: 1, delivered_at: null, last_error: 'HTTP 500' });
      expect(row.wait).toBeGreaterThan(1);
      expect(row.wait).toBeLessThanOrEqual(2);
      // Not due yet: nothing is sent.
      expect(await deliverWarningEvents(pool, hook)).toEqual({ delivered: 0, failed: 0 });
      expect(received).toHaveLength(1);

      await due(id);
      expect(await deliverWarningEvents(pool, hook)).toEqual({ delivered: 0, failed: 1 });
      row = await event(id);
      expect(row.attempts).toBe(2);
      expect(row.wait).toBeGreaterThan(3);
      expect(row.wait).toBeLessThanOrEqual(4);
      await due(id);
      expect(await deliverWarningEvents(pool, hook)).toEqual({ delivered: 1, failed: 0 });
      row = await event(id);
      expect(row.delivered_at).toBeInstanceOf(Date);
      expect(row.last_error).toBeNull();

      expect(received).toHaveLength(3);
      for (const r of received) {
        expect(r.headers['x-redmap-event']).toBe('warning.acknowledged');
        expect(r.headers['x-redmap-delivery']).toBe(String(id));
        const ts = r.headers['x-redmap-timestamp'] as string;
        expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
        const expected = createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex');
        expect(r.headers['x-redmap-signature']).toBe(`sha256=${expected}`);
        const forged = createHmac('sha256', 'another-secret').update(`${ts}.${r.body}`).digest('hex');
        expect(r.headers['x-redmap-signature']).not.toBe(`sha256=${forged}`);
      }
      expect(JSON.parse(received[2]?.body ?? '')).toEqual({
        event: 'warning.acknowledged',
        deliveryId: id,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        warning: {
          id: target?.id,
          rule: 'probation_overdue',
          topic: '',
          subject: { kind: 'member', id: expect.any(Number) },
          orgId: orgs.P,
          figure: expect.objectContaining({ daysOverdue: expect.any(Number) }),
          severity: expect.any(String),
          due: expect.any(String),
          state: 'acknowledged',
        },
      });
    });

    it('runs the warnings job with an outbox and delivers its events right away', async () => {
      const config = { warningWebhookUrl: url, warningWebhookSecret: secret };
      expect(defaultJobs(pool, config).map((j) => [j.name, j.cron])).toEqual([
        ['warnings', '*/10 * * * *'],
        ['coverage-warnings', '0 2 * * *'],
        ['indices', '30 1 * * *'],
        ['warning-webhook', '*/30 * * * * *'],
      ]);
      const plain = defaultJobs(pool, { warningWebhookUrl: undefined, warningWebhookSecret: undefined });
      expect(plain.map((j) => j.name)).toEqual(['warnings', 'coverage-warnings', 'indices']);

      await member('MPlate', 'P', 'probationary', '2024-01-01');
      const before = received.length;
      const job = defaultJobs(pool, config).find((j) => j.name === 'warnings');
      expect(await job?.run()).toMatchObject({ skipped: false, opened: 1 });
      const opened = received.slice(before).map((r) => JSON.parse(r.body));
      expect(opened).toMatchObject([
        { event: 'warning.opened', warning: { rule: 'probation_overdue', subject: { id: members.MPlate } } },
      ]);
      expect(await q('SELECT id FROM warning_event WHERE delivered_at IS NULL')).toEqual([]);
    });

    it('gives an event up after ten attempts, and times out a receiver that never answers', async () => {
      const target = await live('P', 'probation_overdue');
      const [last] = await q<{ id: number }>(
        `INSERT INTO warning_event (warning_id, kind, attempts) VALUES ($1, 'opened', $2) RETURNING id`,
        [target?.id, MAX_ATTEMPTS - 1],
      );
      answers.push(503);
      const before = received.length;
      expect(await deliverWarningEvents(pool, { url, secret })).toEqual({ delivered: 0, failed: 1 });
      await due(last?.id as number);
      expect(await deliverWarningEvents(pool, { url, secret })).toEqual({ delivered: 0, failed: 0 });
      expect(received.length).toBe(before + 1);
      expect(await event(last?.id as number)).toMatchObject({ attempts: MAX_ATTEMPTS, delivered_at: null });

      const silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const [hung] = await q<{ id: number }>(
        `INSERT INTO warning_event (warning_id, kind) VALUES ($1, 'closed') RETURNING id`,
        [target?.id],
      );
      const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const result = await deliverWarningEvents(pool, { url: silentUrl, secret }, { timeoutMs: 200 });
      silent.closeAllConnections();
      silent.close();
      expect(result).toEqual({ delivered: 0, failed: 1 });
      expect(await event(hung?.id as number)).toMatchObject({ attempts: 1, last_error: 'no answer within 200 ms' });
      await pool.query('UPDATE warning_event SET delivered_at = now() WHERE id = $1', [hung?.id]);
    });
  });
});
