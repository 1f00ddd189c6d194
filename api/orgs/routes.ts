import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { readers } from '../auth/middleware.ts';
import { scopedQuery, seesIdNumber, seesPhone } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import { scopedCollection, scopedItem } from '../http/collection.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { idParam, pageQuery, parse } from '../http/validate.ts';
import type { MemberRow } from '../members/routes.ts';

const COLLECTION = loadSql(import.meta.url, 'collection.sql');
const TREE = loadSql(import.meta.url, 'tree.sql');
const GET = loadSql(import.meta.url, 'get.sql');
const MEMBERS = loadSql(import.meta.url, 'members.sql');
const EXISTS = loadSql(import.meta.url, 'exists.sql');

interface TreeRow {
  id: number;
  parentId: number | null;
  name: string;
  kind: string;
  category: string;
  countyCode: string | null;
  star: number | null;
  depth: number;
  /** Party members (正式 + 预备) directly in the organisation. */
  memberCount: number;
}
/** One organisation as `get.sql` returns it. */
export interface OrgDetail {
  id: number;
  name: string;
  kind: string;
  category: string;
  parentId: number | null;
  parentName: string | null;
  countyCode: string | null;
  countyName: string | null;
  star: number | null;
  standardised: boolean;
  established: string | null;
  termStart: string | null;
  termEnd: string | null;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  /** Party members (正式 + 预备) directly in the organisation. */
  memberCount: number;
  /** Party members in it and below. */
  subtreeMemberCount: number;
  /** Everyone on the roll in it and below (candidates and activists too): the member list's length. */
  subtreeRollCount: number;
  childCount: number;
  zoneCount: number;
  jointPointCount: number;
  isDemo: boolean;
}
export interface OrgNode extends TreeRow {
  children: OrgNode[];
}

/** Nests rows ordered parents-first; the first row is the caller's own organisation. */
export function nest(rows: TreeRow[]): OrgNode | null {
  const byId = new Map<number, OrgNode>();
  let root: OrgNode | null = null;
  for (const row of rows) {
    const node: OrgNode = { ...row, children: [] };
    byId.set(row.id, node);
    const parent = row.parentId === null ? undefined : byId.get(row.parentId);
    if (parent) parent.children.push(node);
    else root ??= node;
  }
  return root;
}

/** One member in an org's paged list (`members.sql`). */
export type OrgMemberRow = MemberRow;

/** Organisations: GeoJSON collection, tree, one org, and the members of its subtree. */
export function orgRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(readers)
    .get('/', scopedCollection(pool, COLLECTION))
    .get('/tree', async (c) => {
      const { rows } = await scopedQuery<TreeRow>(pool, c.get('caller'), TREE);
      return c.json(nest(rows));
    })
    .get('/:id', scopedItem<OrgDetail>(pool, GET, 'org'))
    .get(
      '/:id/members',
      validator('query', (q) => parse(pageQuery, q, 'query')),
      async (c) => {
        const id = parse(idParam, c.req.param('id'), 'org id');
        const { page, pageSize } = c.req.valid('query');
        const caller = c.get('caller');
        const { rows: org } = await scopedQuery(pool, caller, EXISTS, [id]);
        if (!org[0]) throw notFound('org');
        const { rows } = await scopedQuery<OrgMemberRow & { total: number }>(pool, caller, MEMBERS, [
          id,
          pageSize,
          (page - 1) * pageSize,
          seesPhone(caller),
          seesIdNumber(caller),
        ]);
        const total = rows[0]?.total ?? 0;
        return c.json({ page, pageSize, total, items: rows.map(({ total: _t, ...m }) => m) });
      },
    );
}
