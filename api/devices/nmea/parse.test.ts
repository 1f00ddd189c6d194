import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGga, formatRmc, sentence } from './format.ts';
import {
  type GgaSentence,
  nmeaChecksum,
  type ParsedSentence,
  parseSentence,
  type RmcSentence,
  TALKERS,
} from './parse.ts';

/** gpsd's TPV for a sentence: speed in m/s, time only where gpsd knew the date. */
interface Tpv {
  time?: string;
  lat: number;
  lon: number;
  speed?: number;
  track?: number;
  altMSL?: number;
}

// Sentences from gpsd's captures (fixtures/*.log) and the values gpsd decodes from them
// (the TPV lines in the captures' .log.chk files, gpsd 46977fa; see fixtures/README.md).
const RMC_CASES: [log: string, line: string, tpv: Tpv][] = [
  [
    'beidou-bd',
    '$GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A*7D',
    { time: '2015-02-25T07:41:56.799Z', lat: 31.24825, lon: 121.587403333, speed: 0.134, track: 4.94 },
  ],
  [
    'beidou-bd (leading space)',
    ' $GNRMC,074157.799,A,3114.8902,N,12135.2443,E,0.32,4.94,250215,,,A*7F',
    { time: '2015-02-25T07:41:57.799Z', lat: 31.24817, lon: 121.587405, speed: 0.165, track: 4.94 },
  ],
  [
    'beidou-gb',
    '$GNRMC,053233.438,A,3114.8821,N,12135.2428,E,0.07,167.42,020315,,,A*73',
    { time: '2015-03-02T05:32:33.438Z', lat: 31.248035, lon: 121.58738, speed: 0.036, track: 167.42 },
  ],
  [
    'quectel-l76k (NMEA 4.10 navigational status)',
    '$GNRMC,055234.200,A,4739.71890,N,12219.58362,W,0.00,286.35,050826,,,A,V*11',
    { time: '2026-08-05T05:52:34.200Z', lat: 47.661981667, lon: -122.326393667, speed: 0, track: 286.35 },
  ],
  [
    'ublox-neo-m9n (mode D, no course)',
    '$GNRMC,223745.00,A,3806.62964,N,12237.61382,W,0.040,,110720,,,D,V*0E',
    { time: '2020-07-11T22:37:45.000Z', lat: 38.110494, lon: -122.626897, speed: 0.021 },
  ],
  [
    'unicore-um621',
    '$GNRMC,000653.00,A,4404.12994,N,12118.84613,W,0.052,,090624,,,A,V*08',
    { time: '2024-06-09T00:06:53.000Z', lat: 44.068832333, lon: -121.314102167, speed: 0.027 },
  ],
];

const GGA_CASES: [log: string, line: string, tpv: Tpv, extra: Partial<GgaSentence>][] = [
  [
    'beidou-bd (SiRF 15th field)',
    '$GNGGA,074156.799,3114.8950,N,12135.2442,E,1,07,1.1,190.7,M,8.3,M,,0000,1.8*7B',
    { lat: 31.24825, lon: 121.587403333, altMSL: 190.7 },
    { timeOfDayMs: hms(7, 41, 56.799), quality: 1, satellites: 7, hdop: 1.1 },
  ],
  [
    'beidou-bd',
    '$GNGGA,074155.799,3114.8770,N,12135.2463,E,1,05,1.3,156.9,M,8.3,M,,0000,4.9*77',
    { lat: 31.24795, lon: 121.587438333, altMSL: 156.9 },
    { timeOfDayMs: hms(7, 41, 55.799), quality: 1, satellites: 5, hdop: 1.3 },
  ],
  [
    'beidou-gb',
    '$GPGGA,053232.438,3114.8789,N,12135.2442,E,1,06,1.2,153.8,M,8.3,M,,0000*6A',
    { lat: 31.247981667, lon: 121.587403333, altMSL: 153.8 },
    { timeOfDayMs: hms(5, 32, 32.438), talker: 'GP', satellites: 6, hdop: 1.2 },
  ],
  [
    'quectel-l76k (negative geoid separation)',
    '$GNGGA,055234.200,4739.71890,N,12219.58362,W,1,14,0.9,76.5,M,-21.6,M,,*4A',
    { lat: 47.661981667, lon: -122.326393667, altMSL: 76.5 },
    { timeOfDayMs: hms(5, 52, 34.2), satellites: 14, hdop: 0.9 },
  ],
  [
    'ublox-neo-m9n (differential)',
    '$GNGGA,223745.00,3806.62964,N,12237.61382,W,2,12,0.54,83.1,M,-29.5,M,,0000*44',
    { lat: 38.110494, lon: -122.626897, altMSL: 83.1 },
    { timeOfDayMs: hms(22, 37, 45), quality: 2, satellites: 12, hdop: 0.54 },
  ],
  [
    'unicore-um621 (empty geoid separation)',
    '$GNGGA,000653.00,4404.12994,N,12118.84613,W,1,29,0.69,1109.2,M,,M,,*71',
    { lat: 44.068832333, lon: -121.314102167, altMSL: 1109.2 },
    { timeOfDayMs: hms(0, 6, 53), satellites: 29, hdop: 0.69 },
  ],
];

