import { randomBytes, timingSafeEqual } from 'node:crypto';
import type net from 'node:net';
import type pg from 'pg';
import { type RefusalLimits, Refusals } from '../attempts.ts';
import { type Fix, fixProblem } from '../fix.ts';
import type { Ingest } from '../ingest.ts';
import { type Connection, type DeviceListener, type ListenerOptions, listenDevices } from '../tcp.ts';
import {
  decodeBody,
  decodeFrame,
  encodePlatformReply,
  encodeRegisterReply,
  type Jt808Header,
  type Jt808Message,
  type LocationReport,
  RegisterResult,
  type Registration,
  ReplyResult,
} from './codec.ts';
import { FrameSplitter } from './frame.ts';
import { Reassembler } from './reassembler.ts';

/** Terminal logout (0x0003): not in the codec's table, it has no body. */
const LOGOUT = 0x0003;
/** Bad frames in a row, or garbage bytes since the last good frame, before the connection is closed. */
const MAX_BAD_FRAMES = 20;
const MAX_GARBAGE_BYTES = 8192;
/** Reports awaiting their commit before the socket stops reading (TCP pushes back on the terminal). */
const PAUSE_AT = 256;
/** Register/auth messages queued behind their lookups: a terminal sends one and waits for the reply. */
const MAX_QUEUED_CONTROL = 16;

export interface Jt808Options extends ListenerOptions {
  /** Register unknown terminals (unbound to a member until an administrator binds them). */
  autoRegister: boolean;
  /**
   * Refused registrations and failed authentications allowed per terminal number and per source
   * address within `windowMs` before further attempts are refused unchecked (defaults 5, 20,
   * 10 minutes).
   */
  refusals?: RefusalLimits;
}

interface Terminal {
  id: number;
  memberId: number | null;
  authCode: string | null;
  registeredAt: Date | null;
  /** What the administrator provisioned of the register body; null fields are not checked. */
  maker: string | null;
  model: string | null;
  terminal: string | null;
  plate: string | null;
}

const TERMINAL_COLUMNS = `id, member_id AS "memberId", auth_code AS "authCode", registered_at AS "registeredAt",
  register_maker AS maker, register_model AS model, register_terminal AS terminal, register_plate AS plate`;

/** The device row of a terminal phone, whichever width (12 or 20 digits, zero-padded) it was stored with. */
async function findTerminal(pool: pg.Pool, header: Jt808Header): Promise<Terminal | undefined> {
  const p = header.phone;
  const { rows } = await pool.query<Terminal>(
    `SELECT ${TERMINAL_COLUMNS} FROM device
      WHERE protocol = 'jt808' AND terminal_id = ANY ($1) ORDER BY id LIMIT 1`,
    [[header.phoneBcd, p, p.padStart(12, '0'), p.padStart(20, '0')]],
  );
  return rows[0];
}

/** The provisioned register details that the body contradicts (empty: it matches). */
function mismatches(t: Terminal, body: Registration): string[] {
  const wrong: string[] = [];
  if (t.maker !== null && t.maker !== body.maker.trim()) wrong.push('maker');
  if (t.model !== null && t.model !== body.model.trim()) wrong.push('model');
  if (t.terminal !== null && t.terminal !== body.terminalId.trim()) wrong.push('terminal id');
  if (t.plate !== null && t.plate !== body.plate.trim()) wrong.push('plate');
  return wrong;
}

