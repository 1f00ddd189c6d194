import { describe, expect, it } from 'vitest';
import { databases, openApp } from './harness.ts';

describe.each(databases)('auth on $engine', (db) => {
  const { app, pool, call } = openApp(db);

  it('reports health with the engine and the PostGIS version', async () => {
    const res = await call(null, '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', engine: db.engine });
    expect(res.body.postgis).toMatch(/^3\.\d+/);
  });

  it('logs in with an HttpOnly, SameSite session cookie and logs out', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: 'redmap-demo' }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^redmap_session=[\w-]{40,}/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await app.request('/api/auth/me', { headers: { cookie } });
    expect(await me.json()).toMatchObject({ username: 'leader', role: 'leader' });
    const out = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    const after = await app.request('/api/auth/me', { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const body of [
      { username: 'leader', password: 'wrong' },
      { username: 'nobody', password: 'redmap-demo' },
    ]) {
      const res = await call(null, '/api/auth/login', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('bad_credentials');
    }
  });

  it('slows password guessing: after five failures for one account, 429 with Retry-After', async () => {
    const attempt = () =>
      call(null, '/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'ghost', password: 'guess' }) });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are unaffected.
    const other = await call(null, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'secretary', password: 'redmap-demo' }),
    });
    expect(other.status).toBe(200);
  });

  it('stops a password spray from one client address, not the other clients', async () => {
    const from = (address: string, username: string, password: string) =>
      app.request(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        },
        { incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: 'IPv4' } } },
      );
    for (let i = 0; i < 30; i++) expect((await from('198.51.100.7', `spray${i}`, 'Winter2026!')).status).toBe(401);
    const sprayer = await from('198.51.100.7', 'member', 'redmap-demo');
    expect(sprayer.status).toBe(429);
    expect((await from('198.51.100.8', 'member', 'redmap-demo')).status).toBe(200);
  });

  it('rejects a malformed login body with 400', async () => {
    const res = await call(null, '/api/auth/login', { method: 'POST', body: '{"username": 5}' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request' });
  });

  it('requires a session for data', async () => {
    const res = await call(null, '/api/orgs/tree');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('stores passwords as argon2id hashes', async () => {
    const { rows } = await pool.query<{ h: string }>(`SELECT password_hash AS h FROM app_user`);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const { h } of rows) expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
