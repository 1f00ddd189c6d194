import { lineString, area as turfArea, length as turfLength } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import {
  AUTHALIC_RADIUS,
  authalicLatitude,
  formatArea,
  formatLength,
  formatMu,
  geodesicArea,
  geodesicDistance,
  MU_LIMIT_M2,
  measureLine,
  measurePolygon,
  SQUARE_METRES_PER_MU,
  WGS84_A,
  WGS84_F,
} from './measure.ts';

const E2 = WGS84_F * (2 - WGS84_F);
const RAD = Math.PI / 180;
/** Meridian radius of curvature at `lat`: metres per radian northward. */
const meridianRadius = (lat: number) => (WGS84_A * (1 - E2)) / (1 - E2 * Math.sin(lat * RAD) ** 2) ** 1.5;
/** Prime-vertical radius at `lat`: a parallel's radius is this times cos(lat). */
const normalRadius = (lat: number) => WGS84_A / Math.sqrt(1 - E2 * Math.sin(lat * RAD) ** 2);

/** A lat/lon "square" whose sides are `side` metres, built from the ellipsoid's curvature radii. */
function squareAt(lat: number, lon: number, side: number): [number, number][] {
  const dLat = side / meridianRadius(lat) / RAD;
  const dLon = side / (normalRadius(lat) * Math.cos(lat * RAD)) / RAD;
  const s = lat - dLat / 2;
  const n = lat + dLat / 2;
  return [
    [lon, s],
    [lon + dLon, s],
    [lon + dLon, n],
    [lon, n],
    [lon, s],
  ];
}

describe('geodesicDistance', () => {
  it('gives one degree of longitude at the equator as a·π/180 = 111.32 km', () => {
    expect(geodesicDistance([0, 0], [1, 0])).toBeCloseTo((WGS84_A * Math.PI) / 180, 3);
    expect(geodesicDistance([104, 0], [105, 0])).toBeCloseTo(111_319.491, 2);
  });

  it('gives one degree of latitude from the equator as 110.574 km (the meridian arc)', () => {
    expect(geodesicDistance([0, 0], [0, 1])).toBeCloseTo(110_574.389, 1);
  });

  it("matches Vincenty's own test line, Flinders Peak to Buninyong (54,972.271 m)", () => {
    const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);
    const flinders = [dms(144, 25, 29.5244), dms(-37, 57, 3.7203)];
    const buninyong = [dms(143, 55, 35.3839), dms(-37, 39, 10.1561)];
    expect(geodesicDistance(flinders, buninyong)).toBeCloseTo(54_972.271, 2);
  });

  it('is symmetric and zero for one point', () => {
    const a = [104.24, 23.37];
    const b = [105.62, 22.98];
    expect(geodesicDistance(a, b)).toBeCloseTo(geodesicDistance(b, a), 6);
    expect(geodesicDistance(a, a)).toBe(0);
  });

  it('stays within 0.5 % of turf (sphere) across Wenshan and falls back for antipodes', () => {
    const line = [
      [103.6, 23.1],
      [104.9, 23.6],
      [105.8, 22.9],
    ];
    const ours = measureLine(line).lengthM;
    const turf = turfLength(lineString(line), { units: 'meters' });
    expect(Math.abs(ours / turf - 1)).toBeLessThan(0.005);
    // Nearly antipodal: Vincenty does not converge; the answer is still about half the globe.
    expect(geodesicDistance([0, 0], [179.7, 0.5]) / 1000).toBeGreaterThan(19_900);
  });
});

