import { Hono } from 'hono';
import { readers } from '../auth/middleware.ts';
import { loadSql } from '../db/sql.ts';
import { scopedCollection, scopedItem } from '../http/collection.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';

const COLLECTION = loadSql(import.meta.url, 'collection.sql');
const GET = loadSql(import.meta.url, 'get.sql');

/** One joint point as `get.sql` returns it; `orgs` lists only the linked orgs in scope. */
export interface JointPointDetail {
  id: number;
  name: string;
  countyCode: string;
  countyName: string;
  established: string | null;
  description: string | null;
  geometry: { type: 'Point'; coordinates: [number, number] };
  borderDistanceKm: number | null;
  partners: { kind: string; name: string }[] | null;
  orgs: { id: number; name: string }[] | null;
}

/** Joint-building points (党建联建共建点), visible through their linked organisations. */
export function jointPointRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(readers)
    .get('/', scopedCollection(pool, COLLECTION))
    .get('/:id', scopedItem<JointPointDetail>(pool, GET, 'joint point'));
}
