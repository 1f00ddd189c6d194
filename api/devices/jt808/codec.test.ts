import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BatchType,
  decodeBody,
  decodeFrame,
  type EncodableBody,
  encodeFrame,
  encodeLocation,
  encodeMessage,
  encodePlatformReply,
  encodeRegisterReply,
  type HeaderLayout,
  type Jt808Body,
  type Jt808Header,
  type Jt808Message,
  type LocationBatch,
  type LocationReport,
  MsgId,
  RegisterResult,
  ReplyResult,
  Status,
} from './codec.ts';
import { bytesOf, contentOf, traccarFrames, unwrap } from './fixtures/vectors.ts';
import { checkCode, FrameSplitter, wrapFrame } from './frame.ts';

/** Bytes from hex digits; whitespace and `-- comments` are ignored. */
const hex = (s: string) => Buffer.from(s.replace(/--.*$/gm, '').replace(/\s/g, ''), 'hex');
/** A time given as UTC. */
const utc = (iso: string) => new Date(`${iso}Z`);

/** Appends the check code: for frames patched by a test, where the check code is not under test. */
const withCheck = (message: Buffer) => Buffer.concat([message, Buffer.of(checkCode(message))]);

function decoded(id: string): Jt808Message {
  const r = decodeFrame(contentOf(id));
  if (!r.ok) throw new Error(`${id}: ${r.reason} (${r.detail})`);
  return r.message;
}

function bodyOf<T extends Jt808Body['type']>(id: string, type: T): Extract<Jt808Body, { type: T }> {
  const { body } = decoded(id);
  expect(body.type).toBe(type);
  return body as Extract<Jt808Body, { type: T }>;
}

const reportOf = (id: string) => bodyOf(id, 'location').report;
const extra = (r: LocationReport, id: number) => r.extras.find((x) => x.id === id)?.value.toString('hex');

/** Wire form again from a decoded message, through the typed encoder. */
function reencode({ header, body }: Jt808Message): Buffer {
  if (body.type === 'raw') throw new Error('raw body');
  return encodeMessage(header, body);
}