describe('geodesicArea', () => {
  it('gives a 1 km × 1 km square near Wenshan (23.5°N) as 1 km²', () => {
    expect(geodesicArea([squareAt(23.5, 104.2, 1000)])).toBeCloseTo(1_000_000, -1);
  });

  it('corrects turf, which is 0.24 % high at that latitude', () => {
    const square = squareAt(23.5, 104.2, 1000);
    const turf = turfArea({ type: 'Polygon', coordinates: [square] });
    expect(turf / 1e6).toBeCloseTo(1.0024, 3);
  });

  it('gives the 1° × 1° cell at the equator as 12,308.8 km²', () => {
    const cell = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    expect(geodesicArea([cell]) / 1e6).toBeCloseTo(12_308.8, 0);
  });

  it('ignores ring direction, subtracts holes and accepts open rings', () => {
    const outer = squareAt(23.5, 104.2, 2000);
    const hole = squareAt(23.5, 104.2 + 0.0001, 1000);
    expect(geodesicArea([[...outer].reverse()])).toBeCloseTo(4_000_000, -1);
    expect(geodesicArea([outer, hole])).toBeCloseTo(3_000_000, -1);
    expect(geodesicArea([outer.slice(0, -1)])).toBeCloseTo(4_000_000, -1);
    expect(geodesicArea([outer.slice(0, 2)])).toBe(0);
  });

  it('uses the authalic sphere: 6,371,007.2 m, and the latitude shift is 0 at equator and poles', () => {
    expect(AUTHALIC_RADIUS).toBeCloseTo(6_371_007.18, 1);
    expect(authalicLatitude(0)).toBe(0);
    expect(authalicLatitude(90)).toBeCloseTo(90, 9);
    // At 45° the authalic latitude is about 0.128° lower.
    expect(45 - authalicLatitude(45)).toBeCloseTo(0.1283, 3);
  });
});

describe('measureLine and measurePolygon', () => {
  it('lists each segment and sums them', () => {
    const m = measureLine([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    expect(m.segmentsM).toHaveLength(2);
    expect(m.segmentsM[0]).toBeCloseTo(111_319.491, 2);
    expect(m.lengthM).toBeCloseTo(m.segmentsM[0]! + m.segmentsM[1]!, 6);
    expect(measureLine([[0, 0]])).toEqual({ kind: 'line', lengthM: 0, segmentsM: [] });
  });

  it('gives a polygon its area and its closed perimeter', () => {
    const m = measurePolygon(squareAt(23.5, 104.2, 1000).slice(0, -1));
    expect(m.areaM2).toBeCloseTo(1_000_000, -1);
    expect(m.perimeterM).toBeCloseTo(4000, 0);
  });
});

describe('formatLength', () => {
  const text = (m: number) => {
    const q = formatLength(m);
    return `${q.n} ${q.unit}`;
  };

  it('writes metres below 1 km and kilometres with 2, 1, then 0 decimals above', () => {
    expect(text(0)).toBe('0.0 m');
    expect(text(3.24)).toBe('3.2 m');
    expect(text(856.4)).toBe('856 m');
    expect(text(12_344)).toBe('12.34 km');
    expect(text(123_456)).toBe('123.5 km');
    expect(text(1_234_567)).toBe('1,235 km');
  });

  it('decides the unit after rounding, so no "1000 m" or "100.00 km"', () => {
    expect(text(9.96)).toBe('10 m');
    expect(text(999.4)).toBe('999 m');
    expect(text(999.6)).toBe('1.00 km');
    expect(text(1000)).toBe('1.00 km');
    expect(text(99_994)).toBe('99.99 km');
    expect(text(99_996)).toBe('100.0 km');
    expect(text(999_960)).toBe('1,000 km');
  });

  it('treats NaN, infinity and negatives as nothing measured', () => {
    expect(text(Number.NaN)).toBe('0.0 m');
    expect(text(-5)).toBe('0.0 m');
    expect(text(Number.POSITIVE_INFINITY)).toBe('0.0 m');
  });
});

describe('formatArea and formatMu', () => {
  const text = (m2: number) => {
    const q = formatArea(m2);
    return `${q.n} ${q.unit}`;
  };

  it('writes m² below 1 km² and km² above', () => {
    expect(text(56.78)).toBe('56.8 m2');
    expect(text(12_345.6)).toBe('12,346 m2');
    expect(text(999_999.4)).toBe('999,999 m2');
    expect(text(999_999.6)).toBe('1.00 km2');
    expect(text(31_409e6)).toBe('31,409 km2');
    expect(text(1234.56e6)).toBe('1,234.6 km2');
  });

  it('converts to 亩 at 15 亩 per hectare, and stops at 10 km²', () => {
    expect(SQUARE_METRES_PER_MU).toBeCloseTo(666.667, 3);
    expect(formatMu(10_000)).toBe('15.0');
    expect(formatMu(666.67)).toBe('1.0');
    expect(formatMu(66_640)).toBe('100'); // 99.96 亩 rounds into the whole-亩 band
    expect(formatMu(1_000_000)).toBe('1,500');
    expect(formatMu(MU_LIMIT_M2 - 1)).toBe('15,000');
    expect(formatMu(MU_LIMIT_M2)).toBeNull();
    expect(formatMu(Number.NaN)).toBeNull();
  });
});
