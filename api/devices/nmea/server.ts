import { createHash } from 'node:crypto';
import net from 'node:net';
import type pg from 'pg';
import { type RefusalLimits, Refusals } from '../attempts.ts';
import { type Fix, fixProblem } from '../fix.ts';
import type { Ingest } from '../ingest.ts';
import { type DeviceListener, type ListenerOptions, listenDevices } from '../tcp.ts';
import { sentence } from './format.ts';
import { NmeaStream } from './stream.ts';

/** Rejected lines since the last good one before the connection is closed as garbage. */
const MAX_REJECTED = 50;

export interface NmeaOptions extends ListenerOptions {
  /**
   * Addresses and subnets allowed to connect (`10.8.0.0/16`, `192.0.2.7`); empty lets any address
   * try, which then still needs a terminal's secret. A deployment puts its terminals behind a
   * VPN or private APN and lists that network here.
   */
  allow?: string[];
  /** Refused identifications per terminal and per address within `windowMs` (defaults 5, 20, 10 min). */
  refusals?: RefusalLimits;
}

/** A BlockList of the allowed networks, or undefined when every address may try. */
export function allowList(entries: readonly string[]): net.BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.trim().split('/');
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (!net.isIP(address)) throw new Error(`NMEA_ALLOW: "${entry}" is not an address or subnet`);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/**
 * NMEA 0183 over TCP (see stream.ts for the wire format and the identification line). NMEA has no
 * acknowledgement, so a terminal cannot retransmit: fixes are stored as they come, and the socket
 * is paused while a batch is being committed, so a slow database pushes back on the terminal
 * through TCP instead of growing a queue here. A terminal must give its secret in the first
 * line; an unknown id and a wrong secret get the same answer and close the connection, and
 * refusals are limited per terminal and per address.
 */
export function startNmeaListener(pool: pg.Pool, ingest: Ingest, options: NmeaOptions): Promise<DeviceListener> {
  const allowed = allowList(options.allow ?? []);
  const refusals = new Refusals('NMEA', options.refusals);
  return listenDevices('nmea', options, (socket: net.Socket) => {
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; the list speaks plain IPv4.
    const address = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    if (allowed && !allowed.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4')) socket.destroy();
    const stream = new NmeaStream();
    const connection = {
      lastGoodAt: Date.now(),
      close: () => {
        chain = chain.then(() => handle(null)).catch(() => {});
      },
    };
    let device: { id: number } | null | undefined; // undefined: not identified yet; null: unknown
    let rejectedInRow = 0;
    let chain = Promise.resolve();

    const handle = async (chunk: Buffer | null) => {
      // null: the connection closed; the stream gives up an RMC still waiting for its GGA.
      const result = chunk ? stream.push(chunk) : stream.end();
      rejectedInRow = result.fixes.length > 0 || result.terminalId ? 0 : rejectedInRow + result.rejected.length;
      if (rejectedInRow > MAX_REJECTED) return void socket.destroy();
      if (result.terminalId) {
        const id = result.terminalId;
        const refuse = () => socket.end(`${sentence('PRMERR,refused')}\r\n`);
        if (refusals.blocked(id, address)) return void refuse();
        const digest = createHash('sha256')
          .update(result.secret ?? '')
          .digest();
        const { rows } = await pool.query<{ id: number }>(
          `SELECT id FROM device WHERE terminal_id = $1 AND protocol = 'nmea' AND member_id IS NOT NULL
              AND secret_hash = $2`,
          [id, digest],
        );
        device = result.secret ? (rows[0] ?? null) : null;
        if (!device) {
          refusals.refuse(id, address, 'identification (unknown, or wrong or missing secret)');
          return void refuse();
        }
        connection.lastGoodAt = Date.now();
      }
      if (!device || result.fixes.length === 0) return;
      const now = new Date();
      const oldest = ingest.oldestAccepted(now);
      const fixes: Fix[] = [];
      for (const f of result.fixes) {
        const fix: Fix = { ...f, deviceId: device.id, source: 'nmea' };
        if (!fixProblem(fix, now, oldest)) fixes.push(fix);
      }
      connection.lastGoodAt = Date.now();
      socket.pause();
      try {
        await ingest.batcher.submit(fixes);
      } catch (err) {
        console.error(`nmea: ${fixes.length} fixes of device ${device.id} not stored:`, (err as Error).message);
      } finally {
        socket.resume();
      }
    };
    // Chunks are handled one after another, so fixes are stored in the order they came.
    socket.on('data', (chunk: Buffer) => {
      chain = chain
        .then(() => handle(chunk))
        .catch((err) => {
          console.error('nmea:', (err as Error).message);
          socket.destroy();
        });
    });
    return connection;
  });
}