describe('Traccar vectors (VECTORS.md §5.1)', () => {
  it('T1: 0x0200 from a GPS+BeiDou terminal', () => {
    const { header } = decoded('T1');
    expect(header).toMatchObject({ msgId: MsgId.location, layout: 2013, versionFlag: false, serial: 12 });
    expect(header.phoneBcd).toBe('017051564189');
    expect(header.phone).toBe('17051564189');
    const r = reportOf('T1');
    expect(r.status).toBe(0x000c0002);
    expect(r.status & Status.gps && r.status & Status.beidou).toBeTruthy();
    expect(r).toMatchObject({ fixed: true, lat: 22.609778, lon: 114.106188, altitudeM: 0, speedKmh: 0, heading: 291 });
    expect(r.time).toEqual(utc('2020-11-22T03:56:39')); // 11:56:39 Beijing
    expect(r).toMatchObject({ mileageKm: 0, signal: 0x43, satellites: 20 });
    // Traccar asserts batteryLevel 100: the first WORD of vendor item 0xE3.
    expect(extra(r, 0xe3)).toBe('0064019a0000');
  });

  it('T2: 0x0200 without a fix', () => {
    const r = reportOf('T2');
    expect(r).toMatchObject({ status: 0x00040001, fixed: false, lat: 6.152695, lon: 106.720495 });
    expect(r.time).toEqual(utc('2017-01-17T02:04:42'));
    expect(r).toMatchObject({ mileageKm: 0xa900 / 10, signal: 0x1b, satellites: 3 });
  });

  it('T3: 0x0200 in the south-western hemisphere', () => {
    const r = reportOf('T3');
    expect(r).toMatchObject({ status: 0x0000400e, fixed: true, lat: -19.591535, lon: -46.912186 });
    expect(r.time).toEqual(utc('2015-01-01T11:42:57'));
  });

  it('T4: 0x0200 with a vendor item, Beijing morning = UTC evening before', () => {
    const r = reportOf('T4');
    expect(r).toMatchObject({ lat: 22.914632, lon: 114.078888, altitudeM: 17, satellites: 18 });
    expect(r.time).toEqual(utc('2023-08-15T17:41:37')); // 2023-08-16 01:41:37 Beijing
    expect(extra(r, 0xeb)).toHaveLength(2 * 0x29);
  });

  it('T5: 0x0704 with the 2019 header', () => {
    const { header } = decoded('T5');
    expect(header).toMatchObject({
      layout: 2019,
      versionFlag: true,
      protocolVersion: 1,
      serial: 34845,
      bodyLength: 45,
    });
    expect(header.phoneBcd).toBe('00000866496077582164');
    const batch = bodyOf('T5', 'locationBatch');
    expect(batch).toMatchObject({ batchType: BatchType.normal, rejected: [] });
    expect(batch.reports).toHaveLength(1);
    expect(batch.reports[0]).toMatchObject({ lat: -27.263378, lon: 153.037383, satellites: 14 });
    expect(batch.reports[0]!.time).toEqual(utc('2026-05-09T08:42:27'));
  });

  it('T6: 0x0704 blind-area backfill of 8 reports', () => {
    const batch = bodyOf('T6', 'locationBatch');
    expect(batch.batchType).toBe(BatchType.backfill);
    expect(batch.reports).toHaveLength(8);
    const [first, last] = [batch.reports[0]!, batch.reports[7]!];
    expect(first).toMatchObject({ lat: 22.639634, lon: 114.031952, altitudeM: 370 });
    expect(first.time).toEqual(utc('2016-05-27T01:06:24'));
    expect(last).toMatchObject({ lat: 22.64055, lon: 114.032432 });
    expect(last.time).toEqual(utc('2016-05-27T01:10:02'));
  });

  it('T7: 0x0704 backfill of 4, the last with the power-off alarm', () => {
    const batch = bodyOf('T7', 'locationBatch');
    expect(batch).toMatchObject({ batchType: BatchType.backfill, rejected: [] });
    expect(batch.reports).toHaveLength(4);
    expect(batch.reports[0]).toMatchObject({ lat: 23.169734, lon: 113.450784 });
    expect(batch.reports[0]!.time).toEqual(utc('2018-05-14T12:28:47'));
    expect(batch.reports[3]!.alarm).toBe(0x100);
  });

  it('T8: 0x0100 (2013) with a GBK plate', () => {
    expect(decoded('T8').header.bodyLength).toBe(45);
    expect(bodyOf('T8', 'register')).toEqual({
      type: 'register',
      version: 2013,
      province: 0,
      city: 0,
      maker: '70107',
      model: 'HB-R03GBD',
      terminalId: '2366104',
      plateColour: 2,
      plate: '苏BA6860',
    });
  });

  it('T9: 0x0100 (2019)', () => {
    const { header } = decoded('T9');
    expect(header).toMatchObject({
      layout: 2019,
      protocolVersion: 1,
      bodyLength: 92,
      phoneBcd: '00000866496077582164',
    });
    expect(bodyOf('T9', 'register')).toMatchObject({
      version: 2019,
      maker: '',
      model: 'MD300',
      terminalId: '866496077582164',
      plateColour: 4,
      plate: '',
    });
  });

  it('T10: 0x0102 (2013), the whole body is the code', () => {
    expect(bodyOf('T10', 'auth')).toEqual({ type: 'auth', authCode: 'authentication' });
  });

  it('T11: 0x0002 heartbeat', () => {
    expect(decoded('T11')).toMatchObject({
      header: { phoneBcd: '043048325465', serial: 183 },
      body: { type: 'heartbeat' },
    });
  });

  it('R-NEG: rejected for its check code, then for its length once the check code is fixed', () => {
    const frame = contentOf('R-NEG');
    const r = decodeFrame(frame);
    expect(r).toMatchObject({ ok: false, reason: 'checksum', header: { phone: '13511221122', bodyLength: 50 } });
    const fixed = withCheck(frame.subarray(0, -1));
    expect(decodeFrame(fixed)).toMatchObject({ ok: false, reason: 'length', header: { msgId: MsgId.location } });
  });

  it('decodes all 111 frames of the Traccar test without throwing; good frames of known ids decode', () => {
    const known = new Set<number>(Object.values(MsgId));
    const counts: Record<string, number> = {};
    const checksumFailures: string[] = [];
    for (const { id, bytes } of traccarFrames) {
      const r = decodeFrame(bytes.subarray(1, -1));
      if (!r.ok) {
        if (r.reason === 'checksum') checksumFailures.push(id);
        // The rest are frames of other protocols (0x55xx) and one 0x0900 with a wrong length.
        else expect([id, r.reason, known.has(r.header?.msgId ?? -1)]).toEqual([id, 'length', false]);
        continue;
      }
      const { body } = r.message;
      counts[body.type] = (counts[body.type] ?? 0) + 1;
      const reports = body.type === 'location' ? [body.report] : body.type === 'locationBatch' ? body.reports : [];
      if (body.type === 'locationBatch') expect(body.rejected).toEqual([]);
      for (const report of reports) {
        expect(Math.abs(report.lat)).toBeLessThanOrEqual(90);
        expect(Math.abs(report.lon)).toBeLessThanOrEqual(180);
        expect(report.time.getUTCFullYear()).toBeGreaterThan(2010);
      }
    }
    expect(checksumFailures).toEqual(['t34', 't58', 't86', 't107', 't108']);
    expect(counts).toEqual({ location: 66, locationBatch: 8, register: 6, auth: 3, heartbeat: 1, raw: 15 });
  });

  it('passes every Traccar frame through wrap → split unchanged', () => {
    const splitter = new FrameSplitter();
    const wire = Buffer.concat(traccarFrames.map(({ bytes }) => wrapFrame(bytes.subarray(1, -2))));
    const items = splitter.push(wire);
    const expected = traccarFrames.map(({ bytes }) => {
      const message = bytes.subarray(1, -2);
      return { ok: true, frame: withCheck(message) };
    });
    expect(items).toEqual(expected);
  });
});

