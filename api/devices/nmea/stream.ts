/**
 * One NMEA 0183 TCP connection from a BeiDou terminal, without the socket: the server pushes the
 * bytes it receives and stores the fixes that come back.
 *
 * Wire format: lines ending in LF, CRLF or CR, each at most `maxLineLength` bytes (256 by default;
 * NMEA's own limit is 82). Whitespace around a line is ignored, and so are empty lines.
 *
 * The first line identifies the terminal, in one of three forms (the id is 1–32 characters of
 * `0-9 A-Z a-z _ -`, such as an IMEI or the SIM's phone number; the secret, which the server
 * requires, is 8–64 printable characters without `,`, `*` or `$`):
 *
 *     $PRMID,860123456789012,s3cret-code*HH    a proprietary NMEA sentence with its checksum (preferred)
 *     ID:860123456789012,s3cret-code
 *     860123456789012,s3cret-code
 *
 * Until such a line has come, every line is taken as an identification attempt, and one that is
 * not counts as rejected. After it come RMC and GGA sentences from the talkers GP, BD, GB, GN,
 * GL and GA (see parse.ts); other sentences, proprietary ones included, are skipped without
 * counting as rejected.
 *
 * Fixes: one per epoch. The RMC carries the date, position, speed and course and decides
 * validity (status V or mode N: no fix); a GGA of the same time of day adds altitude, satellites
 * and HDOP, whichever of the two comes first. Receivers differ in order: SiRF and Quectel send
 * the GGA first, so the fix goes out with the RMC; u-blox and Unicore send the RMC first, so once
 * a connection has shown that order (its first RMC goes out alone), each RMC waits for its GGA and
 * goes out with it, or alone when the next epoch starts or the connection ends. A terminal that
 * sends only RMC never waits. A GGA never makes a fix on its own: it has no date.
 */
import type { Fix } from '../fix.ts';
import { type GgaSentence, nmeaChecksum, parseSentence, type RmcSentence } from './parse.ts';

/** A position read from a terminal; add the connection's `deviceId` and `source: 'nmea'` to store it. */
export type NmeaFix = Omit<Fix, 'deviceId' | 'source'> & {
  /** Satellites used in the fix (GGA). */
  satellites?: number;
  /** Horizontal dilution of precision (GGA). */
  hdop?: number;
};

/** A line the stream could not use, for the connection's garbage count and the logs. */
export interface StreamRejection {
  reason: 'checksum' | 'format' | 'too-long' | 'identification';
  detail: string;
}

/** What one {@link NmeaStream.push} or {@link NmeaStream.end} produced. */
export interface PushResult {
  /** Set in the result of the push that carried the identification line. */
  terminalId?: string;
  /** The secret of that line, when it had one (the server requires it). */
  secret?: string | undefined;
  fixes: NmeaFix[];
  rejected: StreamRejection[];
}

/** Options of {@link NmeaStream}. */
export interface NmeaStreamOptions {
  /** Longest line in bytes, terminator excluded; a longer one is dropped and counted (default 256). */
  maxLineLength?: number;
}

/**
 * Metres of horizontal error per unit of HDOP: accuracyM = HDOP × 5 m. 5 m is a typical 1σ range
 * error (UERE) of a single-frequency receiver, so the estimate is about a 1σ radius (gpsd uses
 * 15 m for 95 %). The geofence widens its leave margin by it, so a poor fix does not flap a member
 * out of a zone.
 */
export const UERE_M = 5;

const TERMINAL_ID = /^[0-9A-Za-z_-]{1,32}$/;
const SECRET = /^[\x21-\x7e]{8,64}$/;
const PRMID = /^\$(PRMID,([^*]*))\*([0-9A-Fa-f]{2})$/;
const DAY_MS = 86_400_000;

/** Who a connection says it is: the terminal id and, when given, its secret. */
export interface Identification {
  id: string;
  secret: string | undefined;
}

/** `<id>` or `<id>,<secret>`, both well-formed, or undefined. */
function idAndSecret(text: string): Identification | undefined {
  const [id = '', secret, ...rest] = text.split(',');
  if (rest.length > 0 || !TERMINAL_ID.test(id.trim())) return undefined;
  if (secret !== undefined && (!SECRET.test(secret) || /[,*$]/.test(secret))) return undefined;
  return { id: id.trim(), secret };
}

/**
 * The terminal id and secret in an identification line (see the module comment for the three
 * forms), or undefined when the line is not one. `line` is already trimmed.
 */
export function parseIdentification(line: string): Identification | undefined {
  const m = PRMID.exec(line);
  if (m) {
    const [, body = '', text = '', sum = ''] = m;
    return sum.toUpperCase() === nmeaChecksum(body) ? idAndSecret(text) : undefined;
  }
  return idAndSecret(line.startsWith('ID:') ? line.slice(3).trim() : line);
}

/**
 * The line handler of one connection. Pure: the server calls {@link push} with each chunk read
 * from the socket and {@link end} when it closes, and decides from {@link counts} when a
 * connection sends too much garbage to keep.
 */
