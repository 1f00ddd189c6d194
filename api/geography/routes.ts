import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Context, Hono } from 'hono';
import type pg from 'pg';
import { readers } from '../auth/middleware.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { geojson } from '../http/geojson.ts';
import { bboxValues, collectionQuery, parse } from '../http/validate.ts';

const ADMIN_AREAS = loadSql(import.meta.url, 'admin-areas.sql');
const BORDER = loadSql(import.meta.url, 'border.sql');

/**
 * The simplified county and prefecture outlines (TopoJSON), built with the other geography by
 * geodata/build.ts from the same shapes the database loads; public, so one file serves everyone.
 */
const OUTLINES = readFileSync(new URL('../../geodata/admin_outlines.topojson', import.meta.url));
const OUTLINES_ETAG = `"${createHash('sha1').update(OUTLINES).digest('base64url')}"`;

/** Public geography is the same for every reader, so these queries carry no scope. */
function collection(pool: pg.Pool, sql: string) {
  return async (c: Context<AppEnv>) => {
    const q = parse(collectionQuery, c.req.query(), 'query');
    const { rows } = await pool.query<{ fc: string }>(sql, [...bboxValues(q.bbox), q.limit]);
    return geojson(c, rows[0]?.fc);
  };
}

/** `GET /api/admin-areas/outlines`: the outlines for the county filter, cacheable by ETag. */
function outlines(c: Context<AppEnv>) {
  const headers = { ETag: OUTLINES_ETAG, 'Cache-Control': 'public, max-age=3600' };
  if ((c.req.header('if-none-match') ?? '').split(/\s*,\s*/).includes(OUTLINES_ETAG)) {
    return c.body(null, 304, headers);
  }
  return c.body(OUTLINES, 200, { ...headers, 'Content-Type': 'application/json' });
}

export const adminAreaRoutes = ({ pool }: AppDeps) =>
  new Hono<AppEnv>().use(readers).get('/', collection(pool, ADMIN_AREAS)).get('/outlines', outlines);
export const borderRoutes = ({ pool }: AppDeps) => new Hono<AppEnv>().use(readers).get('/', collection(pool, BORDER));
