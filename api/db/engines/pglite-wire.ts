import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { Duplex } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';

// The PostgreSQL frontend/backend protocol 3.0, served by one PGlite backend to many connections.
//
// PGlite is one backend (one session) in WebAssembly that executes protocol messages handed to
// it. Serving it to a connection pool takes three things that PGlite does not do itself:
// - Connections take turns: a connection keeps the backend from its first extended-query message
//   until Sync, and while its transaction is open (ReadyForQuery status 'T' or 'E').
// - After an error in Parse/Bind/Describe/Execute, PGlite already discards messages until Sync
//   (as a server does) but also answers the failed message with a ReadyForQuery of its own, and
//   then one more at Sync. A client counts ReadyForQuery to know where a result ends, so that one
//   extra left it one response behind: the next query got the previous one's rows. Only Sync and
//   a simple Query end in ReadyForQuery; this adapter drops it from the reply to anything else.
// - Prepared statements are per session on a server; here every connection shares one session,
//   so statement names are prefixed per connection, and a closed connection's are deallocated.
// A connection must present the per-start password (MD5 challenge), so no other process can use
// the database; the server's own pool connects in-process without any port at all.

/** Protocol codes of the untyped first message of a connection. */
const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;
/** Longest startup packet accepted; real ones are a few dozen bytes. */
const MAX_STARTUP = 10_000;
/** Longest single message accepted (PostgreSQL's own limit is 1 GB). */
const MAX_MESSAGE = 256 * 1024 * 1024;

const PARSE = 0x50; // 'P'
const BIND = 0x42; // 'B'
const DESCRIBE = 0x44; // 'D'
const EXECUTE = 0x45; // 'E'
const CLOSE = 0x43; // 'C'
const FLUSH = 0x48; // 'H'
const SYNC = 0x53; // 'S'
const TERMINATE = 0x58; // 'X'
const PASSWORD = 0x70; // 'p'
const READY_FOR_QUERY = 0x5a; // 'Z'

/** Messages of an extended-query sequence, which runs until its Sync. */
const EXTENDED = new Set([PARSE, BIND, DESCRIBE, EXECUTE, CLOSE, FLUSH]);

/** One connection's protocol state. */
class Session {
  /** Complete typed messages waiting for the backend. */
  readonly queue: Buffer[] = [];
  /** Prepared statements this connection made (backend names), deallocated when it closes. */
  readonly statements = new Set<string>();
  /** Between an extended-query message and its Sync. */
  inSequence = false;
  /** Transaction status of the last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' failed one. */
  txStatus = 'I';
  /** Closed by the client or failed: its backend state is reset, its queue dropped. */
  closing = false;
  /** In the backend's waiting list. */
  waiting = false;
  private buffer: Buffer = Buffer.alloc(0);
  private state: 'startup' | 'password' | 'ready' = 'startup';
  private user = 'postgres';
  private readonly salt = randomBytes(4);

  constructor(
    readonly id: number,
    private readonly backend: Backend,
    readonly send: (bytes: Buffer) => void,
    readonly end: (err?: Error) => void,
  ) {}

  /** Takes bytes from the client; complete messages go to the backend in order. */
  receive(chunk: Buffer): void {
    if (this.closing) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (!this.closing) {
      const message = this.state === 'startup' ? this.untypedMessage() : this.typedMessage();
      if (!message) break;
      if (this.state === 'startup') this.onStartup(message);
      else if (this.state === 'password') this.onPassword(message);
      else if (message[0] === TERMINATE) this.close();
      else {
        this.queue.push(message);
        this.backend.schedule(this);
      }
    }
  }

  /** The client went away (or must be dropped): reset what it left on the backend. */
  close(err?: Error): void {
    if (this.closing) return;
    this.closing = true;
    this.queue.length = 0;
    this.buffer = Buffer.alloc(0);
    this.end(err);
    this.backend.schedule(this);
  }

