import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { loadSql } from '../db/sql.ts';
import type { Caller } from './scope.ts';

const SESSION_CALLER = loadSql(import.meta.url, 'session-caller.sql');

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'redmap_session';

const digest = (token: string) => createHash('sha256').update(token).digest();

/** Creates a session and returns the opaque token for the cookie; only its hash is stored. */
export async function createSession(pool: pg.Pool, userId: number, hours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [digest(token), userId, hours],
  );
  // Expired sessions are swept on login rather than by a timer.
  await pool.query('DELETE FROM session WHERE expires_at < now()');
  return token;
}

/**
 * How long a looked-up caller is reused. A map pans into dozens of tile requests a second; one
 * session query each would cost more than many tiles. Logout on this node takes effect at once;
 * a session deleted elsewhere (another node, an admin) stops working within this time.
 */
const CALLER_TTL_MS = 5_000;
const MAX_CACHED_CALLERS = 10_000;
// Per pool, so an app on another database never sees these sessions.
const callerCaches = new WeakMap<pg.Pool, Map<string, { caller: Caller; until: number }>>();

function callerCache(pool: pg.Pool) {
  let cache = callerCaches.get(pool);
  if (!cache) {
    cache = new Map();
    callerCaches.set(pool, cache);
  }
  return cache;
}

/** The caller behind a session token, or undefined when the session is gone or expired. */
export async function findCaller(pool: pg.Pool, token: string): Promise<Caller | undefined> {
  const hash = digest(token);
  const key = hash.toString('base64');
  const cache = callerCache(pool);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.caller;
  cache.delete(key);
  const { rows } = await pool.query<Caller>(SESSION_CALLER, [hash]);
  const caller = rows[0];
  if (caller) {
    if (cache.size >= MAX_CACHED_CALLERS) cache.clear();
    cache.set(key, { caller, until: Date.now() + CALLER_TTL_MS });
  }
  return caller;
}

export async function deleteSession(pool: pg.Pool, token: string): Promise<void> {
  const hash = digest(token);
  callerCache(pool).delete(hash.toString('base64'));
  await pool.query('DELETE FROM session WHERE token_hash = $1', [hash]);
}
