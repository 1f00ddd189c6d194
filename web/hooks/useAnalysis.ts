import type { InferResponseType } from 'hono/client';
import type { ORG_FACETS } from '../../api/analysis/data.ts';
import { type OrgRow, orgRows, type RankingRow, rankingRows } from '../lib/analysis.ts';
import { api, unwrap } from '../lib/api.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

// The analysis routes' validators return the parsed query, and Hono types the client's input by
// it: `org` is a number here, which hc writes into the query string as text all the same.

/** `GET /api/analysis/org-system`: a subtree's organisations by kind, category, county, star, standardisation, term. */
export type OrgSystem = InferResponseType<(typeof api.analysis)['org-system']['$get'], 200>;
/** `GET /api/analysis/member-team`: the member structure and 12 months of admissions and 转正. */
export type MemberTeam = InferResponseType<(typeof api.analysis)['member-team']['$get'], 200>;
/** A facet of the org-system analysis, each drillable to its organisations. */
export type OrgFacet = (typeof ORG_FACETS)[number];

/** What an org-system drill-down lists: the organisations of one facet's key (`all` for every one). */
export interface OrgDrillTarget {
  facet: OrgFacet;
  key: string;
  /** Heading of the list, e.g. "组织类型 · 党支部". */
  label: string;
}

/** Rows per page of the organisations behind a figure. */
export const ORG_DRILL_PAGE_SIZE = 20;

/** The org-system analysis of a subtree. */
export function useOrgSystem(org: number): AsyncResult<OrgSystem> {
  return useAsync((signal) => unwrap(api.analysis['org-system'].$get({ query: { org } }, { init: { signal } })), [org]);
}

/** The member-team analysis of a subtree. */
export function useMemberTeam(org: number): AsyncResult<MemberTeam> {
  return useAsync(
    (signal) => unwrap(api.analysis['member-team'].$get({ query: { org } }, { init: { signal } })),
    [org],
  );
}

/** One page of the organisations behind an org-system figure. */
export function useOrgDrill(
  org: number,
  target: OrgDrillTarget,
  page: number,
): AsyncResult<{ total: number; pageSize: number; rows: OrgRow[] }> {
  const { facet, key } = target;
  return useAsync(
    async (signal) => {
      const query = { org, facet, key, page: String(page), pageSize: String(ORG_DRILL_PAGE_SIZE) };
      const body = await unwrap(api.analysis['org-system'].orgs.$get({ query }, { init: { signal } }));
      return { total: body.total, pageSize: body.pageSize, rows: orgRows(body.items) };
    },
    [org, facet, key, page],
  );
}

/** The 组织力 ranking of a subtree from the latest nightly snapshot, best first. */
export function useRanking(org: number, limit = 50): AsyncResult<RankingRow[]> {
  return useAsync(
    async (signal) => {
      const query = { org, limit: String(limit) };
      return rankingRows((await unwrap(api.indices.ranking.$get({ query }, { init: { signal } }))).items);
    },
    [org, limit],
  );
}

/** Where an analysis downloads as a workbook (a plain link: the browser saves it with the server's name). */
export function exportHref(which: 'org-system' | 'member-team', org: number): string {
  return `/api/analysis/${which}.xlsx?org=${org}`;
}
