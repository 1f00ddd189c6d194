/**
 * JT/T 808 messages (2011, 2013 and 2019 editions): header and body decoding of what terminals send,
 * encoders for the platform's replies and, for the device simulator and the tests, for terminal
 * messages. Input is one un-escaped frame from `FrameSplitter` (header + body + check code); no
 * I/O. Decoders never throw; encoders throw a RangeError on values the wire format cannot carry.
 */
import { checkCode, MIN_FRAME_BYTES, wrapFrame } from './frame.ts';

/** Message ids this codec decodes and encodes. */
export const MsgId = {
  terminalReply: 0x0001,
  heartbeat: 0x0002,
  register: 0x0100,
  auth: 0x0102,
  location: 0x0200,
  locationBatch: 0x0704,
  platformReply: 0x8001,
  registerReply: 0x8100,
} as const;

/** Bits of the location status word that the platform reads. */
export const Status = {
  acc: 1 << 0,
  /** The terminal has a fix; without it the position is the last known one, or zeros. */
  fixed: 1 << 1,
  south: 1 << 2,
  west: 1 << 3,
  gps: 1 << 18,
  beidou: 1 << 19,
  glonass: 1 << 20,
  galileo: 1 << 21,
} as const;

/** Ids of the location additional items decoded into fields; others stay raw in `extras`. */
export const ExtraId = { mileage: 0x01, signal: 0x30, satellites: 0x31 } as const;

/** Result codes of 0x8001 (0–3 are also those of the terminal's 0x0001). */
export const ReplyResult = { ok: 0, fail: 1, badMessage: 2, unsupported: 3, alarmConfirmed: 4 } as const;

/** Result codes of 0x8100. */
export const RegisterResult = {
  ok: 0,
  vehicleRegistered: 1,
  noSuchVehicle: 2,
  terminalRegistered: 3,
  noSuchTerminal: 4,
} as const;

/** Type byte of 0x0704. */
export const BatchType = { normal: 0, backfill: 1 } as const;

/** Largest body the 10-bit length field can describe. */
export const MAX_BODY_BYTES = 0x3ff;

// Body properties word: body length in bits 0–9, encryption in 10–12, subpackage flag 13, version flag 14.
const BODY_LENGTH_MASK = 0x03ff;
const ENCRYPTION_SHIFT = 10;
const ENCRYPTION_MASK = 0x7;
const SUBPACKAGE_BIT = 0x2000;
const VERSION_FLAG_BIT = 0x4000;
// Header before the optional packet fields: id 2 + props 2 + phone BCD[6] + serial 2 (2011/2013), or
// id 2 + props 2 + protocol version 1 + phone BCD[10] + serial 2 (2019).
const HEADER_2013 = 12;
const HEADER_2019 = 17;
const PHONE_2013 = { at: 4, end: 10 };
const PHONE_2019 = { at: 5, end: 15 };
/** Total packages WORD + package index WORD, present when the subpackage bit is set. */
const PACKET_FIELDS = 4;
/** Fixed part of a 0x0200 body, before the additional items. */
const LOCATION_FIXED = 28;
/** Terminal times are Beijing time (GMT+8). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * Header layout: 2011 and 2013 share one (BCD[6] phone); 2019 adds a protocol version byte and a
 * BCD[10] phone.
 */
export type HeaderLayout = 2013 | 2019;

/** A decoded message header. */
export interface Jt808Header {
  msgId: number;
  bodyLength: number;
  /** Bits 10–12 of the body properties: 0 plain, 1 RSA. Encrypted bodies are left raw. */
  encryption: number;
  /** Bit 14 as sent. 2019 terminals set it, and so do some that still send the 2013 layout. */
  versionFlag: boolean;
  /** The layout actually used, decided by the body length (see {@link decodeFrame}). */
  layout: HeaderLayout;
  /** The 2019 header's protocol version byte (1 for JT/T 808-2019); absent in the 2013 layout. */
  protocolVersion?: number;
  /**
   * The terminal phone as sent: 12 (2013) or 20 (2019) BCD digits with their leading zeros. Nibbles
   * above 9, which some terminals send, appear as hex letters rather than being rejected.
   */
  phoneBcd: string;
  /** `phoneBcd` without leading zeros: the same terminal has the same `phone` in either layout. */
  phone: string;
  serial: number;
  /** Present when the subpackage bit 13 is set: package `index` (from 1) of `total`. */
  packet?: { total: number; index: number };
}

