/**
 * Coordinates, distances and a segment index shared by the geodata build (build.ts), the snapping
 * of boundaries onto the border (snap.ts) and the border-gap measure (gaps.ts).
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** turf's mean Earth radius; the local planar approximations use the same sphere. */
export const EARTH_RADIUS_M = turf.earthRadius;
export const M_PER_DEG_LAT = (Math.PI / 180) * EARTH_RADIUS_M;

/** [lon, lat]: a tuple, so indexing is type-safe (GeoJSON's Position is number[]). */
export type XY = [number, number];
/** [west, south, east, north]. */
export type Box = [number, number, number, number];
/** A polygon: exterior ring first, then holes. A list of them is a (multi)polygon. */
export type Part = XY[][];
export type Area = Polygon | MultiPolygon;
export type Transform = (p: XY) => XY;

/** A GeoJSON position as a checked [lon, lat] pair. */
export function xy(p: Position): XY {
  const [lon, lat] = p;
  if (lon === undefined || lat === undefined) throw new Error('position without lon/lat');
  return [lon, lat];
}

/** The parts of a Polygon or MultiPolygon. */
export function partsOf(geometry: Area): Part[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map(xy)));
}

/** Smallest geometry type for a list of parts (one part stays a Polygon). */
export function toArea(parts: Part[]): Area {
  const [only] = parts;
  return parts.length === 1 && only
    ? { type: 'Polygon', coordinates: only }
    : { type: 'MultiPolygon', coordinates: parts };
}

/** Applies a coordinate transform to every vertex. */
export function mapParts(parts: Part[], fn: Transform): Part[] {
  return parts.map((rings) => rings.map((ring) => ring.map(fn)));
}

/** Rounds coordinates to a fixed number of decimals. */
export function roundTo(decimals: number): Transform {
  const f = 10 ** decimals;
  return ([lon, lat]) => [Math.round(lon * f) / f, Math.round(lat * f) / f];
}

/** Consecutive pairs of a line. */
export function segmentsOf(line: XY[]): [XY, XY][] {
  return line.slice(1).map((b, i) => [line[i] as XY, b]);
}

/** The last item of a non-empty list. */
export function lastOf<T>(items: T[]): T {
  const item = items.at(-1);
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** Metres per degree of longitude at a latitude (same sphere as turf). */
export function mPerDegLon(lat: number): number {
  return M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
}

/** Great-circle distance in metres (turf). */
export function distanceM(a: XY, b: XY): number {
  return turf.distance(a, b, { units: 'meters' });
}

/** Geodesic length of a line in metres. */
export function pathLengthM(line: XY[]): number {
  return segmentsOf(line).reduce((sum, [a, b]) => sum + distanceM(a, b), 0);
}

/** Bounding box of some points. */
export function boxOf(points: XY[]): Box {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** Whether two boxes overlap or touch. */
export function boxesTouch(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** A box grown by some degrees on every side. */
export function expandBox(b: Box, deg: number): Box {
  return [b[0] - deg, b[1] - deg, b[2] + deg, b[3] + deg];
}

/** Drop consecutive duplicate vertices (the 1/1024° quantisation leaves many). */
export function dedupe(ring: XY[]): XY[] {
  return ring.filter((p, i) => {
    const prev = ring[i - 1];
    return !prev || p[0] !== prev[0] || p[1] !== prev[1];
  });
}

// Spatial index: nearest point on a set of lines, exact within a search radius.

/** The nearest point of an index's lines to a query point. */
export interface Nearest {
  distanceM: number;
  point: XY;
  /** Id of the nearest segment: its index along the line when the index holds one line, unclipped. */
  segment: number;
}

/**
 * Uniform grid over line segments. A segment is registered in every cell its bbox touches, so
 * a box query returns every segment that can lie within the radius.
 */
export class SegmentIndex {
  readonly segments: [XY, XY][] = [];
  private readonly cells = new Map<string, number[]>();

  constructor(
    lines: XY[][],
    private readonly cellDeg = 0.05,
    clip?: Box,
  ) {
    for (const [a, b] of lines.flatMap(segmentsOf)) {
      if (!clip || boxesTouch(boxOf([a, b]), clip)) this.add(a, b);
    }
  }

  private add(a: XY, b: XY): void {
    const id = this.segments.push([a, b]) - 1;
    const [x0, y0, x1, y1] = boxOf([a, b]).map((v) => Math.floor(v / this.cellDeg)) as Box;
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const cell = this.cells.get(`${x},${y}`);
        if (cell) cell.push(id);
        else this.cells.set(`${x},${y}`, [id]);
      }
    }
  }

  /** Ids (ascending, for deterministic results) of segments in the cells around p ± radius. */
  candidates(p: XY, radiusM: number): number[] {
    const rx = radiusM / mPerDegLon(Math.abs(p[1]) + radiusM / M_PER_DEG_LAT);
    const ry = radiusM / M_PER_DEG_LAT;
    const [x0, y0, x1, y1] = [p[0] - rx, p[1] - ry, p[0] + rx, p[1] + ry].map((v) =>
      Math.floor(v / this.cellDeg),
    ) as Box;
    const ids = new Set<number>();
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        for (const id of this.cells.get(`${x},${y}`) ?? []) ids.add(id);
      }
    }
    return [...ids].sort((a, b) => a - b);
  }

  segmentsNear(p: XY, radiusM: number): [XY, XY][] {
    return this.candidates(p, radiusM).map((id) => this.segments[id] as [XY, XY]);
  }

  /** Geodesic nearest point (turf) if one lies within maxM, else undefined. */
  nearest(p: XY, maxM: number): Nearest | undefined {
    const ids = this.candidates(p, maxM);
    if (ids.length === 0) return undefined;
    const near = ids.map((id) => this.segments[id] as [XY, XY]);
    const hit = turf.nearestPointOnLine(turf.multiLineString(near), p, { units: 'meters' });
    const distance = hit.properties.pointDistance;
    const segment = ids[hit.properties.lineStringIndex] as number;
    return distance <= maxM ? { distanceM: distance, point: xy(hit.geometry.coordinates), segment } : undefined;
  }

  isWithin(p: XY, maxM: number): boolean {
    return this.nearest(p, maxM) !== undefined;
  }
}

/** Every ring of a (multi)polygon, e.g. to index its boundary. */
export function ringsOf(parts: Part[]): XY[][] {
  return parts.flat();
}

/** A stretch of consecutive vertices on a cyclic ring. */
export interface Run {
  start: number;
  count: number;
}

/** Runs of consecutive `true` flags on a cyclic ring. */
export function cyclicRuns(flags: boolean[]): Run[] {
  const n = flags.length;
  if (flags.every(Boolean)) return [{ start: 0, count: n }];
  // Start just after a `false`, so no run is split by the ring's seam.
  const seam = flags.indexOf(false);
  const runs: Run[] = [];
  for (let k = 1; k <= n; k++) {
    const i = (seam + k) % n;
    if (!flags[i]) continue;
    const last = runs.at(-1);
    if (last && (last.start + last.count) % n === i) last.count++;
    else runs.push({ start: i, count: 1 });
  }
  return runs;
}

/** The vertices of a run, wrapping round the ring. */
export function runVertices(ring: XY[], run: Run): XY[] {
  return Array.from({ length: run.count }, (_, k) => ring[(run.start + k) % ring.length] as XY);
}

/** A vertex as a map key: exact coordinates, so shared vertices of neighbouring rings meet. */
export function keyOf(p: XY): string {
  return `${p[0]},${p[1]}`;
}
