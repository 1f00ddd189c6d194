import { api, ensureOk } from '../lib/api.ts';
import { type County, countiesFromAdminAreas } from '../lib/counties.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** The prefecture's counties from `GET /api/admin-areas` (public geography), ordered by code. */
export function useCounties(): AsyncResult<County[]> {
  return useAsync(async (signal) => {
    // The route answers raw GeoJSON text (typed as a string body), so it is parsed and narrowed here.
    const res = await ensureOk(api['admin-areas'].$get(undefined, { init: { signal } }));
    return countiesFromAdminAreas(await res.json());
  }, []);
}