/** One location report (0x0200 body, or one item of 0x0704). */
export interface LocationReport {
  /** Alarm flags, as sent (bit 0 emergency, bit 8 main power cut, …). */
  alarm: number;
  /** Status flags, as sent; see {@link Status}. */
  status: number;
  /** Status bit 1. */
  fixed: boolean;
  /** Degrees, negative south (status bit 2). CGCS2000, which equals WGS84 at map scale. */
  lat: number;
  /** Degrees, negative west (status bit 3). */
  lon: number;
  /**
   * Metres. The standard says WORD (unsigned), but terminals below sea level send two's complement, and
   * no terminal is above 32 767 m, so it is read as a signed 16-bit number.
   */
  altitudeM: number;
  speedKmh: number;
  /** Degrees clockwise from north, 0–359. */
  heading: number;
  /** UTC (the terminal sends Beijing time). */
  time: Date;
  /** Item 0x01, odometer in km (sent in 1/10 km). */
  mileageKm?: number;
  /** Item 0x30, wireless network signal strength. */
  signal?: number;
  /** Item 0x31, GNSS satellites in use. */
  satellites?: number;
  /** Other additional items, and known ids with a length other than the standard's, kept raw. */
  extras: ExtraItem[];
  /**
   * Bytes after the last whole additional item: an item that runs past the body. Some terminals pad
   * reports like that (Traccar's test frame t64); the position is still good, so this is no error.
   */
  trailing?: Buffer;
}

/** A location additional item: id and value bytes. */
export interface ExtraItem {
  id: number;
  value: Buffer;
}

/** 0x0001 terminal general reply. */
export interface TerminalReply {
  type: 'terminalReply';
  replySerial: number;
  replyId: number;
  result: number;
}

/** 0x0002 heartbeat (empty body). */
export interface Heartbeat {
  type: 'heartbeat';
}

/** 0x0100 terminal registration. The edition decides the widths of maker, model and terminal id. */
export interface Registration {
  type: 'register';
  version: 2011 | 2013 | 2019;
  province: number;
  city: number;
  maker: string;
  model: string;
  terminalId: string;
  /** 0 when the vehicle has no plate (then `plate` holds the VIN). */
  plateColour: number;
  plate: string;
}

/** 0x0102 terminal authentication; IMEI and software version only in the 2019 layout. */
export interface Authentication {
  type: 'auth';
  authCode: string;
  imei?: string;
  softwareVersion?: string;
}

/** 0x0200 location report. */
export interface LocationMessage {
  type: 'location';
  report: LocationReport;
}

/** 0x0704 batch of location reports; items that fail validation are listed apart with the reason. */
export interface LocationBatch {
  type: 'locationBatch';
  /** {@link BatchType}: 0 normal, 1 backfill of reports stored while out of coverage. */
  batchType: number;
  reports: LocationReport[];
  /** Items that failed to decode, by position in the batch. Not encoded. */
  rejected: { index: number; reason: BodyFailure; detail: string }[];
}

/** 0x8001 platform general reply. */
export interface PlatformReply {
  type: 'platformReply';
  replySerial: number;
  replyId: number;
  result: number;
}

/** 0x8100 registration reply; the auth code is present only when the result is 0. */
export interface RegisterReply {
  type: 'registerReply';
  replySerial: number;
  result: number;
  authCode?: string;
}

/** A body left undecoded: an unknown message id, an encrypted body, or one package of several. */
export interface RawBody {
  type: 'raw';
  data: Buffer;
}

export type Jt808Body =
  | TerminalReply
  | Heartbeat
  | Registration
  | Authentication
  | LocationMessage
  | LocationBatch
  | PlatformReply
  | RegisterReply
  | RawBody;

export interface Jt808Message {
  header: Jt808Header;
  body: Jt808Body;
}

/** Why a body did not decode: `body` when its bytes do not fit the layout, `value` for an impossible field. */
export type BodyFailure = 'body' | 'value';

/**
 * Why a frame did not decode: `truncated` too short for a header, `checksum` the check code does not
 * match, `length` the header's body length disagrees with the frame, or a {@link BodyFailure}.
 */
