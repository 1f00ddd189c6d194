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

export async function findCaller(pool: pg.Pool, token: string): Promise<Caller | undefined> {
  const { rows } = await pool.query<Caller>(SESSION_CALLER, [digest(token)]);
  return rows[0];
}

export async function deleteSession(pool: pg.Pool, token: string): Promise<void> {
  await pool.query('DELETE FROM session WHERE token_hash = $1', [digest(token)]);
}
