import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { authenticate } from './middleware.ts';
import { verifyPassword } from './password.ts';
import { createSession, deleteSession, SESSION_COOKIE } from './sessions.ts';
import { LoginThrottle } from './throttle.ts';

const loginBody = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** The client's address, as the socket has it ('unknown' where there is no socket, as in tests). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Login, logout and "who am I". */
export function authRoutes(deps: AppDeps) {
  const { pool } = deps;
  const throttle = new LoginThrottle();
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const body = parse(loginBody, await c.req.json().catch(() => undefined), 'login body');
      const address = clientAddress(c);
      const wait = throttle.retryAfter(body.username, address);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError(429, 'too_many_attempts', `too many failed logins; try again in ${wait} s`);
      }
      const { rows } = await pool.query<{ id: number; password_hash: string; role: string }>(
        'SELECT id, password_hash, role FROM app_user WHERE username = $1 AND NOT disabled',
        [body.username],
      );
      const user = rows[0];
      const ok = await verifyPassword(user?.password_hash, body.password);
      if (!user || !ok) {
        throttle.fail(body.username, address);
        throw new ApiError(401, 'bad_credentials', 'wrong username or password');
      }
      throttle.succeed(body.username);
      const token = await createSession(pool, user.id, deps.sessionHours);
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.secureCookies,
        path: '/',
        maxAge: deps.sessionHours * 3600,
      });
      await pool.query(
        `INSERT INTO audit_log (user_id, action, subject_kind, subject_id) VALUES ($1, 'login', 'app_user', $1)`,
        [user.id],
      );
      return c.json({ username: body.username, role: user.role });
    })
    .post('/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await deleteSession(pool, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', authenticate(pool), (c) => {
      const { userId, username, displayName, role, orgId, orgName, memberId } = c.get('caller');
      return c.json({ userId, username, displayName, role, orgId, orgName, memberId });
    });
}
