import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ingest } from '../../api/devices/ingest.ts';
import { encodeMessage, MsgId, RegisterResult, ReplyResult } from '../../api/devices/jt808/codec.ts';
import { escapeBytes } from '../../api/devices/jt808/frame.ts';
import { startJt808Listener } from '../../api/devices/jt808/server.ts';
import { Jt808Terminal, locationReport } from '../../api/devices/jt808/terminal.ts';
import type { DeviceListener } from '../../api/devices/tcp.ts';
import { databases } from './harness.ts';

describe.each(databases)('JT/T 808 over TCP on $engine', (db) => {
  const pool = new pg.Pool(db.poolConfig);
  const ingest = new Ingest(pool);
  let listener: DeviceListener;
  /** Two demo terminals: one speaks the 2013 header, the other the 2019 one (20-digit phone). */
  let t2013: { id: number; phone: string; authCode: string };
  let t2019: { id: number; phone: string; authCode: string };
  const open: Jt808Terminal[] = [];
  /** Devices the tests provision, removed afterwards. */
  const provisioned: number[] = [];
  const base = Date.now() - 3600_000;
  const at = (s: number) => new Date(Math.floor((base + s * 1000) / 1000) * 1000); // BCD time has whole seconds

  async function connect(phone: string, layout: 2013 | 2019 = 2013) {
    const t = await Jt808Terminal.connect('127.0.0.1', listener.port, phone, layout);
    open.push(t);
    return t;
  }
  const stored = async (device: number) =>
    (await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1', [device])).rows[0].n;

  beforeAll(async () => {
    listener = await startJt808Listener(pool, ingest, {
      host: '127.0.0.1',
      port: 0,
      idleMs: 60_000,
      maxConnections: 100,
      autoRegister: false,
    });
    const { rows } = await pool.query(
      `SELECT id, terminal_id AS phone, auth_code AS "authCode" FROM device
        WHERE protocol = 'jt808' AND member_id IS NOT NULL ORDER BY id LIMIT 2`,
    );
    [t2013, t2019] = rows;
  });

  afterAll(async () => {
    for (const t of open) t.close();
    await listener.stop();
    await pool.query('DELETE FROM position WHERE device_id = ANY($1)', [[t2013.id, t2019.id, ...provisioned]]);
    await pool.query('DELETE FROM device WHERE id = ANY($1)', [provisioned]);
    await pool.end();
  });

  it('registers, authenticates and acknowledges a report after storing it', async () => {
    const t = await connect(t2013.phone);
    expect(await t.login(t2013.authCode)).toBe(true);
    const serial = 40;
    const reply = await t.request(
      { type: 'location', report: locationReport(104.25, 23.37, at(0), 36.5, 270) },
      5000,
      serial,
    );
    expect(reply).toEqual({
      type: 'platformReply',
      replySerial: serial,
      replyId: MsgId.location,
      result: ReplyResult.ok,
    });
    const { rows } = await pool.query(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, time, speed_kmh, heading, altitude_m, source
         FROM position WHERE device_id = $1`,
      [t2013.id],
    );
    expect(rows).toEqual([
      { lon: 104.25, lat: 23.37, time: at(0), speed_kmh: 36.5, heading: 270, altitude_m: 1200, source: 'jt808' },
    ]);
  });

  it('stores a retransmitted report once, and a batch of reports', async () => {
    const t = await connect(t2013.phone);
    expect(await t.login(t2013.authCode)).toBe(true);
    const before = await stored(t2013.id);
    const report = { type: 'location', report: locationReport(104.26, 23.38, at(10)) } as const;
    expect((await t.request(report, 5000, 7))?.result).toBe(0);
    expect((await t.request(report, 5000, 7))?.result).toBe(0); // the same serial again: a retransmission
    const batch = await t.request({
      type: 'locationBatch',
      batchType: 1,
      reports: [1, 2, 3].map((i) => locationReport(104.26 + i / 1000, 23.38, at(10 + i))),
      rejected: [],
    });
    expect(batch).toMatchObject({ replyId: MsgId.locationBatch, result: 0 });
    expect(await stored(t2013.id)).toBe(before + 4);
  });

  it('speaks the 2019 header with a 20-digit terminal phone', async () => {
    const t = await connect(t2019.phone.padStart(20, '0'), 2019);
    expect(await t.login(t2019.authCode)).toBe(true);
    expect((await t.request({ type: 'location', report: locationReport(104.3, 23.4, at(20)) }))?.result).toBe(0);
    expect(await stored(t2019.id)).toBe(1);
    const reply = t.received.at(-1);
    expect(reply?.header).toMatchObject({ layout: 2019, phone: t2019.phone.replace(/^0+/, '') });
  });

  it('refuses unknown terminals, wrong auth codes and reports before authentication', async () => {
    const stranger = await connect('099999999999');
    const reg = await stranger.request({
      type: 'register',
      version: 2013,
      province: 53,
      city: 2600,
      maker: 'X',
      model: 'Y',
      terminalId: 'Z',
      plateColour: 0,
      plate: '',
    });
    expect(reg).toMatchObject({ type: 'registerReply', result: RegisterResult.noSuchTerminal });

    const t = await connect(t2013.phone);
    const before = await stored(t2013.id);
    const early = await t.request({ type: 'location', report: locationReport(104.2, 23.3, at(30)) });
    expect(early?.result).toBe(ReplyResult.fail);
    expect((await t.request({ type: 'auth', authCode: 'not-the-code' }))?.result).toBe(ReplyResult.fail);
    expect(await stored(t2013.id)).toBe(before);
  });

  it('drops a bad frame without closing the connection, and answers unknown ids as unsupported', async () => {
    const t = await connect(t2013.phone);
    expect(await t.login(t2013.authCode)).toBe(true);
    const good = encodeMessage({ layout: 2013, phoneBcd: t2013.phone, serial: 90 }, { type: 'heartbeat' });
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 2] = (corrupt[corrupt.length - 2] as number) ^ 0x55; // the check code
    t.sendRaw(corrupt);
    t.sendRaw(Buffer.from('garbage before the next frame'));
    // An unknown message id with a valid check code: 0x0900 (data uplink) carrying two bytes.
    const raw = Buffer.from([
      0x09,
      0x00,
      0x00,
      0x02,
      ...Buffer.from(t2013.phone.padStart(12, '0'), 'hex'),
      0,
      91,
      1,
      2,
    ]);
    let check = 0;
    for (const b of raw) check ^= b;
    t.sendRaw(
      Buffer.concat([
        Buffer.from([0x7e]),
        escapeBytes(Buffer.concat([raw, Buffer.from([check])])),
        Buffer.from([0x7e]),
      ]),
    );
    expect(await t.reply(91)).toMatchObject({ replyId: 0x0900, result: ReplyResult.unsupported });
    const beat = await t.request({ type: 'heartbeat' });
    expect(beat?.result).toBe(ReplyResult.ok);
    expect(t.received.some((m) => m.body.type === 'platformReply' && m.body.replySerial === 90)).toBe(false);
    expect(t.closed).toBe(false);
  });

  /** A terminal provisioned by an administrator that has not registered yet (a fresh number). */
  async function provision(phone: string, details: { maker?: string; model?: string } = {}) {
    const { rows } = await pool.query(
      `INSERT INTO device (terminal_id, protocol, member_id, register_maker, register_model)
       SELECT $1, 'jt808', member_id, $2, $3 FROM device WHERE id = $4 RETURNING id`,
      [phone, details.maker ?? null, details.model ?? null, t2013.id],
    );
    provisioned.push(rows[0].id);
    return rows[0].id as number;
  }
  const register = (t: Jt808Terminal) =>
    t.request({
      type: 'register',
      version: 2013,
      province: 53,
      city: 2600,
      maker: 'REDMP',
      model: 'SIM-1',
      terminalId: '1234567',
      plateColour: 0,
      plate: '',
    });

  it('gives the auth code to the first registration only, and result 3 with no code after', async () => {
    const phone = '066600000001';
    const id = await provision(phone, { maker: 'REDMP', model: 'SIM-1' });
    const first = await connect(phone);
    const given = await register(first);
    expect(given).toMatchObject({ type: 'registerReply', result: RegisterResult.ok });
    const code = given?.type === 'registerReply' ? given.authCode : undefined;
    expect(code).toBeTruthy();
    // Anyone else sending the same number (a forger, or the terminal again) learns nothing.
    const forger = await connect(phone);
    const again = await register(forger);
    expect(again).toMatchObject({ type: 'registerReply', result: RegisterResult.terminalRegistered });
    expect(again && 'authCode' in again ? again.authCode : undefined).toBeUndefined();
    expect((await forger.request({ type: 'auth', authCode: 'guess' }))?.result).toBe(ReplyResult.fail);
    const forged = await forger.request({ type: 'location', report: locationReport(104.9, 23.1, at(70)) });
    expect(forged?.result).toBe(ReplyResult.fail);
    expect(await stored(id)).toBe(0);
    // The real terminal kept its code and logs in with it.
    expect(await forger.login(code)).toBe(true);
  });

  it('refuses wrong register details like an unknown number, and stores nothing', async () => {
    const phone = '066600000002';
    await provision(phone, { maker: 'OTHER' });
    const t = await connect(phone);
    expect(await register(t)).toMatchObject({ result: RegisterResult.noSuchTerminal });
    const unknown = await connect('066600009999');
    expect(await register(unknown)).toMatchObject({ result: RegisterResult.noSuchTerminal });
    const { rows } = await pool.query('SELECT registered_at, auth_code FROM device WHERE terminal_id = $1', [phone]);
    expect(rows[0]).toEqual({ registered_at: null, auth_code: null });
  });

  it('refuses every attempt, even a right one, past the limit per terminal and per address', async () => {
    const strict = await startJt808Listener(pool, ingest, {
      host: '127.0.0.1',
      port: 0,
      idleMs: 60_000,
      maxConnections: 100,
      autoRegister: false,
      refusals: { perTerminal: 3, perAddress: 6, windowMs: 60_000 },
    });
    try {
      const dial = async (phone: string, layout: 2013 | 2019 = 2013) => {
        const t = await Jt808Terminal.connect('127.0.0.1', strict.port, phone, layout);
        open.push(t);
        return t;
      };
      const t = await dial(t2013.phone);
      for (let i = 0; i < 3; i++) expect((await t.request({ type: 'auth', authCode: `wrong${i}` }))?.result).toBe(1);
      // The terminal is locked for the window: its right code is refused unchecked.
      expect((await t.request({ type: 'auth', authCode: t2013.authCode }))?.result).toBe(ReplyResult.fail);
      // Another terminal from the same address still gets in, until the address is over its limit.
      const other = await dial(t2019.phone.padStart(20, '0'), 2019);
      expect(await other.login(t2019.authCode)).toBe(true);
      for (let i = 0; i < 3; i++) expect(await register(await dial(`06660000100${i}`))).toMatchObject({ result: 4 });
      const late = await dial(t2019.phone.padStart(20, '0'), 2019);
      expect(await late.login(t2019.authCode)).toBe(false);
    } finally {
      await strict.stop();
    }
  });

  it('closes a connection that sends nothing but 0x7E flags', async () => {
    const t = await connect(t2013.phone);
    // Once 234 MB of bare flags in 10 s were taken without end.
    for (let i = 0; i < 8 && !t.closed; i++) {
      t.sendRaw(Buffer.alloc(4096, 0x7e));
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(t.closed).toBe(true);
  });

  it('closes a connection that sends nothing but garbage', async () => {
    const t = await connect(t2013.phone);
    for (let i = 0; i < 30; i++) t.sendRaw(Buffer.from([0x7e, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x7e]));
    await new Promise((r) => setTimeout(r, 300));
    expect(t.closed).toBe(true);
  });

  /**
   * Ends the connection of the batch that waits behind `blocker`. On a server that is
   * pg_terminate_backend of the backend waiting for the row lock; the embedded engine has one
   * backend for all connections, so there the batch waits for its turn and its connection is cut
   * (the adapter rolls back what it left open), as a crashed database link would be.
   */
  async function killWaitingBatch(blocker: pg.PoolClient): Promise<number> {
    if (db.engine === 'postgres') {
      const { rows } = await blocker.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query LIKE '%unnest%' AND pid <> pg_backend_pid()`,
      );
      return rows.length;
    }
    type Internal = {
      _clients: (pg.ClientBase & { _activeQuery: unknown; connection: { stream: { destroy(): void } } })[];
    };
    const waiting = (pool as unknown as Internal)._clients.filter((c) => c !== (blocker as unknown) && c._activeQuery);
    for (const c of waiting) c.connection.stream.destroy();
    return waiting.length;
  }

  it('sends no acknowledgement when the commit fails, and stores the retransmission after recovery', async () => {
    const t = await connect(t2013.phone);
    expect(await t.login(t2013.authCode)).toBe(true);
    const report = { type: 'location', report: locationReport(104.27, 23.39, at(40)) } as const;
    // Hold the terminal's device row (on the embedded engine: the backend itself) so the batch
    // waits mid-transaction, then kill its connection.
    const blocker = await pool.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM device WHERE id = $1 FOR UPDATE', [t2013.id]);
    const ack = t.reply(55, 3000);
    t.send(report, 55);
    let killed = 0;
    for (let i = 0; i < 50 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      killed = await killWaitingBatch(blocker);
    }
    expect(killed).toBe(1);
    expect(await ack).toBeUndefined(); // no 0x8001 for a report that was not committed
    await blocker.query('ROLLBACK');
    blocker.release();
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1 AND time = $2', [
      t2013.id,
      at(40),
    ]);
    expect(rows[0].n).toBe(0);
    // The terminal retransmits under the same serial: stored once, acknowledged.
    expect((await t.request(report, 5000, 55))?.result).toBe(ReplyResult.ok);
    const again = await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1 AND time = $2', [
      t2013.id,
      at(40),
    ]);
    expect(again.rows[0].n).toBe(1);
  });
});
