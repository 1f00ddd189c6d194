import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, contentOf } from './fixtures/vectors.ts';
import {
  checkCode,
  escapeBytes,
  FrameSplitter,
  MAX_ESCAPED_FRAME_BYTES,
  MAX_FRAME_BYTES,
  type SplitItem,
  unescapeBytes,
  wrapFrame,
} from './frame.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const frames = (items: SplitItem[]) => items.map((i) => (i.ok ? i.frame.toString('hex') : i.reason));

/** Feeds `chunks` to a splitter and returns everything it delivered. */
function split(chunks: Buffer[], splitter = new FrameSplitter()): SplitItem[] {
  return chunks.flatMap((c) => splitter.push(c));
}

// A 13-byte message content (12-byte header + check code), the shortest the splitter delivers by default.
const A = hex('0002 0000 012345678901 0001 8b');
const B = hex('0002 0000 012345678901 0002 88');

describe('checkCode', () => {
  it('is the XOR of header and body (SmallChi S1 asserts 0x13)', () => {
    const content = contentOf('S1');
    expect(checkCode(content, 0, content.length - 1)).toBe(0x13);
    expect(content[content.length - 1]).toBe(0x13);
  });
});

describe('escape / unescape', () => {
  it('escapes as go-jt808 Test_escape (GE5)', () => {
    expect(Buffer.concat([hex('7e'), escapeBytes(bytesOf('GE5-in')), hex('7e')])).toEqual(bytesOf('GE5-out'));
  });

  it('un-escapes as go-jt808 Test_unescape (GE1, GE2)', () => {
    const ge1 = unescapeBytes(bytesOf('GE1-in').subarray(1, -1))!;
    expect(ge1.toString('hex')).toBe(
      '0200401c01000000000172998417380000000004000000080007203b7e02633df7013800030063200707192359c1',
    );
    expect(unescapeBytes(bytesOf('GE2-in').subarray(1, -1))).toEqual(bytesOf('GE2-out'));
  });

  it('rejects 7D followed by anything but 01/02, and a 7D at the end (GE3)', () => {
    expect(unescapeBytes(bytesOf('GE3-in').subarray(1, -1))).toBeNull();
    expect(unescapeBytes(hex('01 7d 00'))).toBeNull();
    expect(unescapeBytes(hex('01 7d 7e'))).toBeNull();
    expect(unescapeBytes(hex('01 02 7d'))).toBeNull();
  });

  it('escapes the check code too (SmallChi S4: check code 0x7E sent as 7D 02)', () => {
    const wire = bytesOf('S4');
    expect(wire.subarray(-3).toString('hex')).toBe('7d027e');
    expect(wrapFrame(contentOf('S4').subarray(0, -1))).toEqual(wire);
  });

  it('round-trips, and escaped bytes never contain 0x7E', () => {
    const bytes = fc.uint8Array({ maxLength: 300 });
    const biased = fc
      .array(fc.constantFrom(0x7e, 0x7d, 0x01, 0x02, 0x00), { maxLength: 60 })
      .map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(fc.oneof(bytes, biased), (data) => {
        const escaped = escapeBytes(data);
        expect(escaped.includes(0x7e)).toBe(false);
        expect(unescapeBytes(escaped)).toEqual(Buffer.from(data));
      }),
    );
  });

  it('puts 0x7E only at both ends of a wrapped frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (message) => {
        const wire = wrapFrame(message);
        expect(wire.indexOf(0x7e, 1)).toBe(wire.length - 1);
        expect(wire[0]).toBe(0x7e);
      }),
    );
  });
});

