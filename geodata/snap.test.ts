import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { borderGap, outerEdges } from './gaps.ts';
import { keyOf, M_PER_DEG_LAT, roundTo, type XY } from './geometry.ts';
import { ReferenceLine, snapRings } from './snap.ts';

const round = roundTo(6);
const dLat = (m: number) => m / M_PER_DEG_LAT;

// A wiggly border at 23° N, west to east, and two counties north of it whose southern edges
// miss it by a few hundred metres (one north of it, one across it), as the AMap outlines do.
const border: XY[] = Array.from({ length: 41 }, (_, i) => [104 + i * 0.005, 23 + (i % 2 === 0 ? 0 : dLat(120))]);
const line = new ReferenceLine(border, round);
const y0 = 23 + dLat(400);
const y1 = 23 - dLat(300);
const west = (
  [
    [104.02, y0],
    [104.06, y0],
    [104.1, y1], // the junction with the east county, south of the border
    [104.1, 23.2],
    [104.02, 23.2],
    [104.02, y0],
  ] as XY[]
).map(round);
const east = (
  [
    [104.1, y1],
    [104.14, y0],
    [104.18, y0],
    [104.18, 23.2],
    [104.1, 23.2],
    [104.1, y1],
  ] as XY[]
).map(round);
const counts = new Map<string, number>();
for (const ring of [west, east]) {
  for (const key of new Set(ring.map(keyOf))) counts.set(key, (counts.get(key) ?? 0) + 1);
}
const isOuter = (p: XY) => counts.get(keyOf(p)) === 1;

describe('snapRings', () => {
  const snapped = snapRings([west, east], line, 1_000, isOuter);
  const [w, e] = snapped.rings as [XY[], XY[]];

  it('replaces the Vietnam-facing edges by the border line itself', () => {
    // The outer corners project to just before vertex 4 and just before vertex 36.
    expect(borderGap(border.slice(4, 36), outerEdges([w, e])).maxM).toBeLessThan(0.5);
    // Every border vertex between the outer corners is now a vertex of one county or the other.
    const vertices = new Set([...w, ...e].map(keyOf));
    expect(border.slice(5, 36).every((p) => vertices.has(keyOf(p)))).toBe(true);
    expect(snapped.runs).toHaveLength(2);
  });

  it('keeps the shared edge shared and ends it on the border', () => {
    const shared = w.filter((p) => e.some((q) => keyOf(p) === keyOf(q)));
    expect(shared).toHaveLength(2);
    const onBorder = shared.find((p) => p[1] < 23.1) as XY;
    const distance = turf.pointToLineDistance(onBorder, turf.lineString(border), { units: 'meters' });
    expect(distance).toBeLessThan(0.2);
  });

  it('leaves valid polygons that neither overlap nor leave a gap', () => {
    for (const ring of [w, e]) {
      expect(turf.booleanValid(turf.polygon([ring]))).toBe(true);
      expect(turf.kinks(turf.polygon([ring])).features).toHaveLength(0);
    }
    const union = turf.union(turf.featureCollection([turf.polygon([w]), turf.polygon([e])]));
    const sum = turf.area(turf.polygon([w])) + turf.area(turf.polygon([e]));
    expect(union && Math.abs(turf.area(union) - sum)).toBeLessThan(1);
  });

  it('leaves rings without an outer vertex near the line alone', () => {
    // Both counties as inner rings of something else: every vertex is shared, nothing faces out.
    const untouched = snapRings([west, east], line, 1_000, () => false);
    expect(untouched.rings).toEqual([west, east]);
    expect(untouched.runs).toHaveLength(0);
  });

  it('refuses a ring that lies wholly within the tolerance', () => {
    const tiny: XY[] = [
      [104.05, 23],
      [104.051, 23],
      [104.051, 23.001],
      [104.05, 23],
    ];
    expect(() => snapRings([tiny], line, 1_000, () => true)).toThrow(/whole ring/);
  });
});

describe('ReferenceLine', () => {
  it('walks the line between two located points, in either direction', () => {
    const a = line.locate([104.012, 23.001], 500);
    const b = line.locate([104.031, 23.001], 500);
    if (!a || !b) throw new Error('not located');
    const forward = line.between(a, b);
    expect(forward[0]).toEqual(a.point);
    expect(forward.at(-1)).toEqual(b.point);
    // The points project onto segments 2–3 and 6–7: vertices 3 to 6 lie between them.
    expect(forward.slice(1, -1)).toEqual(border.slice(3, 7));
    expect(line.between(b, a)).toEqual([...forward].reverse());
    expect(line.locate([104.05, 23.1], 500)).toBeUndefined();
  });
});
