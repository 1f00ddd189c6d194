import { Hono } from 'hono';
import type pg from 'pg';
import { readers } from '../auth/middleware.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { geojson } from '../http/geojson.ts';
import { bboxValues, collectionQuery, parse } from '../http/validate.ts';

const ADMIN_AREAS = loadSql(import.meta.url, 'admin-areas.sql');
const BORDER = loadSql(import.meta.url, 'border.sql');

/** Public geography is the same for every reader, so these queries carry no scope. */
function publicCollection(pool: pg.Pool, sql: string) {
  return new Hono<AppEnv>().use(readers).get('/', async (c) => {
    const q = parse(collectionQuery, c.req.query(), 'query');
    const { rows } = await pool.query<{ fc: string }>(sql, [...bboxValues(q.bbox), q.limit]);
    return geojson(c, rows[0]?.fc);
  });
}

export const adminAreaRoutes = ({ pool }: AppDeps) => publicCollection(pool, ADMIN_AREAS);
export const borderRoutes = ({ pool }: AppDeps) => publicCollection(pool, BORDER);
