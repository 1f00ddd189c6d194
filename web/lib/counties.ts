import { isRecord } from './api.ts';

/** A county (县/市) of the prefecture, for the county filter. */
export interface County {
  /** GB/T 2260 code, six digits (e.g. '532624'). */
  code: string;
  name: string;
}

/**
 * The counties in `GET /api/admin-areas`, ordered by code. The route sends GeoJSON that SQL
 * serialised, so the client sees an untyped body; this reads only what it needs and skips
 * anything malformed (and the prefecture itself).
 */
export function countiesFromAdminAreas(body: unknown): County[] {
  if (!isRecord(body) || !Array.isArray(body.features)) return [];
  const counties: County[] = [];
  for (const feature of body.features) {
    const props = isRecord(feature) ? feature.properties : undefined;
    if (!isRecord(props) || props.level !== 'county') continue;
    const { code, name } = props;
    if (typeof code === 'string' && /^\d{6}$/.test(code) && typeof name === 'string') counties.push({ code, name });
  }
  return counties.sort((a, b) => a.code.localeCompare(b.code));
}
