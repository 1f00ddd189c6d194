import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGga, formatRmc, type SentenceFix, sentence } from './format.ts';
import { nmeaChecksum } from './parse.ts';
import { NmeaStream, type PushResult, parseIdentification } from './stream.ts';

const ID_LINE = `${sentence('PRMID,860123456789012')}\r\n`;

/** Pushes the chunks in order, then ends the stream; everything it returned, merged. */
function run(chunks: (string | Buffer)[], stream = new NmeaStream()): PushResult {
  const all: PushResult = { fixes: [], rejected: [] };
  const results = chunks.map((c) => stream.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c));
  for (const r of [...results, stream.end()]) {
    if (r.terminalId !== undefined) all.terminalId = r.terminalId;
    all.fixes.push(...r.fixes);
    all.rejected.push(...r.rejected);
  }
  return all;
}

/** A gpsd capture from fixtures/, without its `#` comment lines; line ends kept as captured. */
function capture(name: string): string {
  const text = readFileSync(new URL(`./fixtures/${name}.log`, import.meta.url), 'latin1');
  return text
    .split(/(?<=\n)/)
    .filter((l) => !l.startsWith('#'))
    .join('');
}

/** gpsd's TPV reports for a capture, one per epoch (fixtures/README.md). */
function tpvs(name: string): { mode: number; time: string; lat?: number; lon?: number; [k: string]: unknown }[] {
  const text = readFileSync(new URL(`./fixtures/${name}.tpv.jsonl`, import.meta.url), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** RMC lines with status A and a mode other than N, counted by hand. */
function validRmcCount(text: string): number {
  return text.split('\n').filter((l) => {
    const f = l.trim().split('*')[0]?.split(',') ?? [];
    return /^\$..RMC$/.test(f[0] ?? '') && f[2] === 'A' && f[12] !== 'N';
  }).length;
}

describe('NmeaStream on gpsd captures', () => {
  // withoutAltitude: RMC-first receivers send their first epoch's GGA after the fix went out.
  it.each([
    { name: 'beidou-bd', withoutAltitude: 0 },
    { name: 'beidou-gb', withoutAltitude: 0 },
    { name: 'quectel-l76k-nmea.head', withoutAltitude: 1 },
    { name: 'ublox-neo-m9n-nmea.head', withoutAltitude: 1 },
    { name: 'unicore-um621', withoutAltitude: 1 },
  ])('$name gives one fix per valid epoch, as gpsd decodes it', ({ name, withoutAltitude }) => {
    const text = capture(name);
    const out = run([ID_LINE, text]);
    expect(out.terminalId).toBe('860123456789012');
    expect(out.rejected).toEqual([]);
    expect(out.fixes).toHaveLength(validRmcCount(text));
    expect(out.fixes.filter((f) => f.altitudeM === undefined)).toHaveLength(withoutAltitude);

    const byTime = new Map(out.fixes.map((f) => [f.time.toISOString(), f]));
    const expected = tpvs(name);
    expect(expected.length).toBeGreaterThan(0);
    for (const tpv of expected) {
      const fix = byTime.get(tpv.time);
      if (tpv.mode < 2) {
        expect(fix, `no fix at ${tpv.time}`).toBeUndefined();
        continue;
      }
      if (!fix) throw new Error(`no fix at ${tpv.time}`);
      expect(fix.lat).toBeCloseTo(tpv.lat as number, 8);
      expect(fix.lon).toBeCloseTo(tpv.lon as number, 8);
      expect((fix.speedKmh ?? Number.NaN) / 3.6).toBeCloseTo(tpv.speed as number, 3);
      if (tpv.track === undefined) expect(fix.heading).toBeUndefined();
      else expect(fix.heading).toBeCloseTo(tpv.track as number, 4);
      if (fix.altitudeM !== undefined) expect(fix.altitudeM).toBeCloseTo(tpv.altMSL as number, 4);
    }
  });

  it('ignores the epochs in which the receiver lost its fix (unicore-um621, status V)', () => {
    const times = run([ID_LINE, capture('unicore-um621')]).fixes.map((f) => f.time.toISOString().slice(11, 19));
    expect(times).toContain('00:07:05');
    expect(times).toContain('00:07:10');
    for (const lost of ['00:07:06', '00:07:07', '00:07:08', '00:07:09']) expect(times).not.toContain(lost);
  });

  it('gives the same fixes however the bytes are split', () => {
    const text = ID_LINE + capture('beidou-bd') + capture('unicore-um621');
    const whole = run([text]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const chunks: string[] = [];
        for (let at = 0, i = 0; at < text.length; i++) {
          const size = sizes[i % sizes.length] ?? 1;
          chunks.push(text.slice(at, at + size));
          at += size;
        }
        expect(run(chunks)).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });
});

describe('NmeaStream identification', () => {
  it.each([
    [sentence('PRMID,860123456789012'), '860123456789012', undefined],
    [sentence('PRMID,860123456789012,s3cret-code'), '860123456789012', 's3cret-code'],
    [`$PRMID,rm_unit-7*${nmeaChecksum('PRMID,rm_unit-7').toLowerCase()}`, 'rm_unit-7', undefined],
    ['ID:13800138000', '13800138000', undefined],
    ['ID:13800138000,abcdefgh', '13800138000', 'abcdefgh'],
    ['ID: T-01', 'T-01', undefined],
    ['A', 'A', undefined],
    ['x'.repeat(32), 'x'.repeat(32), undefined],
  ])('reads %j', (line, id, secret) => {
    expect(parseIdentification(line)).toEqual({ id, secret });
  });

  it.each([
    ['a wrong checksum', '$PRMID,860123456789012*00'],
    ['no checksum', '$PRMID,860123456789012'],
    ['an empty id', sentence('PRMID,')],
    ['a 33-character id', 'x'.repeat(33)],
    ['a space in the id', 'ID:86012 3456789012'],
    ['punctuation', 'id=860123456789012'],
    ['an NMEA sentence', '$GNRMC,074150.799,V,,,,,,,250215,,,N*52'],
    ['a short secret', sentence('PRMID,860123456789012,short')],
    ['a third field', 'ID:42,abcdefgh,more'],
  ])('refuses %s', (_, line) => {
    expect(parseIdentification(line)).toBeUndefined();
  });

  it('takes the first line as the identification, and counts lines before a good one as rejected', () => {
    const stream = new NmeaStream();
    const first = stream.push(Buffer.from('\r\n$GNRMC,074150.799,V,,,,,,,250215,,,N*52\r\n'));
    expect(first.rejected).toEqual([{ reason: 'identification', detail: expect.stringContaining('$GNRMC') }]);
    expect(stream.terminalId).toBeUndefined();
    const second = stream.push(Buffer.from('ID:42\nID:43\n'));
    expect(second.terminalId).toBe('42');
    // Once identified, a second identification line is just a malformed sentence.
    expect(second.rejected).toEqual([{ reason: 'format', detail: expect.any(String) }]);
    expect(stream.terminalId).toBe('42');
    expect(stream.counts).toEqual({ lines: 3, rejected: 2 });
  });
});

describe('NmeaStream epochs', () => {
  const t0 = new Date('2026-03-01T08:00:00.250Z');
  const at = (s: number, extra: Partial<SentenceFix> = {}): SentenceFix => ({
    time: new Date(t0.getTime() + s * 1000),
    lat: 31.2304 + s * 1e-4,
    lon: 121.4737,
    speedKnots: 10,
    courseDeg: 90,
    altitudeM: 12.5,
    hdop: 1.3,
    satellites: 9,
    ...extra,
  });
  const lines = (...ls: string[]) => `${ID_LINE}${ls.join('\r\n')}\r\n`;

  it('merges a GGA that comes first into its RMC and emits at once', () => {
    const stream = new NmeaStream();
    stream.push(Buffer.from(lines(formatGga(at(0)))));
    const { fixes } = stream.push(Buffer.from(`${formatRmc(at(0))}\r\n`));
    expect(fixes).toEqual([
      {
        time: at(0).time,
        lat: expect.closeTo(31.2304, 8),
        lon: expect.closeTo(121.4737, 8),
        speedKmh: expect.closeTo(18.52, 9),
        heading: 90,
        altitudeM: 12.5,
        satellites: 9,
        hdop: 1.3,
        accuracyM: 6.5,
      },
    ]);
  });

  it('learns that GGA follows RMC and from then on waits for it', () => {
    const stream = new NmeaStream();
    const first = stream.push(Buffer.from(lines(formatRmc(at(0)))));
    expect(first.fixes.map((f) => f.altitudeM)).toEqual([undefined]);
    expect(stream.push(Buffer.from(`${formatGga(at(0))}\r\n${formatRmc(at(1))}\r\n`)).fixes).toEqual([]);
    expect(stream.push(Buffer.from(`${formatGga(at(1))}\r\n`)).fixes.map((f) => f.altitudeM)).toEqual([12.5]);
    // An epoch whose GGA never comes goes out alone when the next one starts, or at the end.
    stream.push(Buffer.from(`${formatRmc(at(2))}\r\n`));
    const next = stream.push(Buffer.from(`${formatRmc(at(3))}\r\n`));
    expect(next.fixes.map((f) => [f.time, f.altitudeM])).toEqual([[at(2).time, undefined]]);
    expect(stream.end().fixes.map((f) => f.time)).toEqual([at(3).time]);
  });

  it('emits each RMC at once from a terminal that sends no GGA', () => {
    const stream = new NmeaStream();
    stream.push(Buffer.from(ID_LINE));
    for (let s = 0; s < 3; s++) {
      const { fixes } = stream.push(
        Buffer.from(`${formatRmc(at(s, { courseDeg: undefined, speedKnots: undefined }))}\n`),
      );
      expect(fixes).toEqual([{ time: at(s).time, lat: expect.any(Number), lon: expect.any(Number) }]);
    }
  });

  it('merges only a GGA of the same time of day', () => {
    const out = run([lines(formatGga(at(0)), formatRmc(at(1)))]);
    expect(out.fixes.map((f) => [f.time, f.altitudeM])).toEqual([[at(1).time, undefined]]);
  });

  it('skips epochs without a valid fix, whatever the other sentence says', () => {
    const out = run([
      lines(
        formatGga(at(0)),
        formatRmc(at(0), 'GN', 'V'),
        formatGga(at(1), 'GN', 0),
        formatRmc(at(1)),
        sentence('BDRMC,080002.250,A,3114.8950,N,12135.2442,E,0.26,4.94,010326,,,N'),
      ),
    ]);
    expect(out.fixes.map((f) => [f.time, f.altitudeM])).toEqual([[at(1).time, undefined]]);
    expect(out.rejected).toEqual([]);
  });

  it('reads BeiDou-only talkers like the combined one', () => {
    const out = run([lines(formatGga(at(0), 'BD'), formatRmc(at(0), 'GB'))]);
    expect(out.fixes).toHaveLength(1);
    expect(out.fixes[0]).toMatchObject({ altitudeM: 12.5, accuracyM: 6.5 });
  });
});

describe('NmeaStream lines', () => {
  const rmc = formatRmc({ time: new Date('2026-03-01T08:00:00Z'), lat: 31.2304, lon: 121.4737 });

  it('takes LF, CRLF and CR line ends, and leading and trailing spaces', () => {
    const out = run([`${ID_LINE}  ${rmc}\n${rmc} \r\n\t${rmc}\r${rmc}`]);
    expect(out.fixes).toHaveLength(4);
    expect(out.rejected).toEqual([]);
  });

  it('counts bad sentences as rejected, and skips proprietary and other sentences without counting', () => {
    const stream = new NmeaStream();
    const out = run(
      [
        ID_LINE,
        `${rmc.replace(/\*..$/, '*00')}\r\n`,
        'garbage\r\n',
        '$PSRFEPE,074156.799,A,1.1,64.94,58.97,0.2,180.0*1B\r\n',
        '$GBGSV,3,3,11,209,36,317,,214,36,147,,205,11,257,*67\r\n',
        `${sentence('PRMID,860123456789012')}\r\n`,
        `${rmc}\r\n`,
      ],
      stream,
    );
    expect(out.rejected.map((r) => r.reason)).toEqual(['checksum', 'format']);
    expect(out.fixes).toHaveLength(1);
    expect(stream.counts).toEqual({ lines: 7, rejected: 2 });
  });

  it('drops an over-long line once, in any split, and reads on', () => {
    const stream = new NmeaStream({ maxLineLength: 100 });
    const long = `$GNTXT,${'x'.repeat(500)}`;
    const chunks = [ID_LINE, long.slice(0, 60), long.slice(60, 300), long.slice(300), `\r\n${rmc}\r\n`];
    const out = run(chunks, stream);
    expect(out.rejected).toEqual([{ reason: 'too-long', detail: 'line over 100 bytes' }]);
    expect(out.fixes).toHaveLength(1);
    expect(run([ID_LINE, `${long}\n${rmc}\n`], new NmeaStream({ maxLineLength: 100 })).rejected).toHaveLength(1);
  });

  it('reads a last line without a line end when the connection closes', () => {
    const stream = new NmeaStream();
    expect(stream.push(Buffer.from(`${ID_LINE}${rmc}`)).fixes).toEqual([]);
    expect(stream.end().fixes).toHaveLength(1);
  });
});
