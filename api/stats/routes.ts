import { Hono } from 'hono';
import type pg from 'pg';
import { readers } from '../auth/middleware.ts';
import { type Caller, scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';

const STATS = loadSql(import.meta.url, 'stats.sql');
const SCOPE = loadSql(import.meta.url, 'scope.sql');

/** What a scope is: the whole tree, an organisation with others below it, or one organisation. */
export type ScopeKind = 'prefecture' | 'subtree' | 'branch';

/** The caller's scope (`scope.sql`): what every headline figure is counted over. */
export interface Scope {
  orgId: number;
  orgName: string;
  kind: ScopeKind;
  /** A member: people figures about terminals count their own only. */
  self: boolean;
  /** The counties the scope works in (sites, border and the county count are over these). */
  counties: { code: string; name: string }[];
  /** [minLon, minLat, maxLon, maxLat] of the scope's seats and zones; null with neither. */
  bbox: [number, number, number, number] | null;
}

/**
 * Over what each figure is counted: the scope's organisations (`prefecture`, `subtree`,
 * `branch`), the caller's own terminals (`self`), or the scope's counties (`counties`; the whole
 * prefecture for a prefecture scope).
 */
export type FigureScope = ScopeKind | 'self' | 'counties';

interface StatsRow {
  orgTotal: number;
  orgsByKind: Record<string, number>;
  members: number;
  terminals: number;
  onlineTerminals: number;
  onlineWindowMinutes: number;
  jointPoints: number;
  zones: number;
  sites: number;
  borderKm: number;
  counties: number;
  asOf: Date;
}

/** The caller's scope; every role that reads has one (their organisation always exists). */
export async function scopeOf(pool: pg.Pool, caller: Caller): Promise<Scope> {
  const { rows } = await scopedQuery<Scope>(pool, caller, SCOPE);
  const scope = rows[0];
  if (!scope) throw new Error(`no scope for user ${caller.userId}`);
  return scope;
}

/** The scope each figure is counted over, for its label. */
function figureScopes({ kind, self }: Scope) {
  const people = kind;
  const geography: FigureScope = kind === 'prefecture' ? 'prefecture' : 'counties';
  const devices: FigureScope = self ? 'self' : kind;
  return {
    orgs: people,
    members: people,
    terminals: devices,
    onlineTerminals: devices,
    jointPoints: people,
    zones: people,
    sites: geography,
    borderKm: geography,
    counties: geography,
  } satisfies Record<string, FigureScope>;
}

/**
 * Headline counts within the caller's scope (the big screen's numbers), each with the scope it
 * is counted over; and `GET /scope`, the scope itself with its extent (where the map opens).
 */
export function statsRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(readers)
    .get('/', async (c) => {
      const caller = c.get('caller');
      const scope = await scopeOf(pool, caller);
      const codes = scope.counties.map((k) => k.code);
      const { rows } = await scopedQuery<StatsRow>(pool, caller, STATS, [codes]);
      const { orgTotal, orgsByKind, asOf, ...rest } = rows[0] as StatsRow;
      const { bbox: _bbox, ...about } = scope;
      return c.json({
        scope: about,
        scopes: figureScopes(scope),
        orgs: { total: orgTotal, byKind: orgsByKind },
        ...rest,
        asOf: asOf.toISOString(),
      });
    })
    .get('/scope', async (c) => c.json(await scopeOf(pool, c.get('caller'))));
}