function hms(h: number, m: number, s: number): number {
  return Math.round(((h * 60 + m) * 60 + s) * 1000);
}

function expectRmc(p: ParsedSentence): RmcSentence {
  if (p.kind !== 'rmc') throw new Error(`expected an RMC, got ${JSON.stringify(p)}`);
  return p;
}

function expectGga(p: ParsedSentence): GgaSentence {
  if (p.kind !== 'gga') throw new Error(`expected a GGA, got ${JSON.stringify(p)}`);
  return p;
}

/** Swaps the talker of a sentence and fixes its checksum. */
function withTalker(line: string, talker: string): string {
  const body = line.trim().slice(1, line.trim().indexOf('*'));
  return sentence(talker + body.slice(2));
}

describe('parseSentence against gpsd', () => {
  it.each(RMC_CASES)('RMC from %s', (_, line, tpv) => {
    const rmc = expectRmc(parseSentence(line));
    expect(rmc.time.toISOString()).toBe(tpv.time);
    // gpsd prints 9 decimals of a degree, 3 of a m/s and 4 of a degree of track.
    expect(rmc.lat).toBeCloseTo(tpv.lat, 8);
    expect(rmc.lon).toBeCloseTo(tpv.lon, 8);
    expect((rmc.speedKmh ?? Number.NaN) / 3.6).toBeCloseTo(tpv.speed ?? Number.NaN, 3);
    if (tpv.track === undefined) expect(rmc.courseDeg).toBeUndefined();
    else expect(rmc.courseDeg).toBeCloseTo(tpv.track, 4);
  });

  it.each(GGA_CASES)('GGA from %s', (_, line, tpv, extra) => {
    const gga = expectGga(parseSentence(line));
    expect(gga.lat).toBeCloseTo(tpv.lat, 8);
    expect(gga.lon).toBeCloseTo(tpv.lon, 8);
    expect(gga.altitudeM).toBeCloseTo(tpv.altMSL ?? Number.NaN, 4);
    expect(gga).toMatchObject({ talker: 'GN', quality: 1, ...extra });
  });

  it.each(TALKERS)('reads RMC and GGA from talker %s', (talker) => {
    const rmc = expectRmc(parseSentence(withTalker(RMC_CASES[0]![1], talker)));
    expect(rmc).toMatchObject({ talker, lat: expect.closeTo(31.24825, 8) });
    expect(rmc.time.toISOString()).toBe('2015-02-25T07:41:56.799Z');
    expect(expectGga(parseSentence(withTalker(GGA_CASES[0]![1], talker)))).toMatchObject({ talker, altitudeM: 190.7 });
  });
});

