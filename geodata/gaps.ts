/**
 * How far a drawn boundary strays from the border line over the border's stretch: a Hausdorff-
 * style distance, sampled densely and measured geodesically (turf, metres). Used by the build for
 * its report and by the tests on the committed files and on the served tiles.
 */
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { FeatureCollection, Geometry, LineString } from 'geojson';
import {
  boxOf,
  distanceM,
  expandBox,
  keyOf,
  M_PER_DEG_LAT,
  mPerDegLon,
  SegmentIndex,
  segmentsOf,
  type XY,
  xy,
} from './geometry.ts';

/** How the gap is sampled. */
export interface GapOptions {
  /** Spacing of the sample points along each line. @default 50 */
  stepM?: number;
  /**
   * Drawn points farther than this from the border are not part of the drawn border (an inland
   * county line, say). It also caps the coverage distance, and the drawn lines are not judged
   * within it of the border's two ends, where other boundaries leave the border. @default 3000
   */
  corridorM?: number;
  /**
   * Drawn segments at a larger angle to the border are taken for boundaries that meet it, not
   * renditions of it. For line sets whose internal edges cannot be dropped exactly (outerEdges),
   * such as tiles simplified per feature; it also hides spikes, so by default every angle counts.
   * @default 90
   */
  maxAngleDeg?: number;
  /** Only samples inside this box count, e.g. one tile's own extent without its buffer. */
  within?: [number, number, number, number];
}

/** The largest distances between a drawn line set and the border (metres) and where they occur. */
export interface Gap {
  /** Border sampled every step: the largest distance to the nearest drawn line. */
  coverageM: number;
  coverageAt: XY | null;
  /** Drawn lines sampled every step, where they run along the border: the largest distance to it. */
  fidelityM: number;
  fidelityAt: XY | null;
  /** The larger of the two: the gap. */
  maxM: number;
  /** Sample counts of both directions, so a test can check that something was measured. */
  samples: { coverage: number; fidelity: number };
}

const CELL_DEG = 0.005;
const NEAR_M = 100;

/**
 * Points along a line at most stepM apart, the vertices included. They follow each segment's
 * great circle, as turf's nearest-point search does, so a line is at zero distance from itself.
 */
export function samplePoints(line: XY[], stepM: number): XY[] {
  const out: XY[] = line.length > 0 ? [line[0] as XY] : [];
  for (const [a, b] of segmentsOf(line)) {
    const length = distanceM(a, b);
    const n = Math.max(1, Math.ceil(length / stepM));
    const segment = turf.lineString([a, b]);
    for (let k = 1; k < n; k++)
      out.push(xy(turf.along(segment, (length * k) / n, { units: 'meters' }).geometry.coordinates));
    out.push(b);
  }
  return out;
}

/** Edges used by one ring only: the outer boundary of a set of polygons that share their edges. */
export function outerEdges(rings: XY[][]): XY[][] {
  const edgeKey = (a: XY, b: XY) => [keyOf(a), keyOf(b)].sort().join(' ');
  const uses = new Map<string, number>();
  for (const [a, b] of rings.flatMap(segmentsOf)) uses.set(edgeKey(a, b), (uses.get(edgeKey(a, b)) ?? 0) + 1);
  return rings.flatMap(segmentsOf).filter(([a, b]) => uses.get(edgeKey(a, b)) === 1);
}

/** Unit direction of a segment in local metres. */
function direction(a: XY, b: XY): XY {
  const lat = (a[1] + b[1]) / 2;
  const [dx, dy] = [(b[0] - a[0]) * mPerDegLon(lat), (b[1] - a[1]) * M_PER_DEG_LAT];
  const length = Math.hypot(dx, dy);
  return length === 0 ? [0, 0] : [dx / length, dy / length];
}

/** Largest gap between the drawn lines and the border line, both ways (see {@link Gap}). */
export function borderGap(border: XY[], drawn: XY[][], options: GapOptions = {}): Gap {
  const { stepM = 50, corridorM = 3_000, maxAngleDeg = 90, within } = options;
  const inside = (p: XY) =>
    !within || (p[0] >= within[0] && p[0] <= within[2] && p[1] >= within[1] && p[1] <= within[3]);
  const window = expandBox(boxOf(border), (2 * corridorM) / M_PER_DEG_LAT);
  // Fine cells (about 500 m) and a near search first: most samples lie on or next to a line.
  const drawnIndex = new SegmentIndex(drawn, CELL_DEG, window);
  const borderIndex = new SegmentIndex([border], CELL_DEG);
  const nearest = (index: SegmentIndex, p: XY) => index.nearest(p, NEAR_M) ?? index.nearest(p, corridorM);
  const [start, end] = [border[0] as XY, border.at(-1) as XY];

  let coverage = { m: 0, at: null as XY | null, n: 0 };
  for (const p of samplePoints(border, stepM).filter(inside)) {
    const d = nearest(drawnIndex, p)?.distanceM ?? corridorM;
    coverage.n++;
    if (d > coverage.m) coverage = { m: d, at: p, n: coverage.n };
  }

  const minCos = Math.cos((maxAngleDeg * Math.PI) / 180);
  let fidelity = { m: 0, at: null as XY | null, n: 0 };
  for (const [a, b] of drawnIndex.segments) {
    const along = direction(a, b);
    for (const q of samplePoints([a, b], stepM).filter(inside)) {
      const hit = nearest(borderIndex, q);
      // Near the border's ends the drawn line may be another boundary leaving it at a tri-junction
      // (or the border going on beyond the stretch): only the coverage direction judges the ends.
      if (!hit || distanceM(hit.point, start) < corridorM || distanceM(hit.point, end) < corridorM) continue;
      const toward = direction(...(borderIndex.segments[hit.segment] as [XY, XY]));
      if (maxAngleDeg < 90 && Math.abs(along[0] * toward[0] + along[1] * toward[1]) < minCos) continue;
      fidelity.n++;
      if (hit.distanceM > fidelity.m) fidelity = { m: hit.distanceM, at: q, n: fidelity.n };
    }
  }

  return {
    coverageM: coverage.m,
    coverageAt: coverage.at,
    fidelityM: fidelity.m,
    fidelityAt: fidelity.at,
    maxM: Math.max(coverage.m, fidelity.m),
    samples: { coverage: coverage.n, fidelity: fidelity.n },
  };
}

/** The committed border line (geodata/border.geojson), as lon/lat positions. */
export function committedBorder(): XY[] {
  const text = readFileSync(new URL('./border.geojson', import.meta.url), 'utf8');
  const line = (JSON.parse(text) as FeatureCollection<LineString>).features[0]?.geometry.coordinates;
  if (!line) throw new Error('geodata/border.geojson has no line');
  return line as XY[];
}

/** Every ring or line of a geometry, as lon/lat lines (points and collections: none). */
export function linesOf(g: Geometry | null): XY[][] {
  if (!g) return [];
  switch (g.type) {
    case 'LineString':
      return [g.coordinates as XY[]];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates as XY[][];
    case 'MultiPolygon':
      return g.coordinates.flat() as XY[][];
    default:
      return [];
  }
}