function sameCode(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * One terminal connection: frames in, replies out. Control messages (register, auth, logout) are
 * handled in arrival order; location reports are handed to the batcher without waiting, so a
 * terminal may have many in flight, and each is acknowledged (0x8001, result 0) only when its
 * batch has committed. A failed batch sends no acknowledgement: the terminal retransmits.
 */
class Jt808Connection implements Connection {
  lastGoodAt = Date.now();
  private readonly splitter = new FrameSplitter();
  private readonly reassembler = new Reassembler();
  private serial = 0;
  private terminal: Terminal | undefined;
  private badFrames = 0;
  private garbageMark = 0;
  private inFlight = 0;
  private closed = false;
  /** Register, auth and reports waiting for them, in arrival order; `queued` counts register/auth. */
  private control: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly pool: pg.Pool,
    private readonly ingest: Ingest,
    private readonly options: Jt808Options,
    private readonly refusals: Refusals,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  close(): void {
    this.closed = true;
  }

  private onData(chunk: Buffer): void {
    for (const item of this.splitter.push(chunk)) {
      if (this.socket.destroyed) return; // closed by an earlier frame of this chunk
      if (!item.ok) {
        this.bad();
        continue;
      }
      const decoded = decodeFrame(item.frame);
      if (!decoded.ok) {
        // A wrong check code or a frame too short for its header is dropped unanswered (the sender
        // cannot be trusted); a readable header with a bad body is told "message error".
        if (decoded.header && decoded.reason !== 'checksum') this.reply(decoded.header, ReplyResult.badMessage);
        this.bad();
        continue;
      }
      this.good();
      this.onMessage(decoded.message);
    }
    if (this.splitter.garbageBytes - this.garbageMark > MAX_GARBAGE_BYTES) this.socket.destroy();
  }

  private bad(): void {
    if (++this.badFrames > MAX_BAD_FRAMES) this.socket.destroy();
  }

  private good(): void {
    this.badFrames = 0;
    this.garbageMark = this.splitter.garbageBytes;
    this.lastGoodAt = Date.now();
  }

  /** `serials`: a message joined from packages is acknowledged once per package. */
  private onMessage(message: Jt808Message, serials = [message.header.serial]): void {
    const { header, body } = message;
    if (header.packet) {
      const now = Date.now();
      this.reassembler.evict(now);
      const joined = this.reassembler.add(header, body.type === 'raw' ? body.data : Buffer.alloc(0), now);
      if (joined.status === 'rejected') this.reply(header, ReplyResult.badMessage);
      if (joined.status !== 'complete') return;
      const whole = decodeBody({ ...joined.header, packet: undefined }, joined.body);
      // Every package of the message is acknowledged together, once the whole is handled.
      const packages = Array.from({ length: header.packet.total }, (_, i) => (joined.header.serial + i) & 0xffff);
      if (!whole.ok) {
        this.reply(header, ReplyResult.badMessage, packages);
        return;
      }
      this.onMessage(whole.message, packages);
      return;
    }
    switch (body.type) {
      case 'register':
      case 'auth':
        // Lookups one after another; a connection flooding them is closed, and nothing queued
        // runs once it has gone.
        if (++this.queued > MAX_QUEUED_CONTROL) {
          this.socket.destroy();
          return;
        }
        this.control = this.control
          .then(() => {
            if (this.closed) return;
            return body.type === 'register' ? this.register(header, body) : this.auth(header, body.authCode);
          })
          .catch((err) => this.fail(err))
          .finally(() => {
            this.queued--;
          });
        return;
      case 'heartbeat':
        this.reply(header, this.terminal ? ReplyResult.ok : ReplyResult.fail, serials);
        return;
      case 'terminalReply':
        return;
      case 'location':
        this.store(header, serials, [body.report], 1);
        return;
      case 'locationBatch':
        this.store(header, serials, body.reports, body.reports.length + body.rejected.length);
        return;
      default:
        if (header.msgId === LOGOUT) {
          this.terminal = undefined;
          this.reply(header, ReplyResult.ok, serials);
          return;
        }
        this.reply(header, ReplyResult.unsupported, serials);
        return;
    }
  }

  /**
   * 0x0100. A provisioned terminal registers once and gets its auth code then (JT/T 808 result 0);
   * one already registered gets result 3 and no code; an unknown number and wrong register details
   * both get result 4. Refusals count per terminal and per address, and past the limit every
   * attempt is refused unchecked.
   */
  private async register(header: Jt808Header, body: Registration): Promise<void> {
    const phone = header.phoneBcd;
    const address = this.socket.remoteAddress ?? 'unknown';
    const refuse = (result: number, why: string) => {
      this.refusals.refuse(phone, address, `registration (${why})`);
      this.send(encodeRegisterReply(header, this.nextSerial(), result));
    };
    if (this.refusals.blocked(phone, address)) {
      this.send(encodeRegisterReply(header, this.nextSerial(), RegisterResult.noSuchTerminal));
      return;
    }
    let terminal = await findTerminal(this.pool, header);
    if (!terminal && this.options.autoRegister) {
      const { rows } = await this.pool.query<Terminal>(
        `INSERT INTO device (terminal_id, protocol) VALUES ($1, 'jt808') ON CONFLICT (terminal_id) DO NOTHING
         RETURNING ${TERMINAL_COLUMNS}`,
        [phone],
      );
      terminal = rows[0];
    }
    if (!terminal) return refuse(RegisterResult.noSuchTerminal, 'unknown number');
    const wrong = mismatches(terminal, body);
    if (wrong.length > 0) return refuse(RegisterResult.noSuchTerminal, `wrong ${wrong.join(', ')}`);
    if (terminal.registeredAt) return refuse(RegisterResult.terminalRegistered, 'already registered');
    // Only the first registration since provisioning (or an administrator's reset) gets the code.
    const { rows } = await this.pool.query<{ code: string }>(
      `UPDATE device SET auth_code = coalesce(auth_code, $2), registered_at = now()
        WHERE id = $1 AND registered_at IS NULL RETURNING auth_code AS code`,
      [terminal.id, randomBytes(8).toString('hex')],
    );
    const code = rows[0]?.code;
    if (!code) return refuse(RegisterResult.terminalRegistered, 'already registered');
    this.send(encodeRegisterReply(header, this.nextSerial(), RegisterResult.ok, code));
  }

  /** 0x0102: the auth code the terminal was given; repeated failures are refused unchecked. */
  private async auth(header: Jt808Header, code: string): Promise<void> {
    const phone = header.phoneBcd;
    const address = this.socket.remoteAddress ?? 'unknown';
    if (this.refusals.blocked(phone, address)) {
      this.terminal = undefined;
      this.reply(header, ReplyResult.fail);
      return;
    }
    const terminal = await findTerminal(this.pool, header);
    const ok = terminal?.authCode != null && sameCode(terminal.authCode, code);
    this.terminal = ok ? terminal : undefined;
    if (!ok) this.refusals.refuse(phone, address, 'authentication');
    this.reply(header, ok ? ReplyResult.ok : ReplyResult.fail);
  }

  /** Location reports: stored, then acknowledged; a report without a fix is acknowledged unstored. */
  private store(header: Jt808Header, serials: number[], reports: LocationReport[], sent: number): void {
    // Wait for a register/auth still in progress: a terminal may send its first report right behind it.
    this.control = this.control.then(() => {
      const terminal = this.terminal;
      if (this.closed) return;
      if (!terminal) {
        this.reply(header, ReplyResult.fail, serials);
        return;
      }
      const now = new Date();
      const oldest = this.ingest.oldestAccepted(now);
      const fixes: Fix[] = [];
      let invalid = sent - reports.length;
      for (const r of reports) {
        if (!r.fixed) continue;
        const fix: Fix = {
          deviceId: terminal.id,
          time: r.time,
          lon: r.lon,
          lat: r.lat,
          speedKmh: r.speedKmh,
          heading: r.heading,
          altitudeM: r.altitudeM,
          source: 'jt808',
        };
        if (fixProblem(fix, now, oldest)) invalid++;
        else fixes.push(fix);
      }
      if (invalid === sent) {
        this.reply(header, ReplyResult.badMessage, serials);
        return;
      }
      this.inFlight++;
      if (this.inFlight >= PAUSE_AT) this.socket.pause();
      this.ingest.batcher
        .submit(fixes)
        .then(
          () => this.reply(header, ReplyResult.ok, serials),
          () => {}, // not stored: no acknowledgement, the terminal sends it again
        )
        .finally(() => {
          if (--this.inFlight < PAUSE_AT / 2) this.socket.resume();
        });
    });
  }

  /** 0x8001 to `header`, or to each package (`serials`) of a joined message. */
  private reply(header: Jt808Header, result: number, serials = [header.serial]): void {
    for (const serial of serials) this.send(encodePlatformReply({ ...header, serial }, this.nextSerial(), result));
  }

  private send(frame: Buffer): void {
    if (!this.closed && this.socket.writable) this.socket.write(frame);
  }

  private nextSerial(): number {
    const s = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return s;
  }

  private fail(err: Error): void {
    console.error('jt808:', err.message);
    this.socket.destroy();
  }
}

/** The JT/T 808 TCP listener (2011/2013/2019 headers), storing through the shared ingest. */
export function startJt808Listener(pool: pg.Pool, ingest: Ingest, options: Jt808Options): Promise<DeviceListener> {
  const refusals = new Refusals('JT/T 808', options.refusals);
  return listenDevices('jt808', options, (socket) => new Jt808Connection(socket, pool, ingest, options, refusals));
}