describe('parseSentence', () => {
  const rmc = '$GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A*7D';

  it('computes the checksum as the XOR of the body', () => {
    expect(nmeaChecksum('GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A')).toBe('7D');
    expect(nmeaChecksum('')).toBe('00');
  });

  it('requires a correct checksum', () => {
    expect(parseSentence(rmc.replace('*7D', '*7E'))).toMatchObject({ kind: 'rejected', reason: 'checksum' });
    expect(parseSentence(rmc.replace('3114.8950', '3114.8951'))).toMatchObject({ reason: 'checksum' });
    expect(parseSentence(rmc.slice(0, -3))).toMatchObject({ reason: 'checksum', detail: 'no checksum' });
    expect(parseSentence(rmc.replace('*7D', '*7d')).kind).toBe('rmc');
  });

  it('tolerates whitespace and line ends around the sentence', () => {
    expect(parseSentence(`  ${rmc}\r\n`).kind).toBe('rmc');
  });

  it('skips well-formed sentences that are not ours, proprietary ones included', () => {
    for (const line of [
      '$PSRFEPE,074156.799,A,1.1,64.94,58.97,0.2,180.0*1B',
      '$PDTINFO,UM621-02,G1B1L1E1,V1.2,R6.0.0.0Build2810,2310414000033,PC12B4231700429*73',
      '$GYOACC,090624,000653.10,0.004960,-0.001510,0.005386,100,-3.358145,-8.120926,4.427577,100,35,0,100,0*21',
      '$SNRSTAT,1,1,0,0*5D',
      '$GBGSV,3,3,11,209,36,317,,214,36,147,,205,11,257,*67',
      '$GNVTG,286.35,T,,M,0.00,N,0.00,K,A*29',
      withTalker(rmc, 'GI'), // NavIC
      withTalker(rmc, 'GQ'), // QZSS
    ]) {
      expect(parseSentence(line), line).toMatchObject({ kind: 'rejected', reason: 'unsupported' });
    }
  });

  it('reports fixes without validity as nofix', () => {
    const noFix = [
      '$GNRMC,074150.799,V,,,,,,,250215,,,N*52',
      // Unicore keeps the last position while it has lost the fix.
      '$GNRMC,000706.00,V,4404.12938,N,12118.84590,W,,,090624,,,N,V*36',
      sentence('GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,N'),
      '$GNGGA,074150.799,,,,,0,00,,,M,0.0,M,,0000,*64',
      '$GPGGA,053229.438,,,,,0,00,,,M,0.0,M,,0000*56',
    ];
    for (const line of noFix) expect(parseSentence(line), line).toMatchObject({ kind: 'nofix' });
  });

  it('keeps fractional seconds to the millisecond', () => {
    const at = (t: string) => expectRmc(parseSentence(sentence(`GNRMC,${t},A,3114.8950,N,12135.2442,E,,,250215,,,A`)));
    expect(at('074156').time.toISOString()).toBe('2015-02-25T07:41:56.000Z');
    expect(at('074156.5').time.toISOString()).toBe('2015-02-25T07:41:56.500Z');
    expect(at('074156.12').time.toISOString()).toBe('2015-02-25T07:41:56.120Z');
    expect(at('235959.9999').time.toISOString()).toBe('2015-02-25T23:59:59.999Z');
  });

  it('reads empty speed and course as absent', () => {
    const r = expectRmc(parseSentence(sentence('GNRMC,074156.799,A,3114.8950,S,00135.2442,W,,,250215,,')));
    expect(r).toEqual({
      kind: 'rmc',
      talker: 'GN',
      time: r.time,
      lat: expect.closeTo(-31.24825, 9),
      lon: expect.closeTo(-1.587403333, 9),
    });
    expect(r.speedKmh).toBeUndefined();
  });

  it.each([
    ['latitude over 90°', 'GNRMC,074156.799,A,9000.0001,N,12135.2442,E,0.26,4.94,250215,,,A'],
    ['longitude over 180°', 'GNRMC,074156.799,A,3114.8950,N,18000.0060,E,0.26,4.94,250215,,,A'],
    ['minutes of 60', 'GNRMC,074156.799,A,3160.0000,N,12135.2442,E,0.26,4.94,250215,,,A'],
    ['an unknown hemisphere', 'GNRMC,074156.799,A,3114.8950,X,12135.2442,E,0.26,4.94,250215,,,A'],
    ['a signed latitude', 'GNRMC,074156.799,A,-3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A'],
    ['hour 24', 'GNRMC,244156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A'],
    ['second 60', 'GNRMC,074160.000,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A'],
    ['30 February', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,300215,,,A'],
    ['month 13', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,251315,,,A'],
    ['no date', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,,,,A'],
    ['a speed over 2000 km/h', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,1080,4.94,250215,,,A'],
    ['a negative speed', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,-1,4.94,250215,,,A'],
    ['a course over 360°', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,360.5,250215,,,A'],
    ['an unknown status', 'GNRMC,074156.799,X,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A'],
    ['an unknown mode', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,Z'],
    ['status A without a position', 'GNRMC,074156.799,A,,,,,0.26,4.94,250215,,,A'],
    ['too few fields', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94'],
    ['a GGA without time', 'GNGGA,,3114.8950,N,12135.2442,E,1,07,1.1,190.7,M,8.3,M,,0000'],
    ['a GGA quality that is not a digit', 'GNGGA,074156.799,3114.8950,N,12135.2442,E,X,07,1.1,190.7,M,8.3,M,,0000'],
    ['a GGA altitude of 30 km', 'GNGGA,074156.799,3114.8950,N,12135.2442,E,1,07,1.1,30000,M,8.3,M,,0000'],
    ['a GGA altitude in feet', 'GNGGA,074156.799,3114.8950,N,12135.2442,E,1,07,1.1,190.7,F,8.3,M,,0000'],
    ['a GGA with 100 satellites', 'GNGGA,074156.799,3114.8950,N,12135.2442,E,1,100,1.1,190.7,M,8.3,M,,0000'],
    ['a GGA HDOP over 100', 'GNGGA,074156.799,3114.8950,N,12135.2442,E,1,07,100.5,190.7,M,8.3,M,,0000'],
    ['a control character', 'GNRMC,074156.799,A,3114.8950,N,12135.2442,E,0.26,4.94,250215,,,A\u0007'],
  ])('rejects %s as format', (_, body) => {
    expect(parseSentence(sentence(body))).toMatchObject({ kind: 'rejected', reason: 'format' });
  });

  it.each([
    ['', 'empty'],
    ['GNRMC,074156.799,A', 'no $'],
    ['$GNRMC,074156.799,A*7', 'a one-digit checksum'],
    ['$GNRMC,074156.799$GNRMC,074156.799*00', 'two sentences run together'],
  ])('rejects %j (%s) as format', (line) => {
    expect(parseSentence(line)).toMatchObject({ kind: 'rejected', reason: 'format' });
  });

  it('treats a zero HDOP as absent and keeps a negative altitude', () => {
    const g = expectGga(parseSentence(sentence('GBGGA,074156.799,3114.8950,N,12135.2442,E,6,,0.0,-12.5,M,,M,,')));
    expect(g).toEqual({
      kind: 'gga',
      talker: 'GB',
      timeOfDayMs: hms(7, 41, 56.799),
      lat: g.lat,
      lon: g.lon,
      quality: 6,
      altitudeM: -12.5,
    });
  });
});

describe('parseSentence properties', () => {
  const fixes = fc.record({
    time: fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    }),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lon: fc.double({ min: -180, max: 180, noNaN: true }),
  });

  it('round-trips time and position through RMC and GGA', () => {
    fc.assert(
      fc.property(fixes, fc.constantFrom(...TALKERS), (fix, talker) => {
        const rmc = expectRmc(parseSentence(formatRmc(fix, talker)));
        expect(rmc.time.getTime()).toBe(fix.time.getTime());
        // Six decimals of a minute: within 1e-8°, about a millimetre.
        expect(Math.abs(rmc.lat - fix.lat)).toBeLessThan(1e-8);
        expect(Math.abs(rmc.lon - fix.lon)).toBeLessThan(1e-8);
        const gga = expectGga(parseSentence(formatGga(fix, talker)));
        expect(gga.timeOfDayMs).toBe(fix.time.getTime() % 86_400_000);
        expect(Math.abs(gga.lat - fix.lat)).toBeLessThan(1e-8);
        expect(Math.abs(gga.lon - fix.lon)).toBeLessThan(1e-8);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (line) => {
        expect(parseSentence(line).kind).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });

  // Checksum-valid RMC/GGA with fields drawn from the characters receivers use, so that the field
  // readers run: whatever comes back is either rejected or within range.
  it('returns only in-range values from checksum-valid noise', () => {
    const field = fc.string({ unit: fc.constantFrom(...'0123456789.-NSEWAVM'), maxLength: 11 });
    const body = fc
      .tuple(fc.constantFrom('GNRMC', 'BDGGA', 'GBRMC', 'GPGGA'), fc.array(field, { minLength: 8, maxLength: 15 }))
      .map(([address, fields]) => [address, ...fields].join(','));
    fc.assert(
      fc.property(body, (b) => {
        const p = parseSentence(sentence(b));
        if (p.kind === 'rmc' || p.kind === 'gga') {
          expect(Math.abs(p.lat)).toBeLessThanOrEqual(90);
          expect(Math.abs(p.lon)).toBeLessThanOrEqual(180);
        }
        if (p.kind === 'rmc') {
          expect(Number.isFinite(p.time.getTime())).toBe(true);
          expect(p.speedKmh ?? 0).toBeLessThan(2000);
          expect(p.courseDeg ?? 0).toBeLessThanOrEqual(360);
        }
        if (p.kind === 'gga') expect(p.timeOfDayMs).toBeLessThan(86_400_000);
      }),
      { numRuns: 3000 },
    );
  });
});
