import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createApp } from '../../api/app.ts';
import { DEMO_PASSWORD } from '../../geodata/demo/accounts.ts';

/** The engines loaded by test/setup/databases.ts: embedded always, the server when configured. */
export const databases = inject('databases');

export type TestApp = Awaited<ReturnType<typeof openApp>>;

/** Builds the real Hono app over one test database; requests go through `app.request()`. */
export function openApp(db: (typeof databases)[number], poolOptions: pg.PoolConfig = {}) {
  const pool = new pg.Pool({ ...db.poolConfig, ...poolOptions });
  afterAll(() => pool.end());
  const app = createApp({
    pool,
    engine: db.engine,
    capabilities: db.capabilities,
    sessionHours: 1,
    secureCookies: false,
  });
  const cookies = new Map<string, string>();

  /** Logs a demo account in once and returns its session cookie. */
  async function login(username: string): Promise<string> {
    const cached = cookies.get(username);
    if (cached) return cached;
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    cookies.set(username, cookie);
    return cookie;
  }

  /** GET (or another method) as a demo user; returns status and parsed JSON. */
  async function call(username: string | null, path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (username) headers.set('cookie', await login(username));
    if (init.body) headers.set('content-type', 'application/json');
    const res = await app.request(path, { ...init, headers });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
    const body: any = text ? JSON.parse(text) : null;
    return { status: res.status, body, headers: res.headers };
  }

  return { app, pool, login, call };
}