export type DecodeFailure = 'truncated' | 'checksum' | 'length' | BodyFailure;

export type DecodeResult =
  | { ok: true; message: Jt808Message }
  | { ok: false; reason: DecodeFailure; detail: string; header?: Jt808Header };

type BodyResult<T> = { ok: true; value: T } | { ok: false; reason: BodyFailure; detail: string };

const bad = (reason: BodyFailure, detail: string) => ({ ok: false, reason, detail }) as const;

// ---------------------------------------------------------------------------------------------------
// Decoding

/**
 * Decodes one un-escaped frame: header + body + check code, without the 0x7E flags. Never throws.
 *
 * The header layout is decided by the length, not by the version flag alone: a frame is 2019 when the
 * flag is set and its size is the 2019 header + body length + 1, and 2013 when its size fits the 2013
 * header (whatever the flag says — some terminals set the flag but keep the 2013 header). When neither
 * fits, the result is a `length` failure; but a bad check code is reported before anything else.
 * A package of a subpackaged message decodes to a raw body; join the packages with the
 * `Reassembler` (reassembler.ts) and decode the result with {@link decodeBody}.
 */
export function decodeFrame(frame: Buffer): DecodeResult {
  if (frame.length < MIN_FRAME_BYTES) {
    return { ok: false, reason: 'truncated', detail: `${frame.length} bytes, a frame has at least ${MIN_FRAME_BYTES}` };
  }
  const read = readHeader(frame);
  const expected = checkCode(frame, 0, frame.length - 1);
  if (expected !== frame[frame.length - 1]) {
    const detail = `check code ${hex(frame[frame.length - 1]!, 2)}, computed ${hex(expected, 2)}`;
    return { ok: false, reason: 'checksum', detail, ...(read ? { header: read.header } : {}) };
  }
  if (!read) return { ok: false, reason: 'truncated', detail: `${frame.length} bytes, shorter than its header` };
  const { header } = read;
  if (!read.fits) {
    const detail = `header says ${header.bodyLength} body bytes, the frame has ${frame.length - read.size - 1}`;
    return { ok: false, reason: 'length', detail, header };
  }
  const body = frame.subarray(read.size, frame.length - 1);
  if (header.packet) return { ok: true, message: { header, body: { type: 'raw', data: body } } };
  return decodeBody(header, body);
}

/**
 * Decodes a body for its header's message id: one from a single frame, or the joined packages of a
 * subpackaged message. Unknown ids and encrypted bodies come back raw. Never throws.
 */
export function decodeBody(header: Jt808Header, body: Buffer): DecodeResult {
  const result = header.encryption ? undefined : readBody(header, body);
  if (!result) return { ok: true, message: { header, body: { type: 'raw', data: body } } };
  if (!result.ok) return { ...result, header };
  return { ok: true, message: { header, body: result.value } };
}

/** The header, whether the frame's size fits it (`fits`), and the header's size in bytes. */
function readHeader(f: Buffer): { header: Jt808Header; fits: boolean; size: number } | undefined {
  const props = f.readUInt16BE(2);
  const bodyLength = props & BODY_LENGTH_MASK;
  const versionFlag = (props & VERSION_FLAG_BIT) !== 0;
  const packetBytes = props & SUBPACKAGE_BIT ? PACKET_FIELDS : 0;
  const fits2019 = versionFlag && f.length === HEADER_2019 + packetBytes + bodyLength + 1;
  const fits2013 = f.length === HEADER_2013 + packetBytes + bodyLength + 1;
  // When neither fits, read the header the flag announces so that the failure can name the terminal.
  const layout: HeaderLayout = fits2019 || (versionFlag && !fits2013) ? 2019 : 2013;
  const size = (layout === 2019 ? HEADER_2019 : HEADER_2013) + packetBytes;
  if (f.length < size + 1) return undefined;
  const phone = layout === 2019 ? PHONE_2019 : PHONE_2013;
  const phoneBcd = f.toString('hex', phone.at, phone.end);
  const header: Jt808Header = {
    msgId: f.readUInt16BE(0),
    bodyLength,
    encryption: (props >> ENCRYPTION_SHIFT) & ENCRYPTION_MASK,
    versionFlag,
    layout,
    ...(layout === 2019 ? { protocolVersion: f[4]! } : {}),
    phoneBcd,
    phone: phoneBcd.replace(/^0+(?=.)/, ''),
    serial: f.readUInt16BE(phone.end),
    ...(packetBytes ? { packet: { total: f.readUInt16BE(phone.end + 2), index: f.readUInt16BE(phone.end + 4) } } : {}),
  };
  return { header, fits: fits2019 || fits2013, size };
}

