import { Hono } from 'hono';
import { readers } from '../auth/middleware.ts';
import { scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';

const STATS = loadSql(import.meta.url, 'stats.sql');

interface StatsRow {
  orgTotal: number;
  orgsByKind: Record<string, number>;
  members: number;
  onlineMembers: number;
  jointPoints: number;
  zones: number;
  sites: number;
  borderKm: number;
  counties: number;
  asOf: Date;
}

/** Headline counts within the caller's scope (the big screen's numbers). */
export function statsRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>().use(readers).get('/', async (c) => {
    const { rows } = await scopedQuery<StatsRow>(pool, c.get('caller'), STATS);
    const { orgTotal, orgsByKind, asOf, ...rest } = rows[0] as StatsRow;
    return c.json({ orgs: { total: orgTotal, byKind: orgsByKind }, ...rest, asOf: asOf.toISOString() });
  });
}
