import type pg from 'pg';
import type { Caller } from '../auth/scope.ts';

/** What every route module is built from: the shared pool and a few settings. */
export interface AppDeps {
  pool: pg.Pool;
  engine: 'embedded' | 'postgres';
  sessionHours: number;
  secureCookies: boolean;
  /** Memory for cached tiles (default 64 MiB; 0 turns the cache off). */
  tileCacheBytes?: number;
}

/** Hono environment: the authenticated caller is set by the auth middleware. */
export interface AppEnv {
  Variables: { caller: Caller };
}