/** The body for a known message id, or undefined for an unknown one. */
function readBody(header: Jt808Header, b: Buffer): BodyResult<Jt808Body> | undefined {
  switch (header.msgId) {
    case MsgId.heartbeat:
      return { ok: true, value: { type: 'heartbeat' } };
    case MsgId.terminalReply:
    case MsgId.platformReply: {
      if (b.length < 5) return bad('body', `general reply of ${b.length} bytes, needs 5`);
      const type = header.msgId === MsgId.terminalReply ? 'terminalReply' : 'platformReply';
      return { ok: true, value: { type, replySerial: b.readUInt16BE(0), replyId: b.readUInt16BE(2), result: b[4]! } };
    }
    case MsgId.register:
      return readRegistration(b, header.layout);
    case MsgId.auth:
      return readAuthentication(b, header.layout);
    case MsgId.location: {
      const report = readLocation(b);
      return report.ok ? { ok: true, value: { type: 'location', report: report.value } } : report;
    }
    case MsgId.locationBatch:
      return readBatch(b);
    case MsgId.registerReply: {
      if (b.length < 3) return bad('body', `register reply of ${b.length} bytes, needs 3`);
      const result = b[2]!;
      const authCode = result === RegisterResult.ok ? { authCode: gbkText(b.subarray(3)) } : {};
      return { ok: true, value: { type: 'registerReply', replySerial: b.readUInt16BE(0), result, ...authCode } };
    }
    default:
      return undefined;
  }
}

/** Widths of maker, model and terminal id in 0x0100, by edition. */
const REGISTER_WIDTHS = {
  2011: { maker: 5, model: 8, terminalId: 7 },
  2013: { maker: 5, model: 20, terminalId: 7 },
  2019: { maker: 11, model: 30, terminalId: 30 },
} as const;
/** Province WORD + city WORD before the text fields, plate colour BYTE after them. */
const REGISTER_NUMBERS = 5;

/**
 * 0x0100. A 2019 header means 2019 widths. Otherwise the 2011 and 2013 editions differ only in the model
 * width (8 or 20 bytes); a body shorter than the 2013 fixed part (37 bytes) is read as 2011, which a
 * 2011 body with a plate of 12 bytes or more (none seen; plates are 7–9) would defeat.
 */
function readRegistration(b: Buffer, layout: HeaderLayout): BodyResult<Registration> {
  const fixed2013 = REGISTER_NUMBERS + sum(REGISTER_WIDTHS[2013]);
  const version = layout === 2019 ? 2019 : b.length >= fixed2013 ? 2013 : 2011;
  const w = REGISTER_WIDTHS[version];
  if (b.length < REGISTER_NUMBERS + sum(w)) return bad('body', `${version} registration of ${b.length} bytes`);
  const modelAt = 4 + w.maker;
  const terminalIdAt = modelAt + w.model;
  const colourAt = terminalIdAt + w.terminalId;
  const value: Registration = {
    type: 'register',
    version,
    province: b.readUInt16BE(0),
    city: b.readUInt16BE(2),
    maker: asciiField(b.subarray(4, modelAt)),
    model: asciiField(b.subarray(modelAt, terminalIdAt)),
    terminalId: asciiField(b.subarray(terminalIdAt, colourAt)),
    plateColour: b[colourAt]!,
    plate: gbkText(b.subarray(colourAt + 1)),
  };
  return { ok: true, value };
}

/** IMEI BYTE[15] + software version BYTE[20] after the 2019 auth code. */
const AUTH_2019_TAIL = 35;

/**
 * 0x0102. 2013: the whole body is the auth code. 2019: length-prefixed auth code, IMEI and software
 * version, which must fill the body exactly.
 */