  private untypedMessage(): Buffer | null {
    if (this.buffer.length < 8) return null;
    const length = this.buffer.readInt32BE(0);
    if (length < 8 || length > MAX_STARTUP) {
      this.violation('bad startup packet length');
      return null;
    }
    return this.take(length);
  }

  private typedMessage(): Buffer | null {
    if (this.buffer.length < 5) return null;
    const length = this.buffer.readInt32BE(1);
    if (length < 4 || length > MAX_MESSAGE) {
      this.violation('bad message length');
      return null;
    }
    return this.take(length + 1);
  }

  private take(size: number): Buffer | null {
    if (this.buffer.length < size) return null;
    const message = this.buffer.subarray(0, size);
    this.buffer = this.buffer.subarray(size);
    return message;
  }

  private onStartup(packet: Buffer): void {
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.send(Buffer.from('N')); // no encryption on a loopback or in-process link
      return;
    }
    if (code === CANCEL_REQUEST) {
      this.close(); // one backend: nothing to cancel from outside
      return;
    }
    if (code !== PROTOCOL_3) {
      this.fatal('08P01', `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}`);
      return;
    }
    const fields = packet.subarray(8).toString('utf8').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'user') this.user = fields[i + 1] ?? this.user;
    this.state = 'password';
    this.send(message('R', Buffer.concat([int32(5), this.salt]))); // AuthenticationMD5Password
  }

  private onPassword(msg: Buffer): void {
    const given = msg[0] === PASSWORD ? msg.subarray(5, msg.length - 1) : Buffer.alloc(0);
    const expected = Buffer.from(md5Password(this.backend.password, this.user, this.salt));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      this.fatal('28P01', `password authentication failed for user "${this.user}"`);
      return;
    }
    this.state = 'ready';
    // AuthenticationOk, the parameters, BackendKeyData and ReadyForQuery, as PGlite said them at
    // start: a new connection gets in even while another one holds the backend in a transaction.
    this.send(this.backend.greeting);
  }

  private violation(text: string): void {
    this.fatal('08P01', `protocol violation: ${text}`);
  }

  private fatal(code: string, text: string): void {
    this.send(errorResponse('FATAL', code, text));
    this.close();
  }
}

/** The one PGlite backend and the turn-taking of the sessions on it. */
class Backend {
  private owner: Session | null = null;
  private readonly waiting: Session[] = [];
  private pumping = false;

  constructor(
    private readonly db: PGlite,
    readonly password: string,
    /** PGlite's answer to a startup packet, replayed to every connection that logs in. */
    readonly greeting: Buffer,
  ) {}

  /** A session has work (messages, or a reset after closing). */
  schedule(session: Session): void {
    if (session !== this.owner && !session.waiting) {
      session.waiting = true;
      this.waiting.push(session);
    }
    void this.pump();
  }

