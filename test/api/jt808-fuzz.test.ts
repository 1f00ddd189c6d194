import net from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Ingest } from '../../api/devices/ingest.ts';
import {
  type EncodableBody,
  encodeBody,
  encodeFrame,
  type HeaderLayout,
  type LocationReport,
  MsgId,
} from '../../api/devices/jt808/codec.ts';
import { checkCode, escapeBytes, FrameSplitter, unescapeBytes } from '../../api/devices/jt808/frame.ts';
import { startJt808Listener } from '../../api/devices/jt808/server.ts';
import { Jt808Terminal, locationReport } from '../../api/devices/jt808/terminal.ts';
import type { DeviceListener } from '../../api/devices/tcp.ts';
import { Random as DemoRandom } from '../../geodata/demo/random.ts';
import { databases } from './harness.ts';

/**
 * The JT/T 808 listener under a flood of random and mutated frames from connections that never log
 * in, while one logged-in terminal reports every 50 ms: every report of the good terminal is
 * acknowledged in time and stored, nothing of the flood is stored, and the process stays up.
 *
 * JT808_FUZZ_SEED and JT808_FUZZ_FRAMES reproduce or resize a run (the seed is printed on failure).
 * Each fuzz connection has its own PRNG stream (seed + index), so the frames are reproducible; which
 * of them the server read before it closed a connection depends on timing.
 */
const SEED = Number(process.env.JT808_FUZZ_SEED ?? 0x808f022);
const FRAMES = Number(process.env.JT808_FUZZ_FRAMES ?? 100_000);
const FUZZ_CONNECTIONS = 8;
const REPORT_EVERY_MS = 50;
const ACK_WITHIN_MS = 2000;

// ---------------------------------------------------------------------------------------------------
// Seeded generator

