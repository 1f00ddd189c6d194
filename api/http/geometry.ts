import { z } from 'zod';
import { ApiError } from './errors.ts';

/**
 * Longitude/latitude in WGS84 degrees. An altitude (third number, as GPS and KML tools write) is
 * accepted and dropped here, so every geometry reaches SQL in 2D: the one rule for all inputs.
 */
const position = z
  .array(z.number().finite())
  .min(2, 'a position needs longitude and latitude')
  .max(3, 'a position has at most three numbers (longitude, latitude, altitude)')
  .refine(([lon = 0, lat = 0]) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, {
    message: 'position is outside -180..180 / -90..90',
  })
  .transform(([lon = 0, lat = 0]): [number, number] => [lon, lat]);

/** A closed ring of at least four positions (RFC 7946 §3.1.6). */
const linearRing = z
  .array(position)
  .min(4, 'a ring needs at least four positions')
  .refine((ring) => {
    const first = ring[0];
    const last = ring[ring.length - 1];
    return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  }, 'a ring must end where it starts');

const polygonCoords = z.array(linearRing).min(1, 'a polygon needs an outer ring').max(1000);

/** Polygon or MultiPolygon geometry; topology (self-intersection etc.) is checked by PostGIS. */
export const polygonGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygonCoords }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoords).min(1).max(1000) }),
]);

/** A GeoJSON Feature with a (Multi)Polygon geometry and the given properties. */
export function polygonFeature<P extends z.ZodType>(properties: P) {
  return z.object({
    type: z.literal('Feature'),
    geometry: polygonGeometry,
    properties,
  });
}

/**
 * Most positions a drawn or imported polygon may have. Real zones have a few hundred; the
 * embedded engine cannot interrupt a statement (no statement_timeout in WebAssembly), so one
 * huge polygon would stall every caller while PostGIS validates it.
 */
export const MAX_VERTICES = 10_000;

/** Throws 413 `too_many_vertices` when a (Multi)Polygon has more than `max` positions. */
export function checkVertexCount(geometry: z.infer<typeof polygonGeometry>, max = MAX_VERTICES): void {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let n = 0;
  for (const rings of polygons) for (const ring of rings) n += ring.length;
  if (n > max) {
    throw new ApiError(413, 'too_many_vertices', `geometry has ${n} positions; at most ${max} are accepted`);
  }
}
