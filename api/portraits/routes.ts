import { Hono } from 'hono';
import { validator } from 'hono/validator';
import type pg from 'pg';
import { readers, requireRole } from '../auth/middleware.ts';
import { type Caller, scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { idParam, parse } from '../http/validate.ts';
import { drillEvents, drillLifeOrgs, drillMembers, memberPortrait, orgPortrait } from './data.ts';
import { drillEventsQuery, drillMembersQuery, lifeOrgsQuery, portraitQuery } from './query.ts';

const ORG_EXISTS = loadSql(import.meta.url, '../orgs/exists.sql');

/** Portraits of organisations are for leaders, and for secretaries within their own subtree. */
const orgReaders = requireRole('admin', 'leader', 'secretary');

/** The org id of the path, or 404 when it does not exist or lies outside the caller's scope. */
async function visibleOrg(pool: pg.Pool, caller: Caller, raw: string | undefined): Promise<number> {
  const id = parse(idParam, raw, 'org id');
  const { rows } = await scopedQuery(pool, caller, ORG_EXISTS, [id]);
  if (!rows[0]) throw notFound('org');
  return id;
}

/**
 * 支部画像 under `/api/orgs/:id/portrait`, and the drill-down lists behind its figures: every
 * number on the page opens the members or events it counts, with the same scope and masking.
 */
export function orgPortraitRoutes({ pool }: AppDeps) {
  // The role check sits on each route: a `.use()` here would apply to every `/orgs/*` route.
  return new Hono<AppEnv>()
    .get(
      '/:id/portrait',
      orgReaders,
      validator('query', (q) => parse(portraitQuery, q, 'query')),
      async (c) => {
        const id = parse(idParam, c.req.param('id'), 'org id');
        const portrait = await orgPortrait(pool, c.get('caller'), id, c.req.valid('query').asOf ?? new Date());
        if (!portrait) throw notFound('org');
        return c.json(portrait);
      },
    )
    .get(
      '/:id/portrait/members',
      orgReaders,
      validator('query', (q) => parse(drillMembersQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const id = await visibleOrg(pool, caller, c.req.param('id'));
        const q = c.req.valid('query');
        return c.json(await drillMembers(pool, caller, id, { ...q, asOf: q.asOf ?? new Date() }));
      },
    )
    .get(
      '/:id/portrait/events',
      orgReaders,
      validator('query', (q) => parse(drillEventsQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const id = await visibleOrg(pool, caller, c.req.param('id'));
        const q = c.req.valid('query');
        return c.json(await drillEvents(pool, caller, id, { ...q, asOf: q.asOf ?? new Date() }));
      },
    )
    .get(
      '/:id/portrait/life',
      orgReaders,
      validator('query', (q) => parse(lifeOrgsQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const id = await visibleOrg(pool, caller, c.req.param('id'));
        const q = c.req.valid('query');
        return c.json({ kind: q.kind, items: await drillLifeOrgs(pool, caller, id, q.asOf ?? new Date(), q.kind) });
      },
    );
}

/** 党员画像 under `/api/members/:id/portrait`; every read is written to the audit log. */
export function memberPortraitRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>().use(readers).get(
    '/:id/portrait',
    validator('query', (q) => parse(portraitQuery, q, 'query')),
    async (c) => {
      const id = parse(idParam, c.req.param('id'), 'member id');
      const caller = c.get('caller');
      const portrait = await memberPortrait(pool, caller, id, c.req.valid('query').asOf ?? new Date());
      if (!portrait) throw notFound('member');
      await pool.query(
        `INSERT INTO audit_log (user_id, action, subject_kind, subject_id, detail) VALUES ($1, 'read', 'member', $2, '{"view":"portrait"}')`,
        [caller.userId, id],
      );
      return c.json(portrait);
    },
  );
}
