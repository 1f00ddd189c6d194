import { Hono } from 'hono';
import { readers } from '../auth/middleware.ts';
import { loadSql } from '../db/sql.ts';
import { scopedCollection, scopedItem } from '../http/collection.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';

const COLLECTION = loadSql(import.meta.url, 'collection.sql');
const GET = loadSql(import.meta.url, 'get.sql');

/** One site as `get.sql` returns it; `orgId` is null for public places. */
export interface SiteDetail {
  id: number;
  name: string;
  kind: string;
  countyCode: string;
  countyName: string;
  orgId: number | null;
  orgName: string | null;
  geometry: { type: 'Point'; coordinates: [number, number] };
}

/** Sites: the places where the work is (烟站, 收购点, 村委会, 零售终端, 边境站点). */
export function siteRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(readers)
    .get('/', scopedCollection(pool, COLLECTION))
    .get('/:id', scopedItem<SiteDetail>(pool, GET, 'site'));
}
