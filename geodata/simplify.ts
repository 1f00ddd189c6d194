/**
 * Douglas–Peucker simplification of a set of polygons that share boundaries, keeping them shared
 * (the context layer of the geodata build).
 */
import { keyOf, type Part, type XY } from './geometry.ts';

/** Squared planar distance (degrees², like turf.simplify) from p to segment ab. */
function segmentDistanceSq(p: XY, a: XY, b: XY): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return (a[0] + t * dx - p[0]) ** 2 + (a[1] + t * dy - p[1]) ** 2;
}

/** Douglas–Peucker with both ends kept (planar in degrees, like turf.simplify's highQuality mode). */
export function douglasPeucker(line: XY[], tolerance: number): XY[] {
  const keep = line.map((_, i) => i === 0 || i === line.length - 1);
  const stack: [number, number][] = [[0, line.length - 1]];
  for (let span = stack.pop(); span; span = stack.pop()) {
    const [first, last] = span;
    let [farthest, maxSq] = [-1, tolerance * tolerance];
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistanceSq(line[i] as XY, line[first] as XY, line[last] as XY);
      if (d > maxSq) [farthest, maxSq] = [i, d];
    }
    if (farthest < 0) continue;
    keep[farthest] = true;
    stack.push([first, farthest], [farthest, last]);
  }
  return line.filter((_, i) => keep[i]);
}

/**
 * Simplifies polygons that share boundaries so that they still share them afterwards (as TopoJSON
 * does): rings are cut into arcs at junctions, vertices whose neighbours differ from one ring to
 * another; each arc is simplified once, in one canonical direction, and the rings are reassembled.
 * Shared edges must have identical vertices, as in the AMap data. Only exterior rings are kept.
 * Vertices in `pinned` (keys from keyOf) are kept, and so is every edge between two of them.
 */
export function simplifyShared(
  shapes: Part[][],
  tolerance: number,
  pinned: ReadonlySet<string> = new Set(),
): { shapes: Part[][]; arcs: number } {
  const key = keyOf;
  const rings = shapes.map((parts) => parts.map(([outer]) => (outer ?? []).slice(0, -1)));
  const neighbours = new Map<string, string>();
  const junctions = new Set<string>();
  for (const ring of rings.flat()) {
    ring.forEach((p, i) => {
      const around = [ring.at(i - 1), ring[(i + 1) % ring.length]].map((q) => key(q as XY)).sort();
      const seen = neighbours.get(key(p));
      if (seen === undefined) neighbours.set(key(p), around.join(' '));
      else if (seen !== around.join(' ')) junctions.add(key(p));
    });
  }
  // A pinned vertex cuts the arcs: a run of pinned vertices is kept as it is.
  for (const p of pinned) junctions.add(p);
  const simplifiedArcs = new Map<string, XY[]>();
  const simplifyArc = (arc: XY[]): XY[] => {
    const forward = arc.map(key).join(' ');
    const backward = arc.map(key).reverse().join(' ');
    // One direction for both neighbours, so that both get the very same vertices.
    const reversed = backward < forward;
    const id = reversed ? backward : forward;
    let simple = simplifiedArcs.get(id);
    if (!simple) {
      simple = douglasPeucker(reversed ? [...arc].reverse() : arc, tolerance);
      simplifiedArcs.set(id, simple);
    }
    return reversed ? [...simple].reverse() : simple;
  };
  const simplifyRing = (ring: XY[]): XY[] => {
    const cuts = ring.flatMap((p, i) => (junctions.has(key(p)) ? [i] : []));
    // A ring that meets no other is one closed arc, cut at its smallest vertex so the cut is stable.
    if (cuts.length === 0) cuts.push(ring.reduce((best, p, i) => (key(p) < key(ring[best] as XY) ? i : best), 0));
    const out: XY[] = [];
    cuts.forEach((from, k) => {
      // The last arc runs round to the first cut, which closes the ring.
      const to = cuts[k + 1] ?? (cuts[0] as number) + ring.length;
      const arc = Array.from({ length: to - from + 1 }, (_, j) => ring[(from + j) % ring.length] as XY);
      out.push(...simplifyArc(arc).slice(k === 0 ? 0 : 1));
    });
    return out;
  };
  return {
    shapes: rings.map((shape) =>
      shape
        .map(simplifyRing)
        .filter((ring) => ring.length >= 4)
        .map((ring) => [ring]),
    ),
    arcs: simplifiedArcs.size,
  };
}