function readAuthentication(b: Buffer, layout: HeaderLayout): BodyResult<Authentication> {
  if (layout === 2013) return { ok: true, value: { type: 'auth', authCode: gbkText(b) } };
  const codeLength = b[0] ?? 0;
  if (b.length !== 1 + codeLength + AUTH_2019_TAIL) {
    return bad('body', `2019 auth of ${b.length} bytes with a ${codeLength}-byte code`);
  }
  const imeiAt = 1 + codeLength;
  return {
    ok: true,
    value: {
      type: 'auth',
      authCode: gbkText(b.subarray(1, imeiAt)),
      imei: asciiField(b.subarray(imeiAt, imeiAt + 15)),
      softwareVersion: asciiField(b.subarray(imeiAt + 15)),
    },
  };
}

/** 0x0200 body: 28 fixed bytes, then additional items (id BYTE, length BYTE, value). */
function readLocation(b: Buffer): BodyResult<LocationReport> {
  if (b.length < LOCATION_FIXED) return bad('body', `location of ${b.length} bytes, needs ${LOCATION_FIXED}`);
  const status = b.readUInt32BE(4);
  const latE6 = b.readUInt32BE(8);
  const lonE6 = b.readUInt32BE(12);
  if (latE6 > 90e6) return bad('value', `latitude ${latE6 / 1e6} is beyond 90°`);
  if (lonE6 > 180e6) return bad('value', `longitude ${lonE6 / 1e6} is beyond 180°`);
  const time = readBcdTime(b, 22);
  if (!time) return bad('value', `time ${b.toString('hex', 22, 28)} is not a valid BCD YYMMDDhhmmss`);
  const report: LocationReport = {
    alarm: b.readUInt32BE(0),
    status,
    fixed: (status & Status.fixed) !== 0,
    // Zero stays +0 whatever the hemisphere bits say.
    lat: status & Status.south && latE6 ? -latE6 / 1e6 : latE6 / 1e6,
    lon: status & Status.west && lonE6 ? -lonE6 / 1e6 : lonE6 / 1e6,
    altitudeM: b.readInt16BE(16),
    speedKmh: b.readUInt16BE(18) / 10,
    heading: b.readUInt16BE(20),
    time,
    extras: [],
  };
  for (let at = LOCATION_FIXED; at < b.length; ) {
    const id = b[at]!;
    const length = b[at + 1];
    const value = b.subarray(at + 2, at + 2 + (length ?? 0));
    if (length === undefined || value.length < length) {
      report.trailing = b.subarray(at);
      break;
    }
    at += 2 + length;
    if (id === ExtraId.mileage && length === 4) report.mileageKm = value.readUInt32BE(0) / 10;
    else if (id === ExtraId.signal && length === 1) report.signal = value[0]!;
    else if (id === ExtraId.satellites && length === 1) report.satellites = value[0]!;
    else report.extras.push({ id, value });
  }
  return { ok: true, value: report };
}

/** 0x0704: count WORD, type BYTE, then per item a length WORD and a 0x0200 body. */
function readBatch(b: Buffer): BodyResult<LocationBatch> {
  if (b.length < 3) return bad('body', `batch of ${b.length} bytes, needs 3`);
  const count = b.readUInt16BE(0);
  const batch: LocationBatch = { type: 'locationBatch', batchType: b[2]!, reports: [], rejected: [] };
  let at = 3;
  for (let index = 0; index < count; index++) {
    if (at + 2 > b.length) return bad('body', `batch announces ${count} items, has ${index}`);
    const length = b.readUInt16BE(at);
    const item = b.subarray(at + 2, at + 2 + length);
    if (item.length < length) return bad('body', `batch item ${index} runs past the body`);
    at += 2 + length;
    const report = readLocation(item);
    if (report.ok) batch.reports.push(report.value);
    else batch.rejected.push({ index, reason: report.reason, detail: report.detail });
  }
  if (at !== b.length) return bad('body', `${b.length - at} bytes after the ${count} batch items`);
  return { ok: true, value: batch };
}

/** BCD YYMMDDhhmmss in Beijing time at `at`, as a UTC Date; undefined for a non-BCD or impossible time. */
function readBcdTime(b: Buffer, at: number): Date | undefined {
  const n: number[] = [];
  for (let i = at; i < at + 6; i++) {
    const hi = b[i]! >> 4;
    const lo = b[i]! & 0xf;
    if (hi > 9 || lo > 9) return undefined;
    n.push(hi * 10 + lo);
  }
  const [yy = 0, month = 0, day = 0, hours = 0, minutes = 0, seconds = 0] = n;
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const beijing = Date.UTC(2000 + yy, month - 1, day, hours, minutes, seconds);
  // Date.UTC rolls 31 April over to 1 May: a changed day means the date does not exist.
  if (new Date(beijing).getUTCDate() !== day) return undefined;
  return new Date(beijing - CHINA_OFFSET_MS);
}

