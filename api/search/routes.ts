import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { readers } from '../auth/middleware.ts';
import { scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { parse } from '../http/validate.ts';

const SEARCH = loadSql(import.meta.url, 'search.sql');

/** What a search result can be; `county` ids are the numeric county code. */
export type SearchKind = 'org' | 'zone' | 'joint_point' | 'site' | 'member' | 'county';

/** One search hit, with where to put the map: a centre always, a bbox for areas. */
export interface SearchResult {
  kind: SearchKind;
  id: number;
  name: string;
  /** Org kind for orgs; the county for places; the owner org for zones and members. */
  detail: string | null;
  center: [number, number] | null;
  bbox: [number, number, number, number] | null;
}

const searchQuery = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(100),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** `LIKE` treats `%`, `_` and `\` specially; a search for "100%" must match the text "100%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Search by name across orgs, zones, joint points, sites, members and counties, in scope. */
export function searchRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>().use(readers).get(
    '/',
    validator('query', (value) => parse(searchQuery, value, 'query')),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      const { rows } = await scopedQuery<SearchResult>(pool, c.get('caller'), SEARCH, [likePattern(q), q, limit]);
      return c.json({ results: rows });
    },
  );
}