describe('FrameSplitter', () => {
  it('un-escapes and skips leading garbage as Traccar Jt808FrameDecoderTest (FD1, FD2)', () => {
    // Traccar's test frame is 5 bytes, shorter than any real message, so lower the minimum for it.
    const splitter = new FrameSplitter({ minFrameBytes: 1 });
    expect(frames(splitter.push(bytesOf('FD1-in')))).toEqual([bytesOf('FD1-out').toString('hex')]);
    const other = new FrameSplitter({ minFrameBytes: 1 });
    expect(frames(other.push(bytesOf('FD2-in')))).toEqual([bytesOf('FD1-out').toString('hex')]);
    expect(other.garbageBytes).toBe(2);
  });

  it('counts a fragment shorter than a frame as garbage by default', () => {
    const splitter = new FrameSplitter();
    expect(splitter.push(bytesOf('FD2-in'))).toEqual([]);
    expect(splitter.garbageBytes).toBe(2 + 7);
  });

  it('delivers frames separated by two flags, by one shared flag, or by repeated flags', () => {
    const a = wrapFrame(A.subarray(0, -1));
    const b = wrapFrame(B.subarray(0, -1));
    const expected = [A.toString('hex'), B.toString('hex')];
    expect(frames(split([Buffer.concat([a, b])]))).toEqual(expected);
    expect(frames(split([Buffer.concat([a, b.subarray(1)])]))).toEqual(expected);
    expect(frames(split([Buffer.concat([hex('7e7e'), a, hex('7e7e7e'), b, hex('7e')])]))).toEqual(expected);
  });

  it('counts bytes before the first flag and short fragments between frames as garbage', () => {
    const splitter = new FrameSplitter();
    const stream = Buffer.concat([
      hex('0d0a4f4b'),
      wrapFrame(A.subarray(0, -1)),
      hex('2424'),
      wrapFrame(B.subarray(0, -1)),
    ]);
    expect(frames(splitter.push(stream))).toEqual([A.toString('hex'), B.toString('hex')]);
    expect(splitter.garbageBytes).toBe(4 + 2);
  });

  it('reassembles a frame cut anywhere, even inside an escape', () => {
    const wire = bytesOf('S1'); // has 7D 02 and 7D 01
    for (let cut = 0; cut <= wire.length; cut++) {
      expect(frames(split([wire.subarray(0, cut), wire.subarray(cut)]))).toEqual([contentOf('S1').toString('hex')]);
    }
    expect(frames(split([...wire].map((b) => Buffer.of(b))))).toEqual([contentOf('S1').toString('hex')]);
  });

  it('reports a bad escape and goes on with the next frame', () => {
    const broken = hex('7e 0002 0000 012345678901 7d03 8b 7e');
    expect(split([broken, wrapFrame(A.subarray(0, -1))])).toEqual([
      { ok: false, reason: 'escape', bytes: 13 },
      { ok: true, frame: A },
    ]);
  });

  it('reports an oversize frame once, skips to the next flag, then resynchronises', () => {
    const splitter = new FrameSplitter({ maxFrameBytes: 20 });
    const noise = Buffer.alloc(50, 0x11);
    const items = split([hex('7e'), noise.subarray(0, 15), noise.subarray(15), wrapFrame(A.subarray(0, -1))], splitter);
    expect(items).toEqual([
      { ok: false, reason: 'oversize', bytes: 50 },
      { ok: true, frame: A },
    ]);
    expect(splitter.garbageBytes).toBe(0);
    // The rest of an oversize frame in later chunks is garbage.
    const later = split([hex('7e'), noise, noise, hex('7e')], splitter);
    expect(later).toEqual([{ ok: false, reason: 'oversize', bytes: 50 }]);
    expect(splitter.garbageBytes).toBe(50);
  });

  it('takes the longest legal frame fully escaped, and not a byte more', () => {
    const longest = Buffer.alloc(MAX_FRAME_BYTES, 0x7d);
    const escaped = escapeBytes(longest);
    expect(escaped.length).toBe(MAX_ESCAPED_FRAME_BYTES);
    expect(split([hex('7e'), escaped, hex('7e')])).toEqual([{ ok: true, frame: longest }]);
    expect(split([hex('7e'), escaped, hex('00 7e')])).toEqual([
      { ok: false, reason: 'oversize', bytes: MAX_ESCAPED_FRAME_BYTES + 1 },
    ]);
  });

  it('delivers the same frames however the stream is chunked', () => {
    const message = fc.uint8Array({ minLength: 12, maxLength: 80 });
    // Garbage between frames: without flags, and shorter than a frame, so it is dropped.
    const garbage = fc.uint8Array({ maxLength: 12 }).map((g) => g.filter((b) => b !== 0x7e));
    const stream = fc.array(fc.record({ message, garbage, shareFlag: fc.boolean() }), { maxLength: 8 });
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (parts, cuts) => {
        const chunks: Buffer[] = [];
        parts.forEach(({ message, garbage, shareFlag }, i) => {
          const wire = wrapFrame(message);
          chunks.push(Buffer.from(garbage), i > 0 && shareFlag && garbage.length === 0 ? wire.subarray(1) : wire);
        });
        const whole = Buffer.concat(chunks);
        const expected = parts.map(({ message }) => Buffer.concat([message, Buffer.of(checkCode(message))]));
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((x, y) => x - y);
        const pieces = [0, ...points].map((p, i) => whole.subarray(p, points[i] ?? whole.length));
        const splitter = new FrameSplitter();
        expect(split(pieces, splitter)).toEqual(expected.map((frame) => ({ ok: true, frame })));
        expect(splitter.garbageBytes).toBe(parts.reduce((n, p) => n + p.garbage.length, 0));
      }),
    );
  });

  it('counts a run of bare flags as garbage, but not the two flags between frames', () => {
    const splitter = new FrameSplitter();
    splitter.push(Buffer.alloc(10_000, 0x7e));
    expect(splitter.garbageBytes).toBe(9_999); // every flag after the first
  });
});
