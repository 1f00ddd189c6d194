import { api, unwrap } from '../lib/api.ts';
import { type OrgNode, toOrgTree } from '../lib/orgs.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** The caller's organisation tree (`GET /api/orgs/tree`); `null` when the scope is empty. */
export function useOrgTree(): AsyncResult<OrgNode | null> {
  return useAsync(async (signal) => toOrgTree(await unwrap(api.orgs.tree.$get(undefined, { init: { signal } }))), []);
}
