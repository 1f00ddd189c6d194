import { isRecord } from './api.ts';

/**
 * The GeoJSON collections the map draws from the API. The routes send GeoJSON that SQL serialised
 * (the client sees an untyped body), so these readers narrow what they need and skip anything
 * malformed, like counties.ts does for the admin areas.
 */

/** An organisation seat from `GET /api/orgs`. */
export interface OrgPoint {
  id: number;
  name: string;
  kind: string;
  category: string;
  parentId: number | null;
  countyCode: string | null;
  star: number | null;
  standardised: boolean;
  /** [longitude, latitude]. */
  position: [number, number];
}

/** A joint-building point (党建联建共建点) from `GET /api/joint-points`. */
export interface JointPoint {
  id: number;
  name: string;
  countyCode: string | null;
  partners: { kind: string; name: string }[];
  position: [number, number];
}

function pointOf(feature: Record<string, unknown>): [number, number] | null {
  const g = feature.geometry;
  if (!isRecord(g) || g.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
  const [lon, lat] = g.coordinates as unknown[];
  return typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : null;
}

/** Each feature's properties and point, for features that have both. */
function* pointFeatures(body: unknown): Generator<{ props: Record<string, unknown>; position: [number, number] }> {
  if (!isRecord(body) || !Array.isArray(body.features)) return;
  for (const feature of body.features) {
    if (!isRecord(feature) || !isRecord(feature.properties)) continue;
    const position = pointOf(feature);
    if (position) yield { props: feature.properties, position };
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The organisations in a `GET /api/orgs` body. */
export function orgPointsFrom(body: unknown): OrgPoint[] {
  const out: OrgPoint[] = [];
  for (const { props: p, position } of pointFeatures(body)) {
    const id = num(p.id);
    const name = str(p.name);
    const kind = str(p.kind);
    if (id === null || name === null || kind === null) continue;
    out.push({
      id,
      name,
      kind,
      category: str(p.category) ?? '',
      parentId: num(p.parentId),
      countyCode: str(p.countyCode),
      star: num(p.star),
      standardised: p.standardised === true,
      position,
    });
  }
  return out;
}

/** The joint points in a `GET /api/joint-points` body. */
export function jointPointsFrom(body: unknown): JointPoint[] {
  const out: JointPoint[] = [];
  for (const { props: p, position } of pointFeatures(body)) {
    const id = num(p.id);
    const name = str(p.name);
    if (id === null || name === null) continue;
    const partners = Array.isArray(p.partners)
      ? p.partners.flatMap((x) => {
          const kind = isRecord(x) ? str(x.kind) : null;
          const partnerName = isRecord(x) ? str(x.name) : null;
          return kind && partnerName ? [{ kind, name: partnerName }] : [];
        })
      : [];
    out.push({ id, name, countyCode: str(p.countyCode), partners, position });
  }
  return out;
}