describe('SmallChi vectors (VECTORS.md §5.2)', () => {
  it('S1: escaped serial 0x7E and item value 0x7D', () => {
    expect(decoded('S1').header.serial).toBe(126);
    const r = reportOf('S1');
    expect(r).toMatchObject({
      alarm: 1,
      status: 2,
      lat: 12.222222,
      lon: 132.444444,
      altitudeM: 40,
      speedKmh: 6,
      heading: 0,
    });
    expect(r.time).toEqual(utc('2018-10-15T02:10:10'));
    expect(r.mileageKm).toBe(10); // SmallChi: raw 100, in 1/10 km
    expect(extra(r, 0x02)).toBe('007d'); // oil 125
  });

  it('S2: 0x0200', () => {
    const { header } = decoded('S2');
    expect(header).toMatchObject({ msgId: 0x0200, bodyLength: 38, serial: 8888, phone: '112233445566', encryption: 0 });
    expect(header.packet).toBeUndefined();
    const r = reportOf('S2');
    expect(r).toMatchObject({ alarm: 1, status: 2, lat: 12.222222, lon: 132.444444, speedKmh: 6, mileageKm: 10 });
    expect(r.time).toEqual(utc('2018-07-15T02:10:10'));
    expect(extra(r, 0x02)).toBe('0037'); // oil 55
  });

  it('S3: 0x0704 with two normal reports', () => {
    const batch = bodyOf('S3', 'locationBatch');
    expect(batch.batchType).toBe(BatchType.normal);
    expect(batch.reports.map((r) => [r.alarm, r.status, r.lat, r.lon, r.speedKmh, r.heading, r.mileageKm])).toEqual([
      [1, 2, 12.222222, 132.444444, 6, 0, 10],
      [2, 1, 13.333333, 132.555555, 5.4, 120, 9.6],
    ]);
    expect(batch.reports[1]!.time).toEqual(utc('2018-07-15T02:10:30'));
    expect(batch.reports.map((r) => extra(r, 0x02))).toEqual(['0037', '0042']);
  });

  it('S4, S5: heartbeats; the phone keeps its BCD digits and a form without leading zeros', () => {
    expect(decoded('S4').header).toMatchObject({ serial: 43, phoneBcd: '040021679287', phone: '40021679287' });
    expect(decoded('S5').header).toMatchObject({ serial: 10, phone: '12345678900' });
    expect(decoded('S5').body).toEqual({ type: 'heartbeat' });
  });

  it('S6, S7, S8: 0x0100 in the 2019, 2013 and 2011 layouts', () => {
    const same = { province: 40, city: 50, maker: '1234', terminalId: 'CHI123', plateColour: 1, plate: '粤A12345' };
    expect(decoded('S6').header).toMatchObject({ layout: 2019, protocolVersion: 1, versionFlag: true, serial: 10 });
    expect(decoded('S6').header.phone).toBe('123456789');
    expect(bodyOf('S6', 'register')).toEqual({ type: 'register', version: 2019, model: 'smallchi123', ...same });
    expect(bodyOf('S7', 'register')).toEqual({ type: 'register', version: 2013, model: 'smallchi123', ...same });
    expect(bodyOf('S8', 'register')).toEqual({ type: 'register', version: 2011, model: 'tk12345', ...same });
  });

  it('S9: 0x0102 (2013)', () => {
    expect(decoded('S9').header).toMatchObject({ serial: 12345, phone: '12345678900' });
    expect(bodyOf('S9', 'auth').authCode).toBe('456121111');
  });

  it('S10: 0x0102 2019 body', () => {
    const header = decoded('G6').header; // any 2019 0x0102 header
    const r = decodeBody(header, bytesOf('S10'));
    expect(r).toMatchObject({
      ok: true,
      message: { body: { type: 'auth', authCode: '45612', imei: '1234567890abcde', softwareVersion: 'v2.0.0' } },
    });
  });

  it('S11, S12: 0x8100 decoded, and encoded the same', () => {
    expect(decoded('S11')).toMatchObject({
      header: { serial: 10 },
      body: { type: 'registerReply', replySerial: 100, result: 0, authCode: '123456' },
    });
    expect(bodyOf('S12', 'registerReply')).toEqual({ type: 'registerReply', replySerial: 100, result: 4 });
    const request = decodedHeader({ msgId: MsgId.register, phoneBcd: '012345678900', serial: 100 });
    expect(encodeRegisterReply(request, 10, RegisterResult.ok, '123456')).toEqual(bytesOf('S11'));
    expect(encodeRegisterReply(request, 10, RegisterResult.noSuchTerminal, 'ignored')).toEqual(bytesOf('S12'));
  });

  it('S13: 0x8001 encoded the same', () => {
    expect(bodyOf('S13', 'platformReply')).toEqual({
      type: 'platformReply',
      replySerial: 100,
      replyId: 0x0200,
      result: 0,
    });
    const request = decodedHeader({ msgId: MsgId.location, phoneBcd: '012345678900', serial: 100 });
    expect(encodePlatformReply(request, 10, ReplyResult.ok)).toEqual(bytesOf('S13'));
  });

  it('S14: 0x0001', () => {
    expect(decoded('S14').header.serial).toBe(1203);
    expect(bodyOf('S14', 'terminalReply')).toEqual({
      type: 'terminalReply',
      replySerial: 1000,
      replyId: 0x0002,
      result: 0,
    });
  });

  it('S15: a 2019 header with subpackage, RSA and version bits', () => {
    const frame = withCheck(Buffer.concat([bytesOf('S15'), Buffer.alloc(255)]));
    const r = decodeFrame(frame);
    if (!r.ok) throw new Error(r.detail);
    expect(r.message.header).toEqual({
      msgId: 0x0102,
      bodyLength: 255,
      encryption: 1,
      versionFlag: true,
      layout: 2019,
      protocolVersion: 2,
      phoneBcd: '00000000013812345678',
      phone: '13812345678',
      serial: 135,
      packet: { total: 0, index: 0 },
    });
    expect(r.message.body).toEqual({ type: 'raw', data: Buffer.alloc(255) });
  });

  it('S-Q: the 2019 version flag with the 2013 header is read by its length', () => {
    const { header } = decoded('S-Q');
    expect(header).toMatchObject({ layout: 2013, versionFlag: true, phoneBcd: '010030000681', serial: 2318 });
    expect(header.bodyLength).toBe(108);
    expect(header.protocolVersion).toBeUndefined();
    const r = reportOf('S-Q');
    expect(r.status).toBe(0x000c0003);
    expect(r).toMatchObject({ lat: 40.670063, lon: 122.4523, altitudeM: 4, speedKmh: 86.7, heading: 215 });
    expect(r).toMatchObject({ signal: 0x15, satellites: 18 });
    expect(r.time).toEqual(utc('2021-06-25T07:57:39'));
    // The reply keeps the flag and the 2013 header the terminal used.
    const reply = decodeFrame(unwrap(encodePlatformReply(header, 7, ReplyResult.ok)));
    expect(reply).toMatchObject({
      ok: true,
      message: { header: { layout: 2013, versionFlag: true, phoneBcd: '010030000681' } },
    });
  });
});

