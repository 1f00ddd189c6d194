import { api, ensureOk } from '../lib/api.ts';
import { type County, countiesFromAdminAreas } from '../lib/counties.ts';
import { outlineFeatures } from '../lib/outlines.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/**
 * The prefecture's counties, ordered by code, from `GET /api/admin-areas/outlines`: the simplified
 * outlines (about 35 KB of TopoJSON) rather than the full shapes of `GET /api/admin-areas`.
 */
export function useCounties(): AsyncResult<County[]> {
  return useAsync(async (signal) => {
    // The route sends the committed file as it is (an untyped body), so it is decoded and narrowed here.
    const res = await ensureOk(api['admin-areas'].outlines.$get(undefined, { init: { signal } }));
    return countiesFromAdminAreas(outlineFeatures(await res.json()));
  }, []);
}
