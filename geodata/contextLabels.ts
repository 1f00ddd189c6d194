import { area, bboxClip, booleanPointInPolygon, centroid, pointOnFeature, polygon } from '@turf/turf';
import type { BBox, Feature, FeatureCollection, Point, Polygon, Position } from 'geojson';

/** A label point of the base-map context: one per country, province or prefecture. */
export type ContextLabels = FeatureCollection<Point, { name: string; kind: string; a3: string | null }>;

/**
 * Where context areas are labelled: a box around Wenshan (the map's default centre, 104.8° E
 * 23.5° N), wide enough for its neighbours.
 */
export const CONTEXT_LABEL_REGION: BBox = [99.8, 20.3, 109.8, 26.7];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One label point per context area, inside the part of it near the region we map. MapLibre would
 * label a GeoJSON polygon once per tile it crosses, so a country showed its name many times;
 * and the centre of all China is far off this map, so countries are clipped to `region` first.
 * The tile server computes them once from `geodata/context.geojson` and serves them beside it
 * (`/tiles/context-labels.geojson`), so a browser neither downloads the outlines twice nor
 * clips them on its main thread while the map loads.
 */
export function contextLabelPoints(body: unknown, region: BBox): ContextLabels {
  const features: ContextLabels['features'] = [];
  if (!isRecord(body) || !Array.isArray(body.features)) return { type: 'FeatureCollection', features };
  for (const f of body.features) {
    if (!isRecord(f) || !isRecord(f.properties) || !isRecord(f.geometry)) continue;
    const { name, kind } = f.properties;
    const a3 = typeof f.properties.a3 === 'string' ? f.properties.a3 : null;
    if (typeof name !== 'string' || typeof kind !== 'string') continue;
    const g = f.geometry as { type?: unknown; coordinates?: unknown };
    const parts =
      g.type === 'Polygon'
        ? [g.coordinates as Position[][]]
        : g.type === 'MultiPolygon'
          ? (g.coordinates as Position[][][])
          : [];
    const at = labelPoint(parts, region);
    if (at)
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { name, kind, a3 } });
  }
  return { type: 'FeatureCollection', features };
}

/** The centroid of the largest clipped part, or a point surely on it when the centroid falls outside. */
function labelPoint(parts: Position[][][], region: BBox): Position | null {
  let best: Feature<Polygon> | null = null;
  let bestArea = 0;
  for (const rings of parts) {
    try {
      const clipped = bboxClip(polygon(rings), region) as Feature<Polygon>;
      const outer = clipped.geometry.coordinates[0];
      if (!outer || outer.length < 4) continue;
      const a = area(clipped);
      if (a > bestArea) {
        best = clipped;
        bestArea = a;
      }
    } catch {
      // A degenerate ring (fewer than four positions after clipping): nothing to label.
    }
  }
  if (!best) return null;
  const c = centroid(best);
  return booleanPointInPolygon(c, best) ? c.geometry.coordinates : pointOnFeature(best).geometry.coordinates;
}
