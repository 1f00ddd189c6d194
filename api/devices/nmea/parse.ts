/**
 * NMEA 0183 position sentences (RMC, GGA) from BeiDou terminals, one line at a time.
 *
 * Receivers name the constellation in the talker id: `GN` for a combined fix, `BD` (Chinese
 * receivers) or `GB` (NMEA 4.10+) for BeiDou alone, `GP`, `GL`, `GA` for GPS, GLONASS, Galileo.
 * Real captures also carry a leading space, proprietary sentences (`$P…`) and extra trailing
 * fields (a 15th GGA field from SiRF, the NMEA 4.10 navigational status after the RMC mode); all
 * are tolerated. Positions are CGCS2000, equal to WGS84 at map scale, and are kept as they come.
 */

/** Talker ids whose RMC and GGA sentences are read. */
export const TALKERS = ['GP', 'BD', 'GB', 'GN', 'GL', 'GA'] as const;

/** A talker id from {@link TALKERS}. */
export type Talker = (typeof TALKERS)[number];

/**
 * Why a line was not read: `checksum` (missing or wrong `*HH`), `format` (not a sentence, or a
 * field malformed or out of range), `unsupported` (a well-formed sentence of another type or
 * talker, proprietary ones included: not garbage, just not ours).
 */
export type RejectReason = 'checksum' | 'format' | 'unsupported';

/** A valid RMC: the recommended minimum, the only position sentence that carries a date. */
export interface RmcSentence {
  kind: 'rmc';
  talker: Talker;
  /** UTC, milliseconds kept. */
  time: Date;
  lat: number;
  lon: number;
  speedKmh?: number;
  /** Course over ground, degrees clockwise from true north. */
  courseDeg?: number;
}

/** A valid GGA: fix quality, satellites, HDOP and altitude; its time has no date. */
export interface GgaSentence {
  kind: 'gga';
  talker: Talker;
  /** Milliseconds since UTC midnight. */
  timeOfDayMs: number;
  lat: number;
  lon: number;
  /** 1 GNSS, 2 differential, 4/5 RTK, 6 dead reckoning… (0, no fix, is never returned here). */
  quality: number;
  /** Satellites used in the fix. */
  satellites?: number;
  hdop?: number;
  /** Above mean sea level (the geoid), metres. */
  altitudeM?: number;
}

/** A well-formed RMC or GGA saying the receiver has no fix (RMC status V or mode N, GGA quality 0). */
export interface NoFixSentence {
  kind: 'nofix';
  sentence: 'RMC' | 'GGA';
  talker: Talker;
}

/** A line that was not read, and why. */
export interface Rejection {
  kind: 'rejected';
  reason: RejectReason;
  /** For logs: what was wrong. */
  detail: string;
}

/** What {@link parseSentence} makes of one line. */
export type ParsedSentence = RmcSentence | GgaSentence | NoFixSentence | Rejection;

const KNOTS_TO_KMH = 1.852;
// Same bound as api/devices/fix.ts, so that a fix read here is never refused by the store.
const MAX_SPEED_KMH = 2000;
// Lowest land is −430 m; civil receivers stop reporting above 18 km (CoCom limits).
const MIN_ALTITUDE_M = -1000;
const MAX_ALTITUDE_M = 20_000;
// RMC mode indicator (NMEA 2.3+): autonomous, differential, estimated, float RTK, manual, not
// valid, precise, RTK, simulator. Only N means no fix.
const RMC_MODES = 'ADEFMNPRS';

const SENTENCE = /^\$([^$*]*)(?:\*([0-9A-Fa-f]{2}))?$/;
const PRINTABLE = /^[\x20-\x7e]*$/;
const ADDRESS = /^([A-Z]{2})([A-Z]{3})$/;
const TIME = /^(\d{2})(\d{2})(\d{2})(?:\.(\d+))?$/;
const DATE = /^(\d{2})(\d{2})(\d{2})$/;
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)$/;
const SIGNED_DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;
// ddmm.mmmm / dddmm.mmmm; degrees are fixed width in the standard, but shorter ones are read too.
const LATITUDE = /^(\d{1,2})(\d{2}(?:\.\d*)?)$/;
const LONGITUDE = /^(\d{1,3})(\d{2}(?:\.\d*)?)$/;

/** The NMEA checksum of a sentence body (the text between `$` and `*`): XOR of its bytes, two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * Reads one NMEA line (surrounding whitespace and CR/LF allowed). The `*HH` checksum is required.
 * Never throws: anything it cannot use comes back as a {@link Rejection}.
 */
export function parseSentence(line: string): ParsedSentence {
  const m = SENTENCE.exec(line.trim());
  if (!m) return rejected('format', 'not a $…*HH sentence');
  const [, body = '', sum] = m;
  if (!PRINTABLE.test(body)) return rejected('format', 'non-printable characters');
  if (sum === undefined) return rejected('checksum', 'no checksum');
  const expected = nmeaChecksum(body);
  if (sum.toUpperCase() !== expected) return rejected('checksum', `checksum ${sum}, expected ${expected}`);

  const fields = body.split(',');
  // Proprietary sentences ($P + maker + type) never match: no talker starts with P.
  const [, talker, type] = ADDRESS.exec(fields[0] ?? '') ?? [];
  if (!isTalker(talker) || (type !== 'RMC' && type !== 'GGA')) return rejected('unsupported', `sentence ${fields[0]}`);
  try {
    return type === 'RMC' ? readRmc(talker, fields) : readGga(talker, fields);
  } catch (err) {
    if (err instanceof FieldError) return rejected('format', `${type}: ${err.message}`);
    throw err;
  }
}

