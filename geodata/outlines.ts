/**
 * Simplified outlines of the counties and the prefecture, for clients that need the shapes but
 * not their full detail (the county filter: `GET /api/admin-areas/outlines`). A TopoJSON topology
 * (topojson-server) stores each shared boundary once as an arc; topojson-simplify thins every arc
 * once (Visvalingam: a vertex goes when the triangle it spans with its neighbours is small), so
 * neighbouring counties still meet, and the prefecture's outline is the counties' outer arcs.
 * The border section is kept whole, so that the outlines' border is the border layer's line.
 */
import type { Feature, FeatureCollection, GeoJsonProperties, MultiPolygon, Polygon } from 'geojson';
import { quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';
import type { GeometryCollection, Objects, Topology } from 'topojson-specification';
import { EARTH_RADIUS_M, keyOf, type XY } from './geometry.ts';

/** Name of the one object in the topology. */
export const OUTLINES_OBJECT = 'admin_areas';

/**
 * Vertices spanning a smaller triangle than this with their neighbours are dropped: 0.3 km², e.g. a
 * vertex 600 m off a 1 km chord, about a pixel at z 8, where the prefecture fills the screen.
 */
export const OUTLINE_MIN_TRIANGLE_M2 = 300_000;

/** Grid of the quantised coordinates: 100,000 steps across the prefecture's extent (about 2.5 m). */
export const OUTLINE_QUANTIZATION = 100_000;

/** The simplified, quantised topology of the admin features; vertices in `pinned` are kept. */
export function buildOutlines(features: Feature<Polygon | MultiPolygon>[], pinned: ReadonlySet<string>): Topology {
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  const full = topology({ [OUTLINES_OBJECT]: collection }) as Topology<Objects>;
  const weighted = presimplify(full, sphericalTriangleArea);
  for (const arc of weighted.arcs) {
    for (const point of arc) {
      if (pinned.has(keyOf([point[0], point[1]] as XY))) point[2] = Number.POSITIVE_INFINITY;
    }
  }
  // Spherical excess is in steradians: scale the area threshold by the sphere's radius.
  const simple = simplify(weighted, OUTLINE_MIN_TRIANGLE_M2 / EARTH_RADIUS_M ** 2);
  return quantize(simple, OUTLINE_QUANTIZATION);
}

/** The topology's one geometry collection (for readers). */
export function outlineCollection(topo: Topology): GeometryCollection<GeoJsonProperties> {
  const object = topo.objects[OUTLINES_OBJECT];
  if (object?.type !== 'GeometryCollection') throw new Error(`no ${OUTLINES_OBJECT} in the topology`);
  return object;
}
