import type net from 'node:net';
import type pg from 'pg';
import { type Fix, fixProblem } from '../fix.ts';
import type { Ingest } from '../ingest.ts';
import { type DeviceListener, type ListenerOptions, listenDevices } from '../tcp.ts';
import { sentence } from './format.ts';
import { NmeaStream } from './stream.ts';

/** Rejected lines since the last good one before the connection is closed as garbage. */
const MAX_REJECTED = 50;

/**
 * NMEA 0183 over TCP (see stream.ts for the wire format and the identification line). NMEA has no
 * acknowledgement, so a terminal cannot retransmit: fixes are stored as they come, and the socket
 * is paused while a batch is being committed, so a slow database pushes back on the terminal
 * through TCP instead of growing a queue here. Unknown terminals are disconnected.
 */
export function startNmeaListener(pool: pg.Pool, ingest: Ingest, options: ListenerOptions): Promise<DeviceListener> {
  return listenDevices('nmea', options, (socket: net.Socket) => {
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
        const { rows } = await pool.query<{ id: number }>(
          `SELECT id FROM device WHERE terminal_id = $1 AND protocol = 'nmea' AND member_id IS NOT NULL`,
          [result.terminalId],
        );
        device = rows[0] ?? null;
        if (!device) return void socket.end(`${sentence('PRMERR,unknown terminal')}\r\n`);
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