describe('go-jt808 vectors (VECTORS.md §5.3)', () => {
  it('G1, G2, G3: the platform general reply, byte for byte, in both layouts', () => {
    for (const id of ['G1', 'G2', 'G3']) {
      const request = decoded(`${id}-request`).header;
      expect(encodePlatformReply(request, 0, ReplyResult.ok)).toEqual(bytesOf(`${id}-reply`));
    }
    expect(decoded('G2-request').header).toMatchObject({ layout: 2019, serial: 0xffff, phone: '17299841738' });
    expect(bodyOf('G3-request', 'terminalReply')).toEqual({
      type: 'terminalReply',
      replySerial: 0x7b,
      replyId: 0x01c8,
      result: 3,
    });
  });

  it('G4: 0x8100', () => {
    expect(bodyOf('G4', 'registerReply')).toEqual({
      type: 'registerReply',
      replySerial: 0,
      result: 0,
      authCode: '12345678901',
    });
  });

  it('G5, G6: 0x0102 in 2013 and 2019', () => {
    expect(decoded('G5').header.layout).toBe(2013);
    expect(bodyOf('G5', 'auth')).toEqual({ type: 'auth', authCode: '17299841738' });
    expect(decoded('G6').header.layout).toBe(2019);
    expect(bodyOf('G6', 'auth')).toEqual({
      type: 'auth',
      authCode: '17299841738',
      imei: '123456789012345',
      softwareVersion: '3.7.15',
    });
  });

  it('G7, G8, G9: 0x0100 in 2011, 2013 and 2019', () => {
    const same = { province: 31, city: 115, maker: 'cd', terminalId: '7654321', plateColour: 1, plate: '测A1234' };
    expect(bodyOf('G7', 'register')).toEqual({ type: 'register', version: 2011, model: 'www.808.', ...same });
    expect(bodyOf('G8', 'register')).toEqual({ type: 'register', version: 2013, model: 'www.808.com', ...same });
    expect(bodyOf('G9', 'register')).toEqual({ type: 'register', version: 2019, model: 'www.808.com', ...same });
  });

  it('G10: the synthetic report with latitude 119.55 is rejected, naming the terminal', () => {
    expect(decodeFrame(contentOf('G10'))).toMatchObject({
      ok: false,
      reason: 'value',
      header: { msgId: MsgId.location, phone: '12345678901' },
    });
    expect(decodeFrame(contentOf('GE1-in'))).toMatchObject({ ok: false, reason: 'value' });
  });

  it('G11: a batch of two such reports decodes, with both items rejected', () => {
    const batch = bodyOf('G11', 'locationBatch');
    expect(batch.reports).toEqual([]);
    expect(batch.rejected.map((x) => [x.index, x.reason])).toEqual([
      [0, 'value'],
      [1, 'value'],
    ]);
  });
});

