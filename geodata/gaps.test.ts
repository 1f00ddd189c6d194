import { describe, expect, it } from 'vitest';
import { borderGap, outerEdges, samplePoints } from './gaps.ts';
import { distanceM, M_PER_DEG_LAT, type XY } from './geometry.ts';

// A 20 km border running east at 23° N, with a bend, and lines drawn at known offsets from it.
const LAT = 23;
const border: XY[] = [
  [104.0, LAT],
  [104.1, LAT],
  [104.2, LAT + 0.02],
];
const north = (line: XY[], m: number): XY[] => line.map(([lon, lat]) => [lon, lat + m / M_PER_DEG_LAT]);

describe('samplePoints', () => {
  it('keeps the vertices and spaces the samples at most one step apart', () => {
    const points = samplePoints(border, 50);
    expect(points[0]).toEqual(border[0]);
    expect(points.at(-1)).toEqual(border.at(-1));
    const steps = points.slice(1).map((p, i) => distanceM(points[i] as XY, p));
    expect(Math.max(...steps)).toBeLessThanOrEqual(50);
    expect(points.length).toBeGreaterThan(400);
  });
});

describe('borderGap', () => {
  it('is zero for the border itself', () => {
    const gap = borderGap(border, [border]);
    expect(gap.maxM).toBeLessThan(0.01);
    expect(gap.samples.coverage).toBeGreaterThan(400);
    expect(gap.samples.fidelity).toBeGreaterThan(100);
  });

  it('measures a parallel line at its offset, both ways', () => {
    const gap = borderGap(border, [north(border, 300)]);
    // North by 300 m is 300 m from the straight part, a little less from the sloping one.
    expect(gap.coverageM).toBeGreaterThan(290);
    expect(gap.coverageM).toBeLessThan(301);
    expect(gap.fidelityM).toBeGreaterThan(290);
    expect(gap.fidelityM).toBeLessThan(301);
  });

  it('finds a spike of the drawn line that the border does not have', () => {
    const spiked: XY[] = [
      border[0] as XY,
      [104.05, LAT],
      [104.0505, LAT + 800 / M_PER_DEG_LAT],
      [104.051, LAT],
      ...border.slice(1),
    ];
    const gap = borderGap(border, [spiked]);
    expect(gap.fidelityM).toBeGreaterThan(700);
    expect(gap.fidelityM).toBeLessThanOrEqual(801);
    // The border under the spike's 100 m wide base is 25 m from its sides.
    expect(gap.coverageM).toBeLessThan(30);
    expect(gap.fidelityAt?.[0]).toBeCloseTo(104.0505, 3);
  });

  it('finds a stretch of the border that nothing draws', () => {
    const half: XY[] = [border[0] as XY, [104.05, LAT]];
    const gap = borderGap(border, [half]);
    // The far end is 15 km away: capped at the corridor.
    expect(gap.coverageM).toBe(3_000);
    expect(borderGap(border, [half], { corridorM: 20_000 }).coverageM).toBeGreaterThan(14_000);
  });

  it('ignores a boundary that meets the border at an angle, if asked to', () => {
    // A county line coming down from the north onto the border's middle.
    const meeting: XY[] = [
      [104.07, LAT + 2_000 / M_PER_DEG_LAT],
      [104.07, LAT],
    ];
    expect(borderGap(border, [border, meeting], { maxAngleDeg: 45 }).maxM).toBeLessThan(0.01);
    expect(borderGap(border, [border, meeting]).fidelityM).toBeGreaterThan(1_900);
  });

  it('counts only samples inside `within`', () => {
    const away = north(border, 300);
    const gap = borderGap(border, [away], { within: [104.0, LAT - 0.01, 104.05, LAT + 0.01] });
    expect(gap.samples.coverage).toBeGreaterThan(50);
    expect(gap.samples.coverage).toBeLessThan(150);
    expect(gap.coverageM).toBeGreaterThan(299);
  });
});

describe('outerEdges', () => {
  it('drops the edge two squares share', () => {
    const west: XY[] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    const east: XY[] = [
      [1, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 0],
    ];
    const edges = outerEdges([west, east]);
    expect(edges).toHaveLength(6);
    expect(edges.some(([a, b]) => a?.[0] === 1 && b?.[0] === 1)).toBe(false);
  });
});