export class NmeaStream {
  /** Non-empty lines seen and lines rejected since the connection opened. */
  readonly counts = { lines: 0, rejected: 0 };
  private id: string | undefined;
  private readonly maxLineLength: number;
  /** Bytes after the last line end. */
  private partial = '';
  /** Inside a too-long line: drop bytes up to the next line end. */
  private discarding = false;
  /** A GGA waiting for the RMC of its epoch. */
  private pendingGga: GgaSentence | undefined;
  /** An RMC waiting for the GGA that follows it (only once {@link ggaFollowsRmc}). */
  private heldRmc: RmcSentence | undefined;
  /** Time of day of the last RMC that went out without a GGA. */
  private loneRmcTimeOfDay: number | undefined;
  /** This terminal sends the GGA after the RMC of the same epoch. */
  private ggaFollowsRmc = false;

  constructor(options: NmeaStreamOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? 256;
  }

  /** The terminal id, once the identification line has come. */
  get terminalId(): string | undefined {
    return this.id;
  }

  /** Reads a chunk of the byte stream; lines may be split anywhere across chunks. */
  push(chunk: Buffer): PushResult {
    const out: PushResult = { fixes: [], rejected: [] };
    // latin1 maps each byte to one character: lengths are bytes and a split never breaks a character.
    const text = chunk.toString('latin1');
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      this.line(this.partial + text.slice(start, i), out);
      this.partial = '';
      start = i + 1;
    }
    this.partial += text.slice(start);
    if (this.partial.length > this.maxLineLength) {
      if (!this.discarding) {
        this.counts.lines++;
        this.reject(out, 'too-long', `line over ${this.maxLineLength} bytes`);
      }
      this.discarding = true;
      this.partial = '';
    }
    return out;
  }

  /** The connection closed: reads a last line that had no terminator and releases a waiting RMC. */
  end(): PushResult {
    const out: PushResult = { fixes: [], rejected: [] };
    this.line(this.partial, out);
    this.partial = '';
    this.releaseHeldRmc(out);
    return out;
  }

  private line(raw: string, out: PushResult): void {
    if (this.discarding) {
      // The tail of a line already counted as too long.
      this.discarding = false;
      return;
    }
    const line = raw.trim();
    if (line === '') return;
    this.counts.lines++;
    if (raw.length > this.maxLineLength) this.reject(out, 'too-long', `line over ${this.maxLineLength} bytes`);
    else if (this.id === undefined) this.identify(line, out);
    else this.sentence(line, out);
  }

  private identify(line: string, out: PushResult): void {
    const who = parseIdentification(line);
    this.id = who?.id;
    if (!who) this.reject(out, 'identification', `not an identification: ${clip(line)}`);
    else {
      out.terminalId = who.id;
      out.secret = who.secret;
    }
  }

  private sentence(line: string, out: PushResult): void {
    const s = parseSentence(line);
    switch (s.kind) {
      case 'rmc':
        this.onRmc(s, out);
        break;
      case 'gga':
        this.onGga(s, out);
        break;
      case 'nofix':
        this.releaseHeldRmc(out);
        this.pendingGga = undefined;
        break;
      case 'rejected':
        if (s.reason !== 'unsupported') this.reject(out, s.reason, `${s.detail}: ${clip(line)}`);
        break;
    }
  }

  private onRmc(rmc: RmcSentence, out: PushResult): void {
    this.releaseHeldRmc(out);
    const t = timeOfDay(rmc);
    const gga = this.pendingGga?.timeOfDayMs === t ? this.pendingGga : undefined;
    this.pendingGga = undefined;
    if (gga) out.fixes.push(toFix(rmc, gga));
    else if (this.ggaFollowsRmc) this.heldRmc = rmc;
    else {
      out.fixes.push(toFix(rmc));
      this.loneRmcTimeOfDay = t;
    }
  }

  private onGga(gga: GgaSentence, out: PushResult): void {
    if (this.heldRmc && timeOfDay(this.heldRmc) === gga.timeOfDayMs) {
      out.fixes.push(toFix(this.heldRmc, gga));
      this.heldRmc = undefined;
      return;
    }
    this.releaseHeldRmc(out);
    // Its RMC already went out alone: this terminal sends GGA second, so wait for it from now on.
    if (gga.timeOfDayMs === this.loneRmcTimeOfDay) this.ggaFollowsRmc = true;
    else this.pendingGga = gga;
  }

  private releaseHeldRmc(out: PushResult): void {
    if (!this.heldRmc) return;
    out.fixes.push(toFix(this.heldRmc));
    this.heldRmc = undefined;
  }

  private reject(out: PushResult, reason: StreamRejection['reason'], detail: string): void {
    this.counts.rejected++;
    out.rejected.push({ reason, detail });
  }
}

function toFix(rmc: RmcSentence, gga?: GgaSentence): NmeaFix {
  return {
    time: rmc.time,
    lat: rmc.lat,
    lon: rmc.lon,
    ...(rmc.speedKmh !== undefined && { speedKmh: rmc.speedKmh }),
    ...(rmc.courseDeg !== undefined && { heading: rmc.courseDeg }),
    ...(gga?.altitudeM !== undefined && { altitudeM: gga.altitudeM }),
    ...(gga?.satellites !== undefined && { satellites: gga.satellites }),
    ...(gga?.hdop !== undefined && { hdop: gga.hdop, accuracyM: Math.round(gga.hdop * UERE_M * 10) / 10 }),
  };
}

function timeOfDay(rmc: RmcSentence): number {
  return rmc.time.getTime() % DAY_MS;
}

function clip(line: string): string {
  return line.length > 100 ? `${line.slice(0, 100)}…` : line;
}