describe('typed encoders', () => {
  it('re-encode the vectors byte for byte where the item order is the encoder’s', () => {
    const ids = ['T3', 'T5', 'T6', 'T7', 'T8', 'T10', 'T11', 'S1', 'S2', 'S3', 'S5', 'S6', 'S7', 'S8', 'S9', 'S11'];
    const more = ['S12', 'S13', 'S14', 'G3-request', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9'];
    for (const id of [...ids, ...more])
      expect([id, reencode(decoded(id)).toString('hex')]).toEqual([id, bytesOf(id).toString('hex')]);
  });

  it('decode(encode(x)) is x for every decodable Traccar message', () => {
    for (const { bytes } of traccarFrames) {
      const r = decodeFrame(bytes.subarray(1, -1));
      if (!r.ok || r.message.body.type === 'raw') continue;
      // t88 sends BCD digits as its terminal id: decoded to U+FFFD, which is not ASCII to encode again.
      if (JSON.stringify(r.message.body).includes('\ufffd')) continue;
      const again = decodeFrame(unwrap(reencode(r.message)));
      expect(again).toMatchObject({ ok: true, message: { body: r.message.body } });
    }
  });

  it('refuse what the wire cannot carry', () => {
    const header = { layout: 2013, phoneBcd: '13800138000', serial: 1 } as const;
    expect(() => encodeFrame({ ...header, msgId: 0x0900 }, Buffer.alloc(1024))).toThrow(RangeError);
    expect(() => encodeFrame({ ...header, msgId: 0x0002, phoneBcd: '1234567890123' }, Buffer.alloc(0))).toThrow(
      RangeError,
    );
    const report = reportOf('T3');
    expect(() => encodeLocation({ ...report, lat: 90.5 })).toThrow(RangeError);
    expect(() => encodeLocation({ ...report, time: utc('2100-01-01T00:00:00') })).toThrow(RangeError);
    const register = bodyOf('T8', 'register');
    expect(() => encodeMessage(header, { ...register, plate: '京🚗' })).toThrow(RangeError);
    expect(() => encodeMessage(header, { ...register, terminalId: '12345678' })).toThrow(RangeError);
  });
});

/** A request header as the decoder would give it, for reply tests. */
function decodedHeader(fields: { msgId: number; phoneBcd: string; serial: number }): Jt808Header {
  return { ...fields, bodyLength: 0, encryption: 0, versionFlag: false, layout: 2013, phone: fields.phoneBcd };
}

/**
 * H1, written from the standard's table: a 2013 header and a 0x0200 body near Tiananmen at 07:30 Beijing on
 * 1 March 2024, which is 23:30 UTC on the leap day before.
 */
const H1 = hex(`
  0200 0025 013800138000 0001   -- id 0x0200, props: body 37 bytes; phone BCD[6]; serial 1
  00000000                      -- alarm
  000c0003                      -- status: ACC, fix, GPS (bit 18), BeiDou (bit 19)
  0260f572 06f015bb             -- lat 39908722, lon 116397499 (1e-6 degrees)
  002c 02ee 005a                -- altitude 44 m, speed 750 (75.0 km/h), heading 90
  240301073000                  -- 24-03-01 07:30:00 Beijing time
  01 04 00003039                -- item 0x01 mileage 12345 (1234.5 km)
  31 01 0c                      -- item 0x31: 12 satellites
  85                            -- check code
`);

/**
 * H2: a 2019 header (version flag, protocol version 1, BCD[10] phone) and a 0x0200 body south and west,
 * below sea level, at 05:00 Beijing on 1 January 2025, which is 21:00 UTC on New Year's Eve.
 */
const H2 = hex(`
  0200 401c 01 00000000001380013800 0002   -- props: version flag + body 28; version 1; phone BCD[10]; serial 2
  00000001                                  -- alarm: emergency
  0000000e                                  -- status: fix, south (bit 2), west (bit 3)
  015d87df 0292c421                         -- lat 22906847, lon 43172897
  fff6 0000 0167                            -- altitude -10 m, speed 0, heading 359
  250101050000                              -- 25-01-01 05:00:00 Beijing time
  c6                                        -- check code
`);

describe('frames written from the standard', () => {
  it('H1: 2013 header, north-east, time across midnight and a leap day', () => {
    const r = decodeFrame(H1);
    if (!r.ok) throw new Error(r.detail);
    expect(r.message.header).toEqual({
      msgId: 0x0200,
      bodyLength: 37,
      encryption: 0,
      versionFlag: false,
      layout: 2013,
      phoneBcd: '013800138000',
      phone: '13800138000',
      serial: 1,
    });
    expect(r.message.body).toEqual({
      type: 'location',
      report: {
        alarm: 0,
        status: 0x000c0003,
        fixed: true,
        lat: 39.908722,
        lon: 116.397499,
        altitudeM: 44,
        speedKmh: 75,
        heading: 90,
        time: utc('2024-02-29T23:30:00'),
        mileageKm: 1234.5,
        satellites: 12,
        extras: [],
      },
    });
    expect(reencode(r.message)).toEqual(wrapFrame(H1.subarray(0, -1)));
  });

  it('H2: 2019 header, south-west, negative altitude, time across New Year', () => {
    const r = decodeFrame(H2);
    if (!r.ok) throw new Error(r.detail);
    expect(r.message.header).toMatchObject({
      layout: 2019,
      versionFlag: true,
      protocolVersion: 1,
      phoneBcd: '00000000001380013800',
      phone: '1380013800',
      serial: 2,
    });
    const report = (r.message.body as { report: LocationReport }).report;
    expect(report).toMatchObject({
      alarm: 1,
      fixed: true,
      lat: -22.906847,
      lon: -43.172897,
      altitudeM: -10,
      heading: 359,
    });
    expect(report.time).toEqual(utc('2024-12-31T21:00:00'));
    expect(reencode(r.message)).toEqual(wrapFrame(H2.subarray(0, -1)));
  });

  /** H1 with `patch` written over its body at `offset`, and the check code recomputed. */
  function patched(offset: number, patch: string): Buffer {
    const message = Buffer.from(H1.subarray(0, -1));
    hex(patch).copy(message, 12 + offset);
    return withCheck(message);
  }

  it.each([
    ['latitude above 90°', 8, '055d4a81'],
    ['longitude above 180°', 12, '0aba9501'],
    ['month 13', 22, '241301'],
    ['day 0', 22, '240300'],
    ['31 April', 22, '240431'],
    ['29 February 2023', 22, '230229'],
    ['hour 24', 25, '24'],
    ['minute 60', 26, '60'],
    ['a nibble above 9', 27, '0a'],
  ])('rejects a report with %s', (_, offset, patch) => {
    expect(decodeFrame(patched(offset, patch))).toMatchObject({ ok: false, reason: 'value', header: { serial: 1 } });
  });

  it('takes exactly 90° and 180°, and 29 February of a leap year', () => {
    const r = decodeFrame(patched(8, '055d4a80 0aba9500'));
    expect(r).toMatchObject({ ok: true, message: { body: { report: { lat: 90, lon: 180 } } } });
    expect(decodeFrame(patched(22, '240229'))).toMatchObject({ ok: true });
  });

  it('keeps an additional item that runs past the body as trailing bytes (Traccar t64)', () => {
    const frame = Buffer.concat([H1.subarray(0, -1), hex('e3 05 0102')]);
    frame.writeUInt16BE(37 + 4, 2);
    const r = decodeFrame(withCheck(frame));
    expect(r).toMatchObject({ ok: true, message: { body: { report: { satellites: 12, trailing: hex('e3050102') } } } });
  });
});

describe('decodeFrame failures', () => {
  it('truncated: shorter than a header', () => {
    expect(decodeFrame(hex('0002 0000 0123456789'))).toMatchObject({ ok: false, reason: 'truncated' });
    // The 2019 flag, a length that fits no layout, and too short for the 2019 header.
    expect(decodeFrame(withCheck(hex('0002 4000 01 0000000001 7299841738')))).toMatchObject({
      ok: false,
      reason: 'truncated',
    });
  });

  it('length: the body length fits neither layout', () => {
    const frame = withCheck(Buffer.concat([hex('0002 4003 01 00000000017299841738 0005'), Buffer.alloc(5)]));
    expect(decodeFrame(frame)).toMatchObject({ ok: false, reason: 'length', header: { layout: 2019, bodyLength: 3 } });
  });

  it('body: bodies too short for their message', () => {
    const bodies: [number, string][] = [
      [MsgId.location, '00'.repeat(27)],
      [MsgId.terminalReply, '00010002'],
      [MsgId.register, '00'.repeat(20)],
      [MsgId.registerReply, '0001'],
      [MsgId.locationBatch, '0002 00 001c'],
    ];
    for (const [msgId, body] of bodies) {
      const frame = unwrap(encodeFrame({ msgId, layout: 2013, phoneBcd: '1', serial: 1 }, hex(body)));
      expect([msgId, decodeFrame(frame)]).toMatchObject([msgId, { ok: false, reason: 'body' }]);
    }
    const auth2019 = unwrap(encodeFrame({ msgId: MsgId.auth, layout: 2019, phoneBcd: '1', serial: 1 }, hex('05 3132')));
    expect(decodeFrame(auth2019)).toMatchObject({ ok: false, reason: 'body' });
  });

  it('leaves unknown ids and encrypted bodies raw', () => {
    const t8 = traccarFrames.find((f) => f.id === 't8')!;
    expect(decodeFrame(t8.bytes.subarray(1, -1))).toMatchObject({ ok: true, message: { body: { type: 'raw' } } });
    const encrypted = encodeFrame(
      { msgId: MsgId.location, layout: 2013, phoneBcd: '1', serial: 1, encryption: 1 },
      hex('0102'),
    );
    expect(decodeFrame(unwrap(encrypted))).toMatchObject({
      ok: true,
      message: { header: { encryption: 1 }, body: { type: 'raw', data: hex('0102') } },
    });
  });

  it('never throws on arbitrary bytes, with or without a valid check code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, fix) => {
        const frame = fix ? withCheck(Buffer.from(bytes)) : Buffer.from(bytes);
        expect(typeof decodeFrame(frame).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated real frames with their check code fixed', () => {
    const real = traccarFrames.map((f) => f.bytes.subarray(1, -2));
    const mutation = fc.record({
      frame: fc.constantFrom(...real),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.nat(),
    });
    fc.assert(
      fc.property(mutation, ({ frame, edits, cut }) => {
        const message = Buffer.from(frame.subarray(0, frame.length - (cut % 8)));
        for (const [at, value] of edits) message[at % message.length] = value;
        expect(typeof decodeFrame(withCheck(message)).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Property tests: what the encoders write, the decoder reads back.

const layoutArb = fc.constantFrom<HeaderLayout>(2013, 2019);
const phoneArb = fc.stringMatching(/^[0-9]{1,12}$/);
/** Whole seconds that fit YY in 2000–2099 Beijing time. */
const timeArb = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 1000 - 8 * 3600, max: Date.UTC(2099, 11, 31, 23, 59, 59) / 1000 - 8 * 3600 })
  .map((s) => new Date(s * 1000));
/** A coordinate in 1e-6 degrees with its sign; zero is never negative. */
const coordinate = (max: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: max * 1e6 }), fc.boolean())
    .map(([e6, negative]) => (negative && e6 ? -e6 : e6) / 1e6);
/** Items the decoder turns into fields, with their standard lengths: as extras they would not come back. */
const knownLengths = new Map([
  [0x01, 4],
  [0x30, 1],
  [0x31, 1],
]);
const extraArb = fc
  .record({ id: fc.integer({ min: 0, max: 255 }), value: fc.uint8Array({ maxLength: 12 }).map((v) => Buffer.from(v)) })
  .filter(({ id, value }) => knownLengths.get(id) !== value.length);

const reportArb: fc.Arbitrary<LocationReport> = fc
  .record({
    alarm: fc.nat({ max: 0xffffffff }),
    status: fc.nat({ max: 0xffffffff }),
    fixed: fc.boolean(),
    lat: coordinate(90),
    lon: coordinate(180),
    altitudeM: fc.integer({ min: -32768, max: 32767 }),
    speedKmh: fc.nat({ max: 0xffff }).map((n) => n / 10),
    heading: fc.nat({ max: 359 }),
    time: timeArb,
    mileageKm: fc.option(
      fc.nat({ max: 0xffffffff }).map((n) => n / 10),
      { nil: undefined },
    ),
    signal: fc.option(fc.nat({ max: 255 }), { nil: undefined }),
    satellites: fc.option(fc.nat({ max: 255 }), { nil: undefined }),
    extras: fc.array(extraArb, { maxLength: 3 }),
    // An item cut short: its id, a length, and fewer bytes than that.
    trailing: fc.option(fc.constantFrom(hex('eb'), hex('eb 05 0102')), { nil: undefined }),
  })
  .map((r) => {
    // The encoder writes bit 1 from `fixed` and bits 2–3 from the signs (of non-zero coordinates): make
    // `status` agree, as the decoder's output does.
    const sign = (value: number, bit: number) => (value < 0 || (value === 0 && r.status & bit) ? bit : 0);
    const bits = (r.fixed ? Status.fixed : 0) | sign(r.lat, Status.south) | sign(r.lon, Status.west);
    const report: LocationReport = { ...r, status: ((r.status & ~0b1110) | bits) >>> 0 };
    for (const key of ['mileageKm', 'signal', 'satellites', 'trailing'] as const) {
      if (report[key] === undefined) delete report[key];
    }
    return report;
  });

const asciiArb = (max: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const plateArb = fc.string({
  unit: fc.constantFrom('京', '沪', '粤', '苏', '测', '警', 'A', 'B', '1', '8'),
  maxLength: 9,
});
const registrationArb = fc.constantFrom(2011, 2013, 2019).chain((version) => {
  const w = { 2011: [5, 8, 7], 2013: [5, 20, 7], 2019: [11, 30, 30] }[version]!;
  return fc.record({
    type: fc.constant('register' as const),
    version: fc.constant(version),
    province: fc.nat({ max: 0xffff }),
    city: fc.nat({ max: 0xffff }),
    maker: asciiArb(w[0]!),
    model: asciiArb(w[1]!),
    terminalId: asciiArb(w[2]!),
    plateColour: fc.nat({ max: 255 }),
    // A plate of 12 GBK bytes or more would make a 2011 body look like 2013: see readRegistration.
    plate: plateArb.filter((p) => version !== 2011 || [...p].reduce((n, c) => n + (c < '\x80' ? 1 : 2), 0) < 12),
  });
});

/** Encodes, cuts into frames, decodes. */
function throughTheWire(wire: Buffer): Jt808Message {
  const items = new FrameSplitter().push(wire);
  expect(items).toHaveLength(1);
  const item = items[0]!;
  if (!item.ok) throw new Error(item.reason);
  const r = decodeFrame(item.frame);
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r.message;
}

describe('round trips', () => {
  it('location reports, in either layout', () => {
    fc.assert(
      fc.property(reportArb, layoutArb, phoneArb, fc.nat({ max: 0xffff }), (report, layout, phone, serial) => {
        const m = throughTheWire(encodeMessage({ layout, phoneBcd: phone, serial }, { type: 'location', report }));
        expect(m.header).toMatchObject({ layout, serial, phone: phone.replace(/^0+(?=.)/, '') });
        expect(m.body).toEqual({ type: 'location', report });
      }),
    );
  });

  it('location batches', () => {
    const batchArb = fc.record({
      type: fc.constant('locationBatch' as const),
      batchType: fc.constantFrom(BatchType.normal, BatchType.backfill),
      reports: fc.array(reportArb, { maxLength: 8 }),
      rejected: fc.constant<LocationBatch['rejected']>([]),
    });
    fc.assert(
      fc.property(batchArb, layoutArb, (batch, layout) => {
        fc.pre(batch.reports.reduce((n, r) => n + 2 + encodeLocation(r).length, 3) <= 1023);
        expect(throughTheWire(encodeMessage({ layout, phoneBcd: '1', serial: 1 }, batch)).body).toEqual(batch);
      }),
    );
  });

  it('registrations, authentications and replies', () => {
    const authArb = layoutArb.chain((layout) =>
      fc.record({
        layout: fc.constant(layout),
        body: fc.record({
          type: fc.constant('auth' as const),
          authCode: fc.oneof(asciiArb(40), plateArb),
          ...(layout === 2019 ? { imei: asciiArb(15), softwareVersion: asciiArb(20) } : {}),
        }),
      }),
    );
    const others = fc.oneof(
      registrationArb.map((body) => ({ layout: body.version === 2019 ? 2019 : 2013, body }) as const),
      authArb,
      fc.record({
        layout: layoutArb,
        body: fc.record({
          type: fc.constantFrom('terminalReply' as const, 'platformReply' as const),
          replySerial: fc.nat({ max: 0xffff }),
          replyId: fc.nat({ max: 0xffff }),
          result: fc.nat({ max: 255 }),
        }),
      }),
    );
    fc.assert(
      fc.property(others, ({ layout, body }) => {
        const message = encodeMessage({ layout, phoneBcd: '13800138000', serial: 9 }, body as EncodableBody);
        expect(throughTheWire(message).body).toEqual(body);
      }),
    );
  });

  it('a 0x7E or 0x7D at every position of a body survives encode → split → decode', () => {
    const body = encodeLocation(reportOf('T1'));
    for (let at = 0; at < body.length; at++) {
      for (const special of [0x7e, 0x7d]) {
        const data = Buffer.from(body);
        data[at] = special;
        // 0x0900 (transparent data) is left raw, so any byte is acceptable at any position.
        const m = throughTheWire(encodeFrame({ msgId: 0x0900, layout: 2019, phoneBcd: '7e7d', serial: 0x7e7d }, data));
        expect(m.body).toEqual({ type: 'raw', data });
        expect(m.header).toMatchObject({ phone: '7e7d', serial: 0x7e7d });
      }
    }
  });

  it('any body, header and check code bytes survive encode → split → decode', () => {
    const special = fc.constantFrom(0x7e, 0x7d, 0x01, 0x02);
    const bodyArb = fc.array(fc.oneof(special, fc.integer({ min: 0, max: 255 })), { maxLength: 100 });
    fc.assert(
      fc.property(bodyArb, layoutArb, fc.nat({ max: 0xffff }), (bytes, layout, serial) => {
        const data = Buffer.from(bytes);
        const m = throughTheWire(encodeFrame({ msgId: 0x0900, layout, phoneBcd: '7d7e', serial }, data));
        expect(m).toMatchObject({ header: { serial, layout }, body: { type: 'raw', data } });
      }),
    );
  });
});
