import { api, unwrap } from '../lib/api.ts';
import type { OrgDetail } from '../lib/orgs.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** One organisation (`GET /api/orgs/:id`), or `null` while nothing is selected. */
export function useOrgDetail(id: number | null): AsyncResult<OrgDetail | null> {
  return useAsync(
    async (signal) => {
      if (id === null) return null;
      return unwrap(api.orgs[':id'].$get({ param: { id: String(id) } }, { init: { signal } }));
    },
    [id],
  );
}
