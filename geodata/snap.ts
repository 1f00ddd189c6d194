/**
 * Snapping polygon boundaries onto a reference line (the OSM China–Vietnam border), so that every
 * layer that draws the border draws the same line.
 *
 * The rule is decided per vertex, from its coordinates alone: a vertex within the tolerance of the
 * line is "near". Consecutive near vertices of a ring form a run; a run that holds at least one
 * vertex of the outer boundary (one that no neighbouring ring shares) faces the border, and is
 * replaced by the reference line between the projections of its first and last vertex. Because
 * neighbours share vertices, they make the same decision about a shared vertex and project it to
 * the same point: shared edges stay shared, and the internal boundaries that reach the border end
 * on it.
 */
import {
  cyclicRuns,
  dedupe,
  distanceM,
  keyOf,
  type Run,
  runVertices,
  SegmentIndex,
  type Transform,
  type XY,
} from './geometry.ts';

/** A point projected onto the reference line. */
export interface Located {
  /** Segment index plus the fraction of that segment: 12.25 is a quarter of the way from vertex 12 to 13. */
  position: number;
  /** The projection, rounded like the output coordinates. */
  point: XY;
  /** Geodesic distance (metres) from the projected vertex to the line. */
  distanceM: number;
}

/** The line that others are snapped to, with an index for nearest-point queries. */
export class ReferenceLine {
  private readonly index: SegmentIndex;

  constructor(
    readonly points: XY[],
    private readonly round: Transform,
  ) {
    // One unclipped line: the index's segment ids are the segment indices along the line.
    this.index = new SegmentIndex([points]);
  }

  /** The nearest point of the line, if it lies within maxM. */
  locate(p: XY, maxM: number): Located | undefined {
    const hit = this.index.nearest(p, maxM);
    if (!hit) return undefined;
    const a = this.points[hit.segment] as XY;
    const b = this.points[hit.segment + 1] as XY;
    const length = distanceM(a, b);
    const t = length === 0 ? 0 : Math.min(1, distanceM(a, hit.point) / length);
    return { position: hit.segment + t, point: this.round(hit.point), distanceM: hit.distanceM };
  }

  /** The line from one located point to another, in that direction, both ends included. */
  between(from: Located, to: Located): XY[] {
    const forward = from.position <= to.position;
    const [lo, hi] = forward ? [from, to] : [to, from];
    const inner: XY[] = [];
    for (let k = Math.floor(lo.position) + 1; k < hi.position; k++) inner.push(this.points[k] as XY);
    const path = dedupe([lo.point, ...inner, hi.point]);
    return forward ? path : path.reverse();
  }
}

/** One stretch of a ring that now runs along the reference line. */
export interface SnappedRun {
  /** Index of the ring in the input. */
  ring: number;
  from: Located;
  to: Located;
}

/**
 * Snaps closed rings onto the line. `isOuter` tells a vertex of the outer boundary (on one ring
 * only) from one that neighbours share. Returns the new closed rings and the stretches snapped.
 */
export function snapRings(
  rings: XY[][],
  line: ReferenceLine,
  toleranceM: number,
  isOuter: (p: XY) => boolean,
): { rings: XY[][]; runs: SnappedRun[] } {
  // Shared vertices are projected once, so neighbours get the very same point.
  const cache = new Map<string, Located | null>();
  const locate = (p: XY) => {
    const key = keyOf(p);
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = line.locate(p, toleranceM) ?? null;
      cache.set(key, hit);
    }
    return hit;
  };
  const runs: SnappedRun[] = [];
  const snapped = rings.map((closed, r) => {
    const ring = closed.slice(0, -1);
    const hits = ring.map(locate);
    const flags = hits.map((h) => h !== null);
    if (flags.every(Boolean)) throw new Error('a whole ring lies within the snapping tolerance');
    const facing = cyclicRuns(flags).filter((run) => run.count >= 2 && runVertices(ring, run).some(isOuter));
    if (facing.length === 0) return closed;
    const startOf = new Map<number, Run>(facing.map((run) => [run.start, run]));
    // Walk from just after an unflagged vertex, so no run is split by the ring's seam.
    const seam = flags.indexOf(false);
    const out: XY[] = [];
    for (let k = 1; k <= ring.length; ) {
      const i = (seam + k) % ring.length;
      const run = startOf.get(i);
      if (!run) {
        out.push(ring[i] as XY);
        k++;
        continue;
      }
      const from = hits[run.start] as Located;
      const to = hits[(run.start + run.count - 1) % ring.length] as Located;
      out.push(...line.between(from, to));
      runs.push({ ring: r, from, to });
      k += run.count;
    }
    const open = dedupe(out);
    const [first, last] = [open[0] as XY, open.at(-1) as XY];
    if (keyOf(first) === keyOf(last)) open.pop();
    return [...open, first];
  });
  return { rings: snapped, runs };
}