/** The demo generator's seeded PRNG, with what fuzzing needs on top. */
class Random extends DemoRandom {
  bytes(n: number, avoid?: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) {
      const x = (this.next() * 256) | 0;
      b[i] = x === avoid ? 0 : x;
    }
    return b;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  ascii(max: number): string {
    let s = '';
    for (let n = this.int(0, max); n > 0; n--) s += String.fromCharCode(this.int(0x20, 0x7e));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------
// Frames

/** Message ids the listener handles, and the ones a terminal should not send; the rest are "unknown". */
const KNOWN_IDS = new Set<number>([...Object.values(MsgId), 0x0003]);
/** Totals and indexes that stress the reassembler's bounds. */
const ODD_TOTALS = [0, 1, 2, 3, 7, 63, 64, 65, 255, 0x8000, 0xffff];

/** Wire form of header + body, with the check code XORed by `checkXor` (0: correct). */
function wrap(message: Uint8Array, checkXor = 0): Buffer {
  const withCheck = Buffer.allocUnsafe(message.length + 1);
  withCheck.set(message);
  withCheck[message.length] = checkCode(message) ^ checkXor;
  return Buffer.concat([Buffer.of(0x7e), escapeBytes(withCheck), Buffer.of(0x7e)]);
}

function flip(b: Buffer, at: number, bit: number): void {
  b[at] = b[at]! ^ (1 << bit);
}

/** Header + body (no check code, not escaped) of an encoded frame. */
function unwrap(frame: Buffer): Buffer {
  return unescapeBytes(frame.subarray(1, -1))!.subarray(0, -1);
}

interface Item {
  kind: string;
  frames: Buffer[];
}

/**
 * Makes the fuzz traffic of one connection: random bytes, valid frames of every message type
 * (encoded by the codec) mutated at the header and on the wire, subpackaged messages, oversize
 * frames and bad escapes. `goodPhone` appears in some frames; every other phone starts with 8, which
 * no device in the database has.
 */
class FrameFactory {
  constructor(
    private readonly r: Random,
    private readonly goodPhone: string,
  ) {}

  item(): Item {
    const x = this.r.next();
    if (x < 0.18) return this.random();
    if (x < 0.8) return this.structured();
    if (x < 0.88) return this.subpackaged();
    if (x < 0.9) return this.oversize();
    return this.badEscape();
  }

  private phone(layout: HeaderLayout): string {
    if (this.r.chance(0.06)) return layout === 2019 ? this.goodPhone.padStart(20, '0') : this.goodPhone;
    const n = layout === 2019 ? 19 : 11;
    if (this.r.chance(0.05)) return `8${this.r.bytes(10).toString('hex').slice(0, n)}`; // nibbles above 9
    return `8${this.r.digits(n)}`;
  }

  /** (a) Random bytes: bare, between flags, or with a correct check code so the header gets read. */
  private random(): Item {
    const r = this.r;
    const n = r.pick([r.int(1, 12), r.int(13, 40), r.int(13, 300)]);
    const mode = r.int(0, 2);
    if (mode === 0) return { kind: 'random bytes', frames: [r.bytes(n)] };
    if (mode === 1)
      return {
        kind: 'random between flags',
        frames: [Buffer.concat([Buffer.of(0x7e), r.bytes(n, 0x7e), Buffer.of(0x7e)])],
      };
    return { kind: 'random with check code', frames: [wrap(r.bytes(Math.max(12, n)))] };
  }

  private body(layout: HeaderLayout): { msgId: number; body: Buffer } {
    const r = this.r;
    const typed = (b: EncodableBody) => ({ msgId: MsgId[b.type], body: encodeBody(b, layout) });
    switch (r.int(0, 10)) {
      case 0: {
        const version = layout === 2019 && r.chance(0.8) ? 2019 : r.pick([2011, 2013, 2019] as const);
        const w = { 2011: [5, 8, 7], 2013: [5, 20, 7], 2019: [11, 30, 30] }[version];
        return typed({
          type: 'register',
          version,
          province: r.int(0, 0xffff),
          city: r.int(0, 0xffff),
          maker: r.ascii(w[0]!),
          model: r.ascii(w[1]!),
          terminalId: r.ascii(w[2]!),
          plateColour: r.int(0, 255),
          plate: r.chance(0.5) ? `云A${r.digits(5)}` : r.ascii(17),
        });
      }
      case 1:
        return typed({
          type: 'auth',
          authCode: r.chance(0.8) ? r.bytes(8).toString('hex') : r.ascii(40),
          ...(layout === 2019 ? { imei: r.digits(15), softwareVersion: r.ascii(20) } : {}),
        });
      case 2:
        return typed({ type: 'heartbeat' });
      case 3:
      case 4:
        return typed({ type: 'location', report: this.report() });
      case 5:
        return typed({
          type: 'locationBatch',
          batchType: r.int(0, 1),
          reports: Array.from({ length: r.int(0, 12) }, () => this.report()),
          rejected: [],
        });
      case 6:
        return typed({
          type: 'terminalReply',
          replySerial: r.int(0, 0xffff),
          replyId: r.int(0, 0xffff),
          result: r.int(0, 4),
        });
      case 7:
        return { msgId: 0x0003, body: Buffer.alloc(0) }; // logout
      case 8:
        return r.chance(0.5)
          ? typed({
              type: 'platformReply',
              replySerial: r.int(0, 0xffff),
              replyId: r.int(0, 0xffff),
              result: r.int(0, 4),
            })
          : typed({ type: 'registerReply', replySerial: r.int(0, 0xffff), result: 0, authCode: r.ascii(16) });
      case 9: {
        // A location body of random bytes (impossible BCD times, lat/lon beyond range, bad items).
        return { msgId: MsgId.location, body: r.bytes(r.int(0, 80)) };
      }
      default: {
        let msgId = r.int(0, 0xffff);
        while (KNOWN_IDS.has(msgId)) msgId = r.int(0, 0xffff);
        return { msgId, body: r.bytes(r.int(0, 100)) };
      }
    }
  }

  private report(): LocationReport {
    const r = this.r;
    const status = r.int(0, 0xffffffff) >>> 0;
    return {
      alarm: r.int(0, 0xffffffff) >>> 0,
      status,
      fixed: r.chance(0.8),
      lat: (r.next() * 180 - 90) * (r.chance(0.1) ? 0 : 1),
      lon: r.next() * 360 - 180,
      altitudeM: r.int(-32768, 32767),
      speedKmh: r.int(0, 0xffff) / 10,
      heading: r.int(0, 0xffff),
      time: new Date(Date.UTC(2000, 0, 2) + r.next() * 99 * 365 * 86400_000),
      extras: r.chance(0.3) ? [{ id: r.int(0, 255), value: r.bytes(r.int(0, 20)) }] : [],
      ...(r.chance(0.2) ? { mileageKm: r.int(0, 1e6) / 10, signal: r.int(0, 255), satellites: r.int(0, 255) } : {}),
      ...(r.chance(0.05) ? { trailing: r.bytes(r.int(1, 3)) } : {}),
    };
  }

  /** (b) One valid message, then 0–3 mutations. */
  private structured(): Item {
    const r = this.r;
    const layout: HeaderLayout = r.chance(0.5) ? 2013 : 2019;
    const { msgId, body } = this.body(layout);
    const frame = encodeFrame(
      {
        msgId,
        layout,
        phoneBcd: this.phone(layout),
        serial: r.int(0, 0xffff),
        ...(layout === 2019 ? { protocolVersion: r.chance(0.9) ? 1 : r.int(0, 255) } : {}),
        ...(r.chance(0.05) ? { versionFlag: layout === 2013 } : {}),
      },
      body.subarray(0, 1023),
    );
    const mutations = r.chance(0.12) ? 0 : r.int(1, 3);
    if (mutations === 0) return { kind: 'valid', frames: [frame] };
    return this.mutate(frame, layout, mutations);
  }

  /** Header-level mutations keep a correct check code (the frame reaches the decoder); wire-level ones do not. */
  private mutate(frame: Buffer, layout: HeaderLayout, count: number): Item {
    const r = this.r;
    let message = unwrap(frame);
    let checkXor = 0;
    const wire: ((f: Buffer) => Buffer)[] = [];
    const headerSize = () => (layout === 2019 ? 17 : 12) + (message.readUInt16BE(2) & 0x2000 ? 4 : 0);
    for (let i = 0; i < count; i++) {
      const m = r.int(0, 13);
      switch (m) {
        case 0: // wrong body length
          message = Buffer.from(message);
          message.writeUInt16BE(
            (message.readUInt16BE(2) & ~0x3ff) |
              (r.chance(0.5) ? r.int(0, 0x3ff) : (message.readUInt16BE(2) + r.pick([-1, 1])) & 0x3ff),
            2,
          );
          break;
        case 1: // 2019 version flag flipped
          message = Buffer.from(message);
          message.writeUInt16BE(message.readUInt16BE(2) ^ 0x4000, 2);
          break;
        case 2: {
          // subpackage bit set, with odd totals and indexes, the packet fields present or not
          message = Buffer.from(message);
          const props = message.readUInt16BE(2);
          if (props & 0x2000) break;
          message.writeUInt16BE(props | 0x2000, 2);
          if (r.chance(0.8)) {
            const total = r.chance(0.7) ? r.pick(ODD_TOTALS) : r.int(0, 0xffff);
            const index = r.pick([0, 1, 2, total, total + 1, r.int(0, 0xffff)]) & 0xffff;
            const packet = Buffer.alloc(4);
            packet.writeUInt16BE(total, 0);
            packet.writeUInt16BE(index, 2);
            const at = layout === 2019 ? 17 : 12;
            message = Buffer.concat([message.subarray(0, at), packet, message.subarray(at)]);
          }
          break;
        }
        case 3: // encryption bits
          message = Buffer.from(message);
          message.writeUInt16BE(message.readUInt16BE(2) ^ (r.int(1, 7) << 10), 2);
          break;
        case 4: // another message id
          message = Buffer.from(message);
          message.writeUInt16BE(r.chance(0.5) ? r.pick([...KNOWN_IDS]) : r.int(0, 0xffff), 0);
          break;
        case 5: {
          // body bytes changed, length field kept right: the body decoders get nonsense
          message = Buffer.from(message);
          const at = headerSize();
          if (message.length > at)
            for (let k = r.int(1, 4); k > 0; k--) flip(message, r.int(at, message.length - 1), r.int(0, 7));
          break;
        }
        case 6: {
          // body cut or grown, length field adjusted to match
          const at = headerSize();
          const body = message.subarray(at);
          const next = r.chance(0.5)
            ? body.subarray(0, r.int(0, body.length))
            : Buffer.concat([body, r.bytes(r.int(1, 40))]);
          message = Buffer.concat([message.subarray(0, at), next.subarray(0, 0x3ff)]);
          message.writeUInt16BE((message.readUInt16BE(2) & ~0x3ff) | Math.min(next.length, 0x3ff), 2);
          break;
        }
        case 7: // wrong check code
          checkXor = r.int(1, 255);
          break;
        case 8: // bit flips anywhere on the wire, flags included
          wire.push((f) => {
            const g = Buffer.from(f);
            for (let k = r.int(1, 4); k > 0; k--) flip(g, r.int(0, g.length - 1), r.int(0, 7));
            return g;
          });
          break;
        case 9: // truncated: the rest runs into the next frame
          wire.push((f) => f.subarray(0, r.int(0, f.length - 1)));
          break;
        case 10: // bytes inserted
          wire.push((f) => {
            const at = r.int(0, f.length);
            return Buffer.concat([f.subarray(0, at), r.bytes(r.int(1, 8)), f.subarray(at)]);
          });
          break;
        case 11: // bytes deleted
          wire.push((f) => {
            const at = r.int(0, f.length - 1);
            return Buffer.concat([f.subarray(0, at), f.subarray(at + r.int(1, 8))]);
          });
          break;
        case 12: // 0x7e or 0x7d injected
          wire.push((f) => {
            const at = r.int(0, f.length);
            const b = r.pick([[0x7e], [0x7d], [0x7d, 0x7e], [0x7e, 0x7e], [0x7d, 0x7d]]);
            return Buffer.concat([f.subarray(0, at), Buffer.from(b), f.subarray(at)]);
          });
          break;
        default: // header bytes (phone, serial) flipped, check code kept right
          message = Buffer.from(message);
          flip(message, r.int(0, Math.min(message.length, headerSize()) - 1), r.int(0, 7));
          break;
      }
    }
    let out = wrap(message, checkXor);
    for (const w of wire) out = w(out);
    return { kind: 'mutated', frames: [out] };
  }

  /** Packages of one message, in order or not, some missing or repeated, a few mutated. */
  private subpackaged(): Item {
    const r = this.r;
    const layout: HeaderLayout = r.chance(0.5) ? 2013 : 2019;
    const body = r.chance(0.6)
      ? encodeBody(
          {
            type: 'locationBatch',
            batchType: 1,
            reports: Array.from({ length: r.int(1, 60) }, () => this.report()),
            rejected: [],
          },
          layout,
        )
      : r.bytes(r.int(1, 4000));
    const sizes: number[] = [];
    for (let left = body.length; left > 0; ) {
      const n = Math.min(left, r.int(1, 1023));
      sizes.push(n);
      left -= n;
    }
    const total = sizes.length;
    const phoneBcd = this.phone(layout);
    const first = r.int(0, 0xffff);
    const msgId = r.chance(0.7) ? MsgId.locationBatch : r.pick([MsgId.location, MsgId.register, MsgId.auth, 0x0900]);
    let at = 0;
    let frames = sizes.map((n, i) => {
      const part = body.subarray(at, at + n);
      at += n;
      return encodeFrame(
        { msgId, layout, phoneBcd, serial: (first + i) & 0xffff, packet: { total, index: i + 1 } },
        part,
      );
    });
    if (r.chance(0.3)) frames.reverse();
    if (r.chance(0.2) && total > 1) frames.splice(r.int(0, total - 1), 1);
    if (r.chance(0.2)) frames.push(r.pick(frames));
    frames = frames.map((f) => (r.chance(0.1) ? this.mutate(f, layout, 1).frames[0]! : f));
    return { kind: 'subpackaged', frames };
  }

  /** (c) More bytes than a frame may have, or a run of garbage without any flag. */
  private oversize(): Item {
    const r = this.r;
    const mode = r.int(0, 9);
    if (mode < 6) {
      return {
        kind: 'oversize',
        frames: [Buffer.concat([Buffer.of(0x7e), r.bytes(r.int(2091, 4500), 0x7e), Buffer.of(0x7e)])],
      };
    }
    if (mode < 9) {
      // A header with a correct check code and a body longer than the length field can say.
      const header = encodeFrame(
        { msgId: MsgId.location, layout: 2013, phoneBcd: this.phone(2013), serial: 1 },
        Buffer.alloc(0),
      );
      const message = Buffer.concat([unwrap(header), r.bytes(r.int(1024, 2100))]);
      message.writeUInt16BE(0x3ff, 2);
      return { kind: 'oversize', frames: [wrap(message)] };
    }
    return { kind: 'garbage run', frames: [r.bytes(r.int(8000, 12000), 0x7e)] };
  }

  /** (d) 0x7D followed by something other than 01/02, or ending the frame. */
  private badEscape(): Item {
    const r = this.r;
    const layout: HeaderLayout = r.chance(0.5) ? 2013 : 2019;
    const { msgId, body } = this.body(layout);
    const frame = encodeFrame(
      { msgId, layout, phoneBcd: this.phone(layout), serial: r.int(0, 0xffff) },
      body.subarray(0, 1023),
    );
    const mode = r.int(0, 3);
    let out: Buffer;
    if (mode === 0) {
      const at = r.int(1, frame.length - 1);
      const bad = r.pick([0x00, 0x03, 0x7d, 0xff, r.int(3, 255)]);
      out = Buffer.concat([frame.subarray(0, at), Buffer.of(0x7d, bad), frame.subarray(at)]);
    } else if (mode === 1) {
      out = Buffer.concat([frame.subarray(0, -1), Buffer.of(0x7d, 0x7e)]); // escape right before the flag
    } else if (mode === 2) {
      // An existing escape pair broken, or the check code escaped wrongly.
      out = Buffer.from(frame);
      const pair = out.indexOf(0x7d);
      if (pair > 0 && pair < out.length - 2) out[pair + 1] = r.pick([0x00, 0x03, 0x7d, 0x7e]);
      else out = Buffer.concat([out.subarray(0, -2), Buffer.of(0x7d, 0x05), out.subarray(-2)]);
    } else {
      out = Buffer.concat([Buffer.of(0x7e), Buffer.alloc(r.int(1, 40), 0x7d), Buffer.of(0x7e)]);
    }
    return { kind: 'bad escape', frames: [out] };
  }
}

// ---------------------------------------------------------------------------------------------------
// Traffic

interface FuzzStats {
  frames: number;
  bytes: number;
  writes: number;
  connections: number;
  /** Connections the server closed before we were done with them (its bad-frame or garbage limit). */
  closedByServer: number;
  /** Connections opened again after the server closed one. */
  reconnections: number;
  kinds: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const tick = () => new Promise<void>((r) => setImmediate(r));

function connectRaw(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Resolves on 'drain' or 'close', whichever comes first. */
function drainOrClose(s: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });
}

/**
 * One fuzz connection's worth of work: writes frames in chunks of random sizes as fast as the socket
 * takes them, and reconnects whenever the server closes it, until `stats.frames` reaches the total.
 */
async function fuzzWorker(port: number, factory: FrameFactory, r: Random, stats: FuzzStats, total: number) {
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  const chunkSize = () => {
    const x = r.next();
    return x < 0.1 ? r.int(1, 16) : x < 0.5 ? r.int(17, 512) : r.int(513, 16384);
  };
  for (let again = false; stats.frames < total || pendingBytes > 0; again = true) {
    const socket = await connectRaw(port);
    stats.connections++;
    if (again) stats.reconnections++;
    let closed = false;
    socket.on('error', () => {}); // resets when the server closes on us: expected
    socket.on('close', () => {
      closed = true;
    });
    socket.resume(); // read and discard the platform's replies
    while (!closed) {
      const size = chunkSize();
      while (pendingBytes < size && stats.frames < total) {
        const item = factory.item();
        for (const f of item.frames) {
          pending.push(f);
          pendingBytes += f.length;
        }
        stats.frames += item.frames.length;
        stats.kinds[item.kind] = (stats.kinds[item.kind] ?? 0) + item.frames.length;
      }
      if (pendingBytes === 0) break;
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      const chunk = all.subarray(0, size);
      const rest = all.subarray(chunk.length);
      pending.length = 0;
      if (rest.length > 0) pending.push(rest);
      pendingBytes = rest.length;
      stats.bytes += chunk.length;
      stats.writes++;
      if (socket.write(chunk)) await tick();
      else await drainOrClose(socket);
    }
    if (closed) stats.closedByServer++;
    else socket.end();
  }
}

/**
 * Waits until the pool has had nothing to do for `quietMs` (at most `maxMs` in all) and returns how
 * long it was busy.
 */
async function poolQuiet(pool: pg.Pool, quietMs = 200, maxMs = 30_000): Promise<number> {
  const t0 = performance.now();
  let quietSince = t0;
  while (performance.now() - quietSince < quietMs) {
    if (performance.now() - t0 > maxMs) throw new Error(`the pool was still busy after ${maxMs} ms`);
    await sleep(5);
    if (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) quietSince = performance.now();
  }
  return quietSince - t0;
}

// ---------------------------------------------------------------------------------------------------

interface GoodDevice {
  id: number;
  phone: string;
  authCode: string;
  lastFixAt: Date | null;
}

describe.each(databases)('JT/T 808 listener under fuzzing on $engine', (db) => {
  const pool = new pg.Pool(db.poolConfig);
  const ingest = new Ingest(pool);
  let listener: DeviceListener;
  let good: GoodDevice;
  /** Saved to be put back: reports after the device's latest fix would move it. */
  let saved: Record<string, unknown>;
  let windowStart = 0;
  let reportsSent = 0;
  const open: { close(): void }[] = [];

  const countGood = async () =>
    (await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1', [good.id])).rows[0].n as number;
  const countOthers = async () =>
    (await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id <> $1', [good.id])).rows[0].n as number;
  /** Every device row but the good one's latest-fix columns: no fuzz frame may add, bind or re-key a device. */
  const deviceDigest = async () =>
    (
      await pool.query(
        `SELECT count(*)::int AS n, max(id)::int AS max,
                md5(string_agg(concat_ws('|', id, terminal_id, member_id, protocol, auth_code, token_hash,
                  CASE WHEN id <> $1 THEN concat_ws('|', last_fix_at, last_geom::text) END), ',' ORDER BY id)) AS digest
           FROM device`,
        [good.id],
      )
    ).rows[0];

  beforeAll(async () => {
    listener = await startJt808Listener(pool, ingest, {
      host: '127.0.0.1',
      port: 0,
      idleMs: 60_000,
      maxConnections: 100,
      autoRegister: false,
      // Fuzzed registrations and authentications under the good terminal's number all come from
      // this address: without a higher limit the listener would (rightly) refuse the good one too.
      // The limits have their own test in jt808.test.ts.
      refusals: { perTerminal: 1e9, perAddress: 1e9, windowMs: 60_000 },
    });
    // Not one of the two jt808.test.ts uses.
    const { rows } = await pool.query(
      `SELECT id::int, terminal_id AS phone, auth_code AS "authCode", last_fix_at AS "lastFixAt" FROM device
        WHERE protocol = 'jt808' AND member_id IS NOT NULL ORDER BY id OFFSET 2 LIMIT 1`,
    );
    good = rows[0];
    expect(good.phone).toMatch(/^\d{12}$/);
    const taken = await pool.query(`SELECT count(*)::int AS n FROM device WHERE ltrim(terminal_id, '0') LIKE '8%'`);
    expect(taken.rows[0].n).toBe(0); // fuzz phones start with 8
    saved = (
      await pool.query(
        `SELECT last_fix_at, last_geom::text AS last_geom, last_speed_kmh, last_heading, last_accuracy_m, last_source
           FROM device WHERE id = $1`,
        [good.id],
      )
    ).rows[0];
    // Report times before the device's latest fix: stored, but they neither move the device nor drive
    // the geofence. Should the demo's fixed date fall out of retention, recent times do (and the
    // device's latest fix is put back afterwards).
    const oldest = ingest.oldestAccepted().getTime() + 86400_000;
    const beforeLast = (good.lastFixAt?.getTime() ?? 0) - 12 * 3600_000;
    windowStart =
      Math.floor((beforeLast > oldest && beforeLast < Date.now() ? beforeLast : Date.now() - 12 * 3600_000) / 1000) *
      1000;
    const clash = await pool.query('SELECT count(*)::int AS n FROM position WHERE device_id = $1 AND time >= $2', [
      good.id,
      new Date(windowStart),
    ]);
    expect(clash.rows[0].n).toBe(0);
  });

  afterAll(async () => {
    for (const c of open) c.close();
    await listener?.stop();
    ingest.stop();
    if (good) {
      await pool.query('DELETE FROM position WHERE device_id = $1 AND time >= $2 AND time < $3', [
        good.id,
        new Date(windowStart),
        new Date(windowStart + (reportsSent + 1) * 1000),
      ]);
      await pool.query(
        `UPDATE device SET last_fix_at = $2, last_geom = $3::geometry, last_speed_kmh = $4, last_heading = $5,
                last_accuracy_m = $6, last_source = $7 WHERE id = $1`,
        [good.id, ...Object.values(saved)],
      );
    }
    await pool.end();
  });

  it(`keeps serving a logged-in terminal through ${FRAMES} random and mutated frames, and stores none of them`, async () => {
    const errors: unknown[] = [];
    const onError = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    const logged = vi.spyOn(console, 'error');
    // What the listener's splitters were given (the good terminal's own splitter adds its few replies).
    const serverRead = { bytes: 0, frames: 0 };
    const push = FrameSplitter.prototype.push;
    FrameSplitter.prototype.push = function (this: FrameSplitter, chunk: Buffer) {
      const items = push.call(this, chunk);
      serverRead.bytes += chunk.length;
      serverRead.frames += items.length;
      return items;
    };
    try {
      const othersBefore = await countOthers();
      const goodBefore = await countGood();
      const devicesBefore = await deviceDigest();

      const terminal = await Jt808Terminal.connect('127.0.0.1', listener.port, good.phone);
      open.push(terminal);
      expect(await terminal.login(good.authCode)).toBe(true);

      // The good terminal: a report every 50 ms, not waiting for the previous acknowledgement.
      const at = (k: number) => new Date(windowStart + k * 1000);
      const latencies: number[] = [];
      const results: (number | 'none')[] = [];
      let fuzzing = true;
      const reporting = (async () => {
        const waits: Promise<void>[] = [];
        while (fuzzing) {
          const k = reportsSent++;
          const t0 = performance.now();
          waits.push(
            terminal.request({ type: 'location', report: reportAt(at(k)) }, 10_000).then((reply) => {
              results.push(reply?.result ?? 'none');
              if (reply) latencies.push(performance.now() - t0);
            }),
          );
          await sleep(REPORT_EVERY_MS);
        }
        await Promise.all(waits);
      })();

      const stats: FuzzStats = {
        frames: 0,
        bytes: 0,
        writes: 0,
        connections: 0,
        closedByServer: 0,
        reconnections: 0,
        kinds: {},
      };
      const started = performance.now();
      await Promise.all(
        Array.from({ length: FUZZ_CONNECTIONS }, (_, i) => {
          const r = new Random(SEED + i);
          return fuzzWorker(listener.port, new FrameFactory(r, good.phone), r, stats, FRAMES);
        }),
      );
      const fuzzMs = performance.now() - started;
      fuzzing = false;
      await reporting;
      // Registrations and authentications a connection sent are looked up one after another, and the
      // lookups go on after the connection has closed: let them finish before counting rows (one of
      // them could, in principle, write) and before the pool ends.
      const backlogMs = await poolQuiet(pool);

      const sorted = [...latencies].sort((a, b) => a - b);
      const summary = {
        engine: db.engine,
        seed: SEED,
        fuzzSeconds: +(fuzzMs / 1000).toFixed(1),
        ...stats,
        megabytesWritten: +(stats.bytes / 1e6).toFixed(1),
        megabytesReadByServer: +(serverRead.bytes / 1e6).toFixed(1),
        framesCutByServer: serverRead.frames,
        lookupBacklogMs: Math.round(backlogMs),
        reports: reportsSent,
        acks: results.filter((x) => x === 0).length,
        ackMsMedian: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
        ackMsMax: Math.round(sorted.at(-1) ?? 0),
      };
      console.log('jt808 fuzz:', JSON.stringify(summary));

      expect(stats.frames).toBeGreaterThanOrEqual(FRAMES);
      // The frames reached the server: it read nearly all that was written (what was in flight when
      // it closed a connection is lost).
      expect(serverRead.bytes).toBeGreaterThan(0.9 * stats.bytes);
      expect(reportsSent).toBeGreaterThan(10);
      // Every report acknowledged with 0, none later than 2 s.
      expect(
        results.filter((x) => x !== 0),
        `seed ${SEED}`,
      ).toEqual([]);
      expect(results).toHaveLength(reportsSent);
      expect(summary.ackMsMax, `seed ${SEED}`).toBeLessThan(ACK_WITHIN_MS);
      expect(terminal.closed).toBe(false);

      // Stored: exactly the acknowledged reports; nothing for any other device, no device touched.
      expect(await countGood()).toBe(goodBefore + reportsSent);
      expect(await countOthers()).toBe(othersBefore);
      expect(await deviceDigest()).toEqual(devicesBefore);

      // The fuzz connections are gone from the listener, and a new terminal connection is served.
      for (let i = 0; i < 100 && listener.connections() > 1; i++) await sleep(20);
      expect(listener.connections()).toBe(1);
      const fresh = await Jt808Terminal.connect('127.0.0.1', listener.port, good.phone);
      open.push(fresh);
      expect(await fresh.login(good.authCode)).toBe(true);
      const k = reportsSent++;
      expect((await fresh.request({ type: 'location', report: reportAt(at(k)) }))?.result).toBe(0);
      expect(await countGood()).toBe(goodBefore + reportsSent);
      expect(await countOthers()).toBe(othersBefore);

      expect(errors).toEqual([]);
      expect(logged.mock.calls).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      logged.mockRestore();
      FrameSplitter.prototype.push = push;
    }
  }, 120_000);
});

/** The good terminal's report: at sea (no zone, no attendance), with a fix. */
function reportAt(time: Date): LocationReport {
  return locationReport(115.5, 12.5, time, 10, 90);
}