function readRmc(talker: Talker, f: string[]): RmcSentence | NoFixSentence {
  // $--RMC,time,status,lat,N/S,lon,E/W,knots,course,ddmmyy,magvar,E/W[,mode[,navstatus]]
  if (f.length < 10) throw new FieldError(`${f.length - 1} fields, expected at least 9`);
  const status = f[2];
  const mode = f[12] ?? '';
  if (status !== 'A' && status !== 'V') throw new FieldError(`status "${status}"`);
  if (mode !== '' && (mode.length !== 1 || !RMC_MODES.includes(mode))) throw new FieldError(`mode "${mode}"`);
  if (status === 'V' || mode === 'N') return { kind: 'nofix', sentence: 'RMC', talker };

  const speedKnots = optional(f[7], DECIMAL, 'speed');
  const speedKmh = speedKnots === undefined ? undefined : speedKnots * KNOTS_TO_KMH;
  if (speedKmh !== undefined && !(speedKmh < MAX_SPEED_KMH)) throw new FieldError(`speed ${f[7]} kn`);
  const courseDeg = optional(f[8], DECIMAL, 'course');
  if (courseDeg !== undefined && !(courseDeg <= 360)) throw new FieldError(`course ${f[8]}`);
  return {
    kind: 'rmc',
    talker,
    time: new Date(utcDate(f[9] ?? '') + timeOfDay(f[1] ?? '')),
    lat: coordinate(f[3] ?? '', f[4] ?? '', LATITUDE, 'N', 'S', 90),
    lon: coordinate(f[5] ?? '', f[6] ?? '', LONGITUDE, 'E', 'W', 180),
    ...(speedKmh !== undefined && { speedKmh }),
    ...(courseDeg !== undefined && { courseDeg }),
  };
}

function readGga(talker: Talker, f: string[]): GgaSentence | NoFixSentence {
  // $--GGA,time,lat,N/S,lon,E/W,quality,satellites,hdop,altitude,M,geoid separation,M,age,station
  if (f.length < 10) throw new FieldError(`${f.length - 1} fields, expected at least 9`);
  if (!/^\d$/.test(f[6] ?? '')) throw new FieldError(`quality "${f[6]}"`);
  const quality = Number(f[6]);
  if (quality === 0) return { kind: 'nofix', sentence: 'GGA', talker };

  const satellites = optional(f[7], /^\d{1,2}$/, 'satellites');
  const dop = optional(f[8], DECIMAL, 'HDOP');
  if (dop !== undefined && !(dop <= 100)) throw new FieldError(`HDOP ${f[8]}`);
  const altitudeM = optional(f[9], SIGNED_DECIMAL, 'altitude');
  if (altitudeM !== undefined && !(altitudeM >= MIN_ALTITUDE_M && altitudeM <= MAX_ALTITUDE_M)) {
    throw new FieldError(`altitude ${f[9]}`);
  }
  if (altitudeM !== undefined && f[10] !== 'M') throw new FieldError(`altitude unit "${f[10]}"`);
  // Some receivers write 0.0 when they have no DOP; a real HDOP is never below 0.5 or so.
  const hdop = dop !== undefined && dop > 0 ? dop : undefined;
  return {
    kind: 'gga',
    talker,
    timeOfDayMs: timeOfDay(f[1] ?? ''),
    lat: coordinate(f[2] ?? '', f[3] ?? '', LATITUDE, 'N', 'S', 90),
    lon: coordinate(f[4] ?? '', f[5] ?? '', LONGITUDE, 'E', 'W', 180),
    quality,
    ...(satellites !== undefined && { satellites }),
    ...(hdop !== undefined && { hdop }),
    ...(altitudeM !== undefined && { altitudeM }),
  };
}

/** hhmmss[.sss…] → milliseconds since midnight; digits past the millisecond are dropped. */
function timeOfDay(text: string): number {
  const m = TIME.exec(text);
  if (!m) throw new FieldError(`time "${text}"`);
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59 || s > 59) throw new FieldError(`time "${text}"`);
  const ms = Number((m[4] ?? '').slice(0, 3).padEnd(3, '0'));
  return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** ddmmyy → UTC midnight in ms; the century is 2000 (NMEA sends two digits). */
function utcDate(text: string): number {
  const m = DATE.exec(text);
  if (!m) throw new FieldError(`date "${text}"`);
  const [day, month, year] = [Number(m[1]), Number(m[2]), 2000 + Number(m[3])];
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) throw new FieldError(`date "${text}"`);
  return t;
}

/** (d)ddmm.mmmm plus hemisphere → signed decimal degrees. */
function coordinate(value: string, hemisphere: string, pattern: RegExp, plus: string, minus: string, max: number) {
  const m = pattern.exec(value);
  if (!m || (hemisphere !== plus && hemisphere !== minus)) throw new FieldError(`position "${value},${hemisphere}"`);
  const minutes = Number(m[2]);
  const degrees = Number(m[1]) + minutes / 60;
  if (minutes >= 60 || degrees > max) throw new FieldError(`position "${value},${hemisphere}" out of range`);
  return hemisphere === minus ? -degrees : degrees;
}

/** An empty field is absent; anything else must match. */
function optional(text: string | undefined, pattern: RegExp, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!pattern.test(text)) throw new FieldError(`${name} "${text}"`);
  return Number(text);
}

function isTalker(talker: string | undefined): talker is Talker {
  return (TALKERS as readonly (string | undefined)[]).includes(talker);
}

function rejected(reason: RejectReason, detail: string): Rejection {
  return { kind: 'rejected', reason, detail };
}

/** A malformed or out-of-range field; caught in {@link parseSentence}. */
class FieldError extends Error {}