// ---------------------------------------------------------------------------------------------------
// Encoding

/** What {@link encodeFrame} needs of a header; a decoded {@link Jt808Header} will do. */
export interface HeaderInit {
  msgId: number;
  layout: HeaderLayout;
  /** Digits (hex letters allowed), left-padded with zeros to 12 or 20. */
  phoneBcd: string;
  serial: number;
  /** 2019 layout only (default 1). */
  protocolVersion?: number;
  /** Default: set exactly for the 2019 layout. */
  versionFlag?: boolean;
  encryption?: number;
  packet?: { total: number; index: number };
}

/** Wire form (escaped, with flags) of a message with the given header and body bytes. */
export function encodeFrame(header: HeaderInit, body: Uint8Array): Buffer {
  if (body.length > MAX_BODY_BYTES) throw new RangeError(`body of ${body.length} bytes exceeds ${MAX_BODY_BYTES}`);
  const is2019 = header.layout === 2019;
  const digits = is2019 ? 20 : 12;
  if (!/^[0-9a-f]*$/i.test(header.phoneBcd) || header.phoneBcd.length > digits) {
    throw new RangeError(`phone ${header.phoneBcd} is not at most ${digits} digits`);
  }
  const props =
    body.length |
    ((header.encryption ?? 0) << ENCRYPTION_SHIFT) |
    (header.packet ? SUBPACKAGE_BIT : 0) |
    ((header.versionFlag ?? is2019) ? VERSION_FLAG_BIT : 0);
  const out = Buffer.alloc((is2019 ? HEADER_2019 : HEADER_2013) + (header.packet ? PACKET_FIELDS : 0) + body.length);
  out.writeUInt16BE(header.msgId, 0);
  out.writeUInt16BE(props, 2);
  if (is2019) out[4] = header.protocolVersion ?? 1;
  const phone = is2019 ? PHONE_2019 : PHONE_2013;
  out.write(header.phoneBcd.padStart(digits, '0'), phone.at, 'hex');
  let at = out.writeUInt16BE(header.serial, phone.end);
  if (header.packet) {
    at = out.writeUInt16BE(header.packet.total, at);
    at = out.writeUInt16BE(header.packet.index, at);
  }
  out.set(body, at);
  return wrapFrame(out);
}

/** Message id of each body type. */
const MSG_ID_OF_TYPE = {
  terminalReply: MsgId.terminalReply,
  heartbeat: MsgId.heartbeat,
  register: MsgId.register,
  auth: MsgId.auth,
  location: MsgId.location,
  locationBatch: MsgId.locationBatch,
  platformReply: MsgId.platformReply,
  registerReply: MsgId.registerReply,
} as const;

/** A body that {@link encodeMessage} can encode: any but raw. */
export type EncodableBody = Exclude<Jt808Body, RawBody>;

/** Wire form of a typed message; the message id comes from the body type. */
export function encodeMessage(header: Omit<HeaderInit, 'msgId'>, body: EncodableBody): Buffer {
  return encodeFrame({ ...header, msgId: MSG_ID_OF_TYPE[body.type] }, encodeBody(body, header.layout));
}

/**
 * Body bytes of a typed message. The layout matters only for 0x0102 (2019 adds IMEI and software
 * version); 0x0100 follows its own `version`. Rejected batch items are not encoded.
 */
