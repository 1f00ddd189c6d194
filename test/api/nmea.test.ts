import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ingest } from '../../api/devices/ingest.ts';
import { formatRmc, sentence } from '../../api/devices/nmea/format.ts';
import { startNmeaListener } from '../../api/devices/nmea/server.ts';
import type { DeviceListener } from '../../api/devices/tcp.ts';
import { demoNmeaSecret } from '../../geodata/demo/accounts.ts';
import { databases } from './harness.ts';

// NMEA 0183 has no authentication of its own: a terminal names itself and gives its secret in the
// first line. Once `$PRMID,<id>*HH` and one RMC moved any member's last position.
describe.each(databases)('NMEA 0183 over TCP on $engine', (db) => {
  const pool = new pg.Pool(db.poolConfig);
  const ingest = new Ingest(pool);
  const listeners: DeviceListener[] = [];
  let device: { id: number; terminalId: string };
  const start = (extra: Parameters<typeof startNmeaListener>[2] extends infer O ? Partial<O> : never = {}) =>
    startNmeaListener(pool, ingest, { host: '127.0.0.1', port: 0, idleMs: 60_000, maxConnections: 50, ...extra }).then(
      (l) => {
        listeners.push(l);
        return l;
      },
    );
  const base = Date.now() - 20 * 60_000;
  let minute = 0;

  /** Sends the identification line and one RMC; returns what the server wrote and whether it closed. */
  async function session(port: number, idLine: string): Promise<{ reply: string; closed: boolean; time: Date }> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    let reply = '';
    let closed = false;
    socket.on('data', (d) => {
      reply += d;
    });
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {});
    const time = new Date(Math.floor((base + minute++ * 60_000) / 1000) * 1000);
    socket.write(`${idLine}\r\n${formatRmc({ time, lat: 23.35, lon: 104.6, speedKnots: 1, courseDeg: 90 })}\r\n`);
    await new Promise((r) => setTimeout(r, 400));
    socket.destroy();
    return { reply, closed, time };
  }
  const storedAt = async (time: Date) =>
    (await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1 AND time = $2', [device.id, time]))
      .rows[0].n as number;

  beforeAll(async () => {
    const { rows } = await pool.query(
      `SELECT id, terminal_id AS "terminalId" FROM device WHERE protocol = 'nmea' AND member_id IS NOT NULL
        ORDER BY id DESC LIMIT 1`,
    );
    device = rows[0];
  });
  afterAll(async () => {
    for (const l of listeners) await l.stop();
    await pool.query('DELETE FROM position WHERE device_id = $1 AND time >= $2', [device.id, new Date(base)]);
    await pool.end();
  });

  it('stores fixes only from a terminal that gives its secret', async () => {
    const { port } = await start();
    const right = await session(port, sentence(`PRMID,${device.terminalId},${demoNmeaSecret(device.terminalId)}`));
    expect(right.reply).toBe('');
    expect(await storedAt(right.time)).toBe(1);

    // No secret, a wrong one, an unknown id: one answer for all, the connection closed, nothing stored.
    for (const line of [
      sentence(`PRMID,${device.terminalId}`),
      sentence(`PRMID,${device.terminalId},not-the-secret`),
      sentence(`PRMID,NOSUCH123,${demoNmeaSecret('NOSUCH123')}`),
    ]) {
      const refused = await session(port, line);
      expect(refused.reply).toBe(`${sentence('PRMERR,refused')}\r\n`);
      expect(refused.closed).toBe(true);
      expect(await storedAt(refused.time)).toBe(0);
    }
  });

  it('refuses even the right secret past the limit per address, and addresses outside the allowlist', async () => {
    const strict = await start({ refusals: { perTerminal: 100, perAddress: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) await session(strict.port, sentence(`PRMID,${device.terminalId},wrong-secret-${i}`));
    const late = await session(
      strict.port,
      sentence(`PRMID,${device.terminalId},${demoNmeaSecret(device.terminalId)}`),
    );
    expect(late.reply).toContain('PRMERR');
    expect(await storedAt(late.time)).toBe(0);

    const fenced = await start({ allow: ['10.8.0.0/16'] });
    const outside = await session(
      fenced.port,
      sentence(`PRMID,${device.terminalId},${demoNmeaSecret(device.terminalId)}`),
    );
    expect(outside.closed).toBe(true);
    expect(await storedAt(outside.time)).toBe(0);
    const open = await start({ allow: ['127.0.0.0/8'] });
    const inside = await session(
      open.port,
      sentence(`PRMID,${device.terminalId},${demoNmeaSecret(device.terminalId)}`),
    );
    expect(await storedAt(inside.time)).toBe(1);
  });
});
