import type pg from 'pg';
import { type Caller, scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import { type Count, shapeStructure } from '../portraits/data.ts';
import { shanghaiDay } from '../portraits/query.ts';

const ORG_SYSTEM = loadSql(import.meta.url, 'org-system.sql');
const ORG_LIST = loadSql(import.meta.url, 'org-list.sql');
const TRENDS = loadSql(import.meta.url, 'trends.sql');
const STRUCTURE = loadSql(import.meta.url, '../portraits/structure.sql');

type Db = Pick<pg.Pool, 'query'>;

/** Facets of the org-system analysis, each drillable to its organisations (org-list.sql). */
export const ORG_FACETS = ['all', 'kind', 'category', 'county', 'star', 'standardised', 'term'] as const;

const ORDER: Record<string, string[]> = {
  kind: ['committee', 'general_branch', 'branch', 'temporary_branch', 'joint_branch'],
  star: ['5', '4', '3', '2', '1', 'none'],
  standardised: ['yes', 'no'],
  term: ['ok', 'due', 'overdue', 'unknown'],
};

const dayOf = (asOf: Date) => shanghaiDay(new Date(asOf.getTime() - 1));

/** 组织体系综合分析 of a subtree: organisations by kind, category, county, star, standardisation, term. */
export async function orgSystem(db: Db, caller: Caller, id: number, asOf: Date) {
  const day = dayOf(asOf);
  const { rows } = await scopedQuery<{ facet: string; key: string; count: number }>(db, caller, ORG_SYSTEM, [id, day]);
  const facet = (name: string): Count[] => {
    const found = rows.filter((r) => r.facet === name).map((r) => ({ key: r.key, count: r.count }));
    const order = ORDER[name];
    if (!order) return found.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const by = new Map(found.map((c) => [c.key, c.count]));
    return order.map((key) => ({ key, count: by.get(key) ?? 0 }));
  };
  const byStandardised = facet('standardised');
  const total = byStandardised.reduce((s, c) => s + c.count, 0);
  const standardised = byStandardised.find((c) => c.key === 'yes')?.count ?? 0;
  return {
    asOf: asOf.toISOString(),
    day,
    total,
    byKind: facet('kind'),
    byCategory: facet('category'),
    byCounty: facet('county'),
    byStar: facet('star'),
    byStandardised,
    standardisedRate: total ? Math.round((standardised / total) * 1000) / 1000 : null,
    byTerm: facet('term'),
  };
}

/** The organisations behind one org-system figure, paged. */
export async function drillOrgs(
  db: Db,
  caller: Caller,
  id: number,
  opts: { asOf: Date; facet: string; key: string; page: number; pageSize: number },
) {
  const { rows } = await scopedQuery<Record<string, unknown> & { total: number }>(db, caller, ORG_LIST, [
    id,
    dayOf(opts.asOf),
    opts.facet,
    opts.key,
    opts.pageSize,
    (opts.page - 1) * opts.pageSize,
  ]);
  return {
    page: opts.page,
    pageSize: opts.pageSize,
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _t, ...o }) => o),
  };
}

/** 党员队伍综合分析 of a subtree: the member structure and 12 months of admissions and 转正. */
export async function memberTeam(db: Db, caller: Caller, id: number, asOf: Date) {
  const day = dayOf(asOf);
  const structure = shapeStructure((await scopedQuery(db, caller, STRUCTURE, [id, day])).rows as never);
  const trends = (
    await scopedQuery<{ month: string; admitted: number; becameFull: number }>(db, caller, TRENDS, [id, day])
  ).rows;
  return { asOf: asOf.toISOString(), day, structure, trends };
}