export function encodeBody(body: EncodableBody, layout: HeaderLayout): Buffer {
  switch (body.type) {
    case 'heartbeat':
      return Buffer.alloc(0);
    case 'terminalReply':
    case 'platformReply': {
      const b = Buffer.alloc(5);
      b.writeUInt16BE(body.replySerial, 0);
      b.writeUInt16BE(body.replyId, 2);
      b[4] = body.result;
      return b;
    }
    case 'registerReply': {
      const head = Buffer.alloc(3);
      head.writeUInt16BE(body.replySerial, 0);
      head[2] = body.result;
      const code = body.result === RegisterResult.ok ? gbkEncode(body.authCode ?? '') : Buffer.alloc(0);
      return Buffer.concat([head, code]);
    }
    case 'register': {
      const w = REGISTER_WIDTHS[body.version];
      const numbers = Buffer.alloc(4);
      numbers.writeUInt16BE(body.province, 0);
      numbers.writeUInt16BE(body.city, 2);
      return Buffer.concat([
        numbers,
        asciiBytes(body.maker, w.maker),
        asciiBytes(body.model, w.model),
        asciiBytes(body.terminalId, w.terminalId),
        Buffer.of(body.plateColour),
        gbkEncode(body.plate),
      ]);
    }
    case 'auth': {
      const code = gbkEncode(body.authCode);
      if (layout === 2013) return code;
      if (code.length > 0xff) throw new RangeError('2019 auth code longer than 255 bytes');
      return Buffer.concat([
        Buffer.of(code.length),
        code,
        asciiBytes(body.imei ?? '', 15),
        asciiBytes(body.softwareVersion ?? '', 20),
      ]);
    }
    case 'location':
      return encodeLocation(body.report);
    case 'locationBatch': {
      const head = Buffer.alloc(3);
      head.writeUInt16BE(body.reports.length, 0);
      head[2] = body.batchType;
      const items = body.reports.map((r) => {
        const item = encodeLocation(r);
        const length = Buffer.alloc(2);
        length.writeUInt16BE(item.length, 0);
        return Buffer.concat([length, item]);
      });
      return Buffer.concat([head, ...items]);
    }
  }
}

/**
 * 0x0200 body. Status bit 1 comes from `fixed` and bits 2–3 from the signs of lat/lon (from `status`
 * when a coordinate is 0), the other bits from `status`; the known items go first, then `extras` as
 * given, then `trailing`.
 */
export function encodeLocation(r: LocationReport): Buffer {
  if (!(Math.abs(r.lat) <= 90 && Math.abs(r.lon) <= 180)) throw new RangeError(`position ${r.lat},${r.lon}`);
  const b = Buffer.alloc(LOCATION_FIXED);
  // A zero coordinate has no sign: its hemisphere bit stays as `status` has it.
  const hemisphere = (value: number, bit: number) => (value < 0 || (value === 0 && r.status & bit) ? bit : 0);
  const status =
    (r.status & ~(Status.fixed | Status.south | Status.west)) |
    (r.fixed ? Status.fixed : 0) |
    hemisphere(r.lat, Status.south) |
    hemisphere(r.lon, Status.west);
  b.writeUInt32BE(r.alarm >>> 0, 0);
  b.writeUInt32BE(status >>> 0, 4);
  b.writeUInt32BE(Math.round(Math.abs(r.lat) * 1e6), 8);
  b.writeUInt32BE(Math.round(Math.abs(r.lon) * 1e6), 12);
  b.writeInt16BE(r.altitudeM, 16);
  b.writeUInt16BE(Math.round(r.speedKmh * 10), 18);
  b.writeUInt16BE(r.heading, 20);
  bcdTime(r.time).copy(b, 22);
  const items: Buffer[] = [b];
  const item = (id: number, value: Buffer) => {
    if (value.length > 0xff) throw new RangeError(`additional item ${hex(id, 2)} longer than 255 bytes`);
    items.push(Buffer.of(id, value.length), value);
  };
  if (r.mileageKm !== undefined) {
    const v = Buffer.alloc(4);
    v.writeUInt32BE(Math.round(r.mileageKm * 10), 0);
    item(ExtraId.mileage, v);
  }
  if (r.signal !== undefined) item(ExtraId.signal, Buffer.of(r.signal));
  if (r.satellites !== undefined) item(ExtraId.satellites, Buffer.of(r.satellites));
  for (const x of r.extras) item(x.id, x.value);
  if (r.trailing) items.push(r.trailing);
  return Buffer.concat(items);
}

/** The header of a platform reply: the request's layout, version flag, protocol version and phone. */
function replyHeader(request: Jt808Header, serial: number): Omit<HeaderInit, 'msgId'> {
  return {
    layout: request.layout,
    versionFlag: request.versionFlag,
    ...(request.protocolVersion !== undefined ? { protocolVersion: request.protocolVersion } : {}),
    phoneBcd: request.phoneBcd,
    serial,
  };
}