  private next(): Session | undefined {
    if (this.owner) {
      // Mid-sequence or in a transaction: the others wait, as they would for a lock.
      return this.owner.closing || this.owner.queue.length > 0 ? this.owner : undefined;
    }
    for (let s = this.waiting.shift(); s; s = this.waiting.shift()) {
      s.waiting = false;
      if (s.closing || s.queue.length > 0) return s;
    }
    return undefined;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let s = this.next(); s; s = this.next()) {
        if (s.closing) await this.reset(s);
        else await this.run(s);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Runs the session's next unit: a run of extended-query messages through Sync, or one other message. */
  private async run(s: Session): Promise<void> {
    const unit: Buffer[] = [];
    let endsInSync = false;
    while (s.queue.length > 0) {
      const type = (s.queue[0] as Buffer)[0] as number;
      if (!EXTENDED.has(type) && type !== SYNC) {
        if (unit.length === 0) unit.push(this.rename(s, s.queue.shift() as Buffer));
        break;
      }
      unit.push(this.rename(s, s.queue.shift() as Buffer));
      if (type === SYNC) {
        endsInSync = true;
        break;
      }
    }
    const first = (unit[0] as Buffer)[0] as number;
    const extended = EXTENDED.has(first) || first === SYNC;
    this.owner = s;
    let reply: Uint8Array;
    try {
      reply = await this.exec(Buffer.concat(unit));
    } catch (err) {
      s.close(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    // In an extended unit only the final Sync earns a ReadyForQuery; a real server sends no other.
    const { bytes, status } = filterReady(reply, extended ? (endsInSync ? 'last' : 'all') : 'none');
    if (status) s.txStatus = status;
    if (extended) s.inSequence = !endsInSync;
    if (bytes.length > 0) s.send(bytes);
    if (!s.inSequence && s.txStatus === 'I') {
      this.owner = null;
      if (s.queue.length > 0) this.schedule(s);
    }
  }

  /** Ends what a closed session left open: its sequence, its transaction, its prepared statements. */
  private async reset(s: Session): Promise<void> {
    this.owner = s;
    try {
      if (s.inSequence) s.txStatus = filterReady(await this.exec(message('S')), 'all').status ?? s.txStatus;
      if (s.txStatus !== 'I') await this.exec(message('Q', cstring('ROLLBACK')));
      if (s.statements.size > 0) {
        const closes = [...s.statements].map((name) => message('C', Buffer.concat([Buffer.from('S'), cstring(name)])));
        await this.exec(Buffer.concat([...closes, message('S')]));
      }
    } catch (err) {
      console.error(`embedded engine: could not reset connection ${s.id}:`, err);
    } finally {
      s.inSequence = false;
      s.txStatus = 'I';
      s.statements.clear();
      this.owner = null;
    }
  }

  private exec(bytes: Buffer): Promise<Uint8Array> {
    return this.db.runExclusive(() => this.db.execProtocolRaw(bytes));
  }

  /** Gives a named prepared statement a per-connection backend name. */
  private rename(s: Session, msg: Buffer): Buffer {
    const type = msg[0];
    const prefix = `c${s.id}_`;
    if (type === PARSE) {
      const end = msg.indexOf(0, 5);
      if (end <= 5) return msg; // the unnamed statement
      const name = prefix + msg.toString('utf8', 5, end);
      s.statements.add(name);
      return message('P', Buffer.concat([cstring(name), msg.subarray(end + 1)]));
    }
    if (type === BIND) {
      const portalEnd = msg.indexOf(0, 5);
      const end = msg.indexOf(0, portalEnd + 1);
      if (portalEnd < 0 || end <= portalEnd + 1) return msg;
      const name = prefix + msg.toString('utf8', portalEnd + 1, end);
      return message('B', Buffer.concat([msg.subarray(5, portalEnd + 1), cstring(name), msg.subarray(end + 1)]));
    }
    if ((type === DESCRIBE || type === CLOSE) && msg[5] === 0x53 /* 'S' */) {
      const end = msg.indexOf(0, 6);
      if (end <= 6) return msg;
      const name = prefix + msg.toString('utf8', 6, end);
      if (type === CLOSE) s.statements.delete(name);
      return message(String.fromCharCode(type), Buffer.concat([Buffer.from('S'), cstring(name)]));
    }
    return msg;
  }
}

/**
 * Drops ReadyForQuery messages from a reply ('all', or all but the 'last', or 'none') and returns
 * the transaction status of the last one seen.
 */
function filterReady(reply: Uint8Array, drop: 'all' | 'last' | 'none'): { bytes: Buffer; status?: string } {
  const buf = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  const ready: number[] = [];
  for (let i = 0; i + 5 <= buf.length; i += 1 + buf.readInt32BE(i + 1)) {
    if (buf[i] === READY_FOR_QUERY) ready.push(i);
  }
  const last = ready.at(-1);
  const status = last === undefined ? undefined : String.fromCharCode(buf[last + 5] as number);
  const dropped = drop === 'none' ? [] : drop === 'last' ? ready.slice(0, -1) : ready;
  if (dropped.length === 0) return { bytes: Buffer.from(buf), status };
  const parts: Buffer[] = [];
  let from = 0;
  for (const at of dropped) {
    parts.push(buf.subarray(from, at));
    from = at + 6; // 'Z', int32 length 5, status byte
  }
  parts.push(buf.subarray(from));
  return { bytes: Buffer.concat(parts), status };
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function cstring(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'utf8');
}

/** A typed protocol message: type byte, int32 length (itself included), body. */
function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function errorResponse(severity: string, code: string, text: string): Buffer {
  const fields = [`S${severity}`, `V${severity}`, `C${code}`, `M${text}`].map(cstring);
  return message('E', Buffer.concat([...fields, Buffer.from([0])]));
}

/** PostgreSQL's MD5 password answer: 'md5' + md5(md5(password + user) + salt). */
function md5Password(password: string, user: string, salt: Buffer): string {
  const inner = createHash('md5')
    .update(password + user)
    .digest('hex');
  return `md5${createHash('md5')
    .update(Buffer.concat([Buffer.from(inner), salt]))
    .digest('hex')}`;
}

/** The client end of an in-process connection, shaped like the net.Socket that `pg` expects. */
class InProcessSocket extends Duplex {
  private readonly session: Session;

  constructor(open: (send: (b: Buffer) => void, end: (err?: Error) => void) => Session) {
    super();
    this.session = open(
      (bytes) => this.push(bytes),
      (err) => {
        if (err) this.destroy(err);
        else {
          this.push(null);
          if (!this.writableEnded) this.end();
        }
      },
    );
  }

  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.session.receive(chunk);
    done();
  }
  override _final(done: (err?: Error | null) => void): void {
    this.session.close();
    done();
  }
  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.session.close();
    done(err);
  }
}

/** Serves one PGlite database to `pg` clients: in-process, and optionally on a loopback port. */
export class PgliteWire {
  /** Random per start: the password every connection must present. */
  readonly password = randomBytes(24).toString('base64url');
  private readonly backend: Backend;
  private readonly sessions = new Set<Session>();
  private server: net.Server | null = null;
  private nextId = 1;

