import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { isRecord } from './api.ts';

/** The one object of the outlines topology (geodata/outlines.ts names it). */
const OBJECT = 'admin_areas';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The admin areas of `GET /api/admin-areas/outlines` (a TopoJSON topology of the simplified
 * county and prefecture outlines) as GeoJSON features; an empty collection if the body is not
 * such a topology. Shared arcs decode to the same coordinates, so neighbours still meet.
 */
export function outlineFeatures(body: unknown): FeatureCollection {
  if (!isRecord(body) || body.type !== 'Topology' || !Array.isArray(body.arcs) || !isRecord(body.objects)) return EMPTY;
  const object = body.objects[OBJECT];
  if (!isRecord(object) || object.type !== 'GeometryCollection' || !Array.isArray(object.geometries)) return EMPTY;
  return feature(body as unknown as Topology, object as unknown as GeometryCollection);
}
