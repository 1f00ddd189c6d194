import { Hono } from 'hono';
import { validator } from 'hono/validator';
import type pg from 'pg';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type Caller, scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { idParam, parse } from '../http/validate.ts';
import { asOfParam } from '../portraits/query.ts';
import { drillOrgs, memberTeam, ORG_FACETS, orgSystem } from './data.ts';
import { memberTeamWorkbook, orgSystemWorkbook } from './export.ts';
import { ORGANISATION_ITEMS, VANGUARD_ITEMS } from './indices.config.ts';
import { refreshIndices } from './indices.ts';

const ORG_EXISTS = loadSql(import.meta.url, '../orgs/exists.sql');
const RANKING = loadSql(import.meta.url, 'ranking.sql');

const analysisQuery = z.object({ org: idParam.optional(), asOf: asOfParam.optional() });
const orgDrillQuery = analysisQuery.extend({
  facet: z.enum(ORG_FACETS).default('all'),
  key: z.string().max(40).default(''),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const rankingQuery = z.object({ org: idParam.optional(), limit: z.coerce.number().int().min(1).max(1000).default(50) });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `org` of the query (default: the caller's own organisation), or 404 outside the caller's scope. */
async function subtree(pool: pg.Pool, caller: Caller, org: number | undefined): Promise<number> {
  const id = org ?? caller.orgId;
  const { rows } = await scopedQuery(pool, caller, ORG_EXISTS, [id]);
  if (!rows[0]) throw notFound('org');
  return id;
}

/** An .xlsx download named in Chinese (RFC 6266 `filename*`), with an ASCII name for old clients. */
const download = (body: Buffer, ascii: string, chinese: string) =>
  new Response(new Uint8Array(body), {
    headers: {
      'content-type': XLSX,
      'content-disposition': `attachment; filename="${ascii}.xlsx"; filename*=UTF-8''${encodeURIComponent(chinese)}.xlsx`,
    },
  });

/** 组织体系 and 党员队伍 analyses of any subtree in scope, their drill-downs and Excel exports. */
export function analysisRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireRole('admin', 'leader', 'secretary'))
    .get(
      '/org-system',
      validator('query', (q) => parse(analysisQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const q = c.req.valid('query');
        const id = await subtree(pool, caller, q.org);
        return c.json({ orgId: id, ...(await orgSystem(pool, caller, id, q.asOf ?? new Date())) });
      },
    )
    .get(
      '/org-system/orgs',
      validator('query', (q) => parse(orgDrillQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const q = c.req.valid('query');
        const id = await subtree(pool, caller, q.org);
        return c.json(await drillOrgs(pool, caller, id, { ...q, asOf: q.asOf ?? new Date() }));
      },
    )
    .get(
      '/member-team',
      validator('query', (q) => parse(analysisQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const q = c.req.valid('query');
        const id = await subtree(pool, caller, q.org);
        return c.json({ orgId: id, ...(await memberTeam(pool, caller, id, q.asOf ?? new Date())) });
      },
    )
    .get(
      '/org-system.xlsx',
      validator('query', (q) => parse(analysisQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const q = c.req.valid('query');
        const id = await subtree(pool, caller, q.org);
        const analysis = await orgSystem(pool, caller, id, q.asOf ?? new Date());
        const { rows } = await pool.query<{ code: string; name: string }>('SELECT code, name FROM admin_area');
        const book = await orgSystemWorkbook(analysis, new Map(rows.map((r) => [r.code, r.name])));
        return download(book, `org-system-${analysis.day}`, `组织体系综合分析-${analysis.day}`);
      },
    )
    .get(
      '/member-team.xlsx',
      validator('query', (q) => parse(analysisQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const q = c.req.valid('query');
        const id = await subtree(pool, caller, q.org);
        const analysis = await memberTeam(pool, caller, id, q.asOf ?? new Date());
        return download(
          await memberTeamWorkbook(analysis),
          `member-team-${analysis.day}`,
          `党员队伍综合分析-${analysis.day}`,
        );
      },
    );
}

/** The indices: their definition (items, weights, formulas), the ranking, and a refresh on demand. */
export function indexRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireRole('admin', 'leader', 'secretary'))
    .get('/definition', (c) => c.json({ organisation: ORGANISATION_ITEMS, vanguard: VANGUARD_ITEMS }))
    .get(
      '/ranking',
      validator('query', (q) => parse(rankingQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const q = c.req.valid('query');
        const id = await subtree(pool, caller, q.org);
        const { rows } = await scopedQuery(pool, caller, RANKING, [id, q.limit]);
        return c.json({ orgId: id, items: rows });
      },
    )
    .post('/refresh', requireRole('admin', 'leader'), async (c) => {
      const result = await refreshIndices(pool);
      return c.json(result ?? { skipped: true });
    });
}
