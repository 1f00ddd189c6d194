import type { Context } from 'hono';
import type pg from 'pg';
import { scopedQuery } from '../auth/scope.ts';
import type { AppEnv } from './env.ts';
import { notFound } from './errors.ts';
import { geojson } from './geojson.ts';
import { bboxValues, collectionQuery, idParam, parse } from './validate.ts';

/**
 * Handler for `GET /?bbox=&limit=` over a scoped `.sql` that returns one `fc` text column and takes
 * `$1,$2` scope, `$3..$6` bbox (NULLs for none), `$7` limit.
 */
export function scopedCollection(pool: pg.Pool, sql: string) {
  return async (c: Context<AppEnv>) => {
    const q = parse(collectionQuery, c.req.query(), 'query');
    const { rows } = await scopedQuery<{ fc: string }>(pool, c.get('caller'), sql, [...bboxValues(q.bbox), q.limit]);
    return geojson(c, rows[0]?.fc);
  };
}

/**
 * Handler for `GET /:id` over a scoped `.sql` taking `$3` id; 404 when absent or out of scope.
 * `Row` is the row the `.sql` returns, which is also the response type the web client sees.
 */
export function scopedItem<Row extends pg.QueryResultRow>(pool: pg.Pool, sql: string, what: string) {
  return async (c: Context<AppEnv>) => {
    const id = parse(idParam, c.req.param('id'), `${what} id`);
    const { rows } = await scopedQuery<Row>(pool, c.get('caller'), sql, [id]);
    const row = rows[0];
    if (!row) throw notFound(what);
    return c.json(row);
  };
}
