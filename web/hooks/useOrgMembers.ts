import { useState } from 'react';
import type { OrgMemberRow as OrgMemberRowFromServer } from '../../api/orgs/routes.ts';
import { api, unwrap } from '../lib/api.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** One row of `GET /api/orgs/:id/members`, typed from the server's route. */
export type OrgMemberRow = OrgMemberRowFromServer;

/** One page of members of an organisation and everything below it. */
export interface OrgMembersPage {
  orgId: number;
  page: number;
  pageSize: number;
  total: number;
  items: OrgMemberRow[];
}

/** Rows per page in the drawer's member list. */
export const ORG_MEMBERS_PAGE_SIZE = 20;

/**
 * A page (from 1) of `GET /api/orgs/:id/members`, or `null` while no organisation is open.
 * `shown` is the page to display: the loaded one, or while the next page loads the previous page
 * of the same organisation, so the list and its pager stay put (and keep focus) between pages.
 */
export function useOrgMembers(
  orgId: number | null,
  page: number,
): AsyncResult<OrgMembersPage | null> & { shown: OrgMembersPage | null } {
  const result = useAsync(
    async (signal): Promise<OrgMembersPage | null> => {
      if (orgId === null) return null;
      const body = await unwrap(
        api.orgs[':id'].members.$get(
          { param: { id: String(orgId) }, query: { page: String(page), pageSize: String(ORG_MEMBERS_PAGE_SIZE) } },
          { init: { signal } },
        ),
      );
      return { ...body, orgId };
    },
    [orgId, page],
  );

  // Remember the last page loaded (adjusted during render, React's pattern for derived state).
  const [last, setLast] = useState<OrgMembersPage | null>(null);
  if (result.status === 'success' && result.data !== last) setLast(result.data);
  const current = result.status === 'success' ? result.data : last;
  const shown = current && current.orgId === orgId ? current : null;
  return { ...result, shown };
}