/**
 * 0x8001 platform general reply to `request`, on the wire. `serial` is the platform's own counter for
 * this terminal; `result` is one of {@link ReplyResult}. The header mirrors the request's, including a
 * version flag sent with the 2013 layout.
 */
export function encodePlatformReply(request: Jt808Header, serial: number, result: number): Buffer {
  const body: PlatformReply = { type: 'platformReply', replySerial: request.serial, replyId: request.msgId, result };
  return encodeMessage(replyHeader(request, serial), body);
}

/** 0x8100 reply to a registration, on the wire; `authCode` is sent only when `result` is 0. */
export function encodeRegisterReply(request: Jt808Header, serial: number, result: number, authCode = ''): Buffer {
  const body: RegisterReply = {
    type: 'registerReply',
    replySerial: request.serial,
    result,
    ...(result === RegisterResult.ok ? { authCode } : {}),
  };
  return encodeMessage(replyHeader(request, serial), body);
}

// ---------------------------------------------------------------------------------------------------
// Field helpers

/** BCD YYMMDDhhmmss in Beijing time. */
function bcdTime(time: Date): Buffer {
  const t = new Date(time.getTime() + CHINA_OFFSET_MS);
  const year = t.getUTCFullYear();
  if (!(year >= 2000 && year <= 2099)) throw new RangeError(`time ${time.toISOString()} outside 2000–2099`);
  const parts = [
    year - 2000,
    t.getUTCMonth() + 1,
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  ];
  return Buffer.from(parts.map((n) => (Math.floor(n / 10) << 4) | (n % 10)));
}

/** Strips the 0x00 padding of fixed-width fields (some terminals pad in front). */
function unpad(b: Buffer): Buffer {
  let start = 0;
  let end = b.length;
  while (start < end && b[start] === 0) start++;
  while (end > start && b[end - 1] === 0) end--;
  return b.subarray(start, end);
}

/** A fixed-width ASCII field (maker, model, ids, versions); bytes that are not printable ASCII become U+FFFD. */
function asciiField(b: Buffer): string {
  let s = '';
  for (const c of unpad(b)) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '\ufffd';
  return s;
}

/** Fixed-width ASCII field, padded after with 0x00. */
function asciiBytes(text: string, width: number): Buffer {
  if (!/^[\x20-\x7e]*$/.test(text) || text.length > width) {
    throw new RangeError(`"${text}" is not at most ${width} ASCII characters`);
  }
  const b = Buffer.alloc(width);
  b.write(text, 'latin1');
  return b;
}

/** GBK, the standard's text encoding (plates, auth codes). Node's decoder follows WHATWG, which never throws. */
const gbk = new TextDecoder('gbk');

/** A GBK STRING field without its 0x00 padding. */
function gbkText(b: Buffer): string {
  return gbk.decode(unpad(b));
}

/** Character → two-byte GBK code, built on first use from the decoder (Node has no GBK encoder). */
let gbkCodes: Map<string, number> | undefined;

/** GBK bytes of ASCII and of the two-byte GBK range (all that plates and codes use). */
function gbkEncode(text: string): Buffer {
  gbkCodes ??= buildGbkCodes();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    const code = gbkCodes.get(ch);
    if (code === undefined) throw new RangeError(`"${ch}" has no two-byte GBK code`);
    out.push(code >> 8, code & 0xff);
  }
  return Buffer.from(out);
}

/**
 * Decodes every two-byte GBK code (lead 81–FE, trail 40–FE except 7F) in one call, each followed by a
 * 0x00 separator, and keeps the codes that decode to exactly one character.
 */
function buildGbkCodes(): Map<string, number> {
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) codes.push((lead << 8) | trail);
  }
  const bytes = Buffer.alloc(codes.length * 3);
  codes.forEach((code, i) => {
    bytes.writeUInt16BE(code, i * 3);
  });
  const chars = gbk.decode(bytes).split('\0');
  const map = new Map<string, number>();
  codes.forEach((code, i) => {
    const ch = chars[i];
    if (ch && ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, code);
  });
  return map;
}

function sum(widths: Record<string, number>): number {
  return Object.values(widths).reduce((a, b) => a + b, 0);
}

function hex(n: number, digits: number): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}
