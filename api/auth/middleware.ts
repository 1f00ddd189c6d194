import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type pg from 'pg';
import type { AppEnv } from '../http/env.ts';
import { forbidden, unauthorized } from '../http/errors.ts';
import type { Role } from './scope.ts';
import { findCaller, SESSION_COOKIE } from './sessions.ts';

/** Loads the caller from the session cookie; 401 without a live session. */
export function authenticate(pool: pg.Pool) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const caller = token ? await findCaller(pool, token) : undefined;
    if (!caller) throw unauthorized();
    c.set('caller', caller);
    await next();
  });
}

/** Lets only the given roles through (403 otherwise). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get('caller').role)) throw forbidden();
    await next();
  });
}

/** Roles that read the map and its data; `device` accounts only ingest. */
export const readers = requireRole('admin', 'leader', 'secretary', 'member');
