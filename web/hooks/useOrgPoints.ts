import { api, ensureOk } from '../lib/api.ts';
import { type OrgPoint, orgPointsFrom } from '../lib/features.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** The organisation seats in the caller's scope (`GET /api/orgs`), for the map and for flying to an org. */
export function useOrgPoints(): AsyncResult<OrgPoint[]> {
  return useAsync(async (signal) => {
    const res = await ensureOk(api.orgs.$get({ query: {} }, { init: { signal } }));
    return orgPointsFrom(await res.json());
  }, []);
}