  private constructor(db: PGlite, greeting: Buffer) {
    this.backend = new Backend(db, this.password, greeting);
  }

  /** Serves `db`, which nothing else may use meanwhile. */
  static async start(db: PGlite): Promise<PgliteWire> {
    const startup = Buffer.concat([
      int32(0),
      int32(PROTOCOL_3),
      cstring('user'),
      cstring('postgres'),
      Buffer.from([0]),
    ]);
    startup.writeInt32BE(startup.length, 0);
    const greeting = Buffer.from(await db.runExclusive(() => db.execProtocolRaw(startup)));
    return new PgliteWire(db, greeting);
  }

  /** A new in-process connection, for `pg`'s `stream` option: no port, no other process. */
  socket(): Duplex {
    return new InProcessSocket((send, end) => this.open(send, end));
  }

  /** Also serves other processes of this user (test workers) on a loopback port; returns the port. */
  async listen(maxConnections = 32): Promise<number> {
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      const session = this.open(
        (bytes) => socket.write(bytes),
        (err) => (err ? socket.destroy() : socket.end()),
      );
      socket.on('data', (chunk) => session.receive(chunk));
      socket.on('close', () => session.close());
      socket.on('error', () => session.close());
    });
    server.maxConnections = maxConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return (server.address() as net.AddressInfo).port;
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const s of this.sessions) s.close();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private open(send: (b: Buffer) => void, end: (err?: Error) => void): Session {
    const session: Session = new Session(this.nextId++, this.backend, send, (err) => {
      this.sessions.delete(session);
      end(err);
    });
    this.sessions.add(session);
    return session;
  }
}
