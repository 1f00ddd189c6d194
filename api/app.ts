import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';
import pg from 'pg';
import { tileRoutes } from '../tiles/routes.ts';
import { analysisRoutes, indexRoutes } from './analysis/routes.ts';
import { authenticate } from './auth/middleware.ts';
import { authRoutes } from './auth/routes.ts';
import { coverageRoutes } from './coverage/routes.ts';
import { ingestRoutes } from './devices/http.ts';
import { Ingest } from './devices/ingest.ts';
import { deviceRoutes } from './devices/routes.ts';
import { adminAreaRoutes, borderRoutes } from './geography/routes.ts';
import { appShell } from './http/app-shell.ts';
import type { AppDeps, AppEnv } from './http/env.ts';
import { ApiError } from './http/errors.ts';
import { jointPointRoutes } from './joint-points/routes.ts';
import { memberRoutes } from './members/routes.ts';
import { orgLifeRoutes } from './org-life/routes.ts';
import { orgRoutes } from './orgs/routes.ts';
import { memberPortraitRoutes, orgPortraitRoutes } from './portraits/routes.ts';
import { positionRoutes } from './positions/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { siteRoutes } from './sites/routes.ts';
import { statsRoutes } from './stats/routes.ts';
import { warningRoutes } from './warnings/routes.ts';
import { zoneRoutes } from './zones/routes.ts';

/** A body limit answered as `413 { error: { code: 'payload_too_large' } }`, before the body is parsed. */
function limitBody(maxKiB: number) {
  return bodyLimit({
    maxSize: maxKiB * 1024,
    onError: (c) => c.json({ error: { code: 'payload_too_large', message: `request body over ${maxKiB} KiB` } }, 413),
  });
}

/** The `/api` sub-app; its type is the client's source of truth (`hc<Api>` in web/lib/api.ts). */
export function buildApi(deps: AppDeps) {
  const ingest = deps.ingest ?? new Ingest(deps.pool);
  return (
    new Hono<AppEnv>()
      // Small bodies everywhere: a login is a few dozen bytes, a zone or a position batch fits in
      // 2 MiB (10,000 vertices). Imports that need more get their own limit.
      .use('/auth/*', limitBody(4))
      .use('*', limitBody(2048))
      .get('/health', async (c) => {
        const { rows } = await deps.pool.query<{ postgis: string }>('SELECT postgis_lib_version() AS postgis');
        return c.json({ status: 'ok', engine: deps.engine, postgis: rows[0]?.postgis });
      })
      .route('/auth', authRoutes(deps))
      // Devices authenticate with their own token, not a session.
      .route('/ingest', ingestRoutes(deps.pool, ingest))
      .use(authenticate(deps.pool))
      .route('/orgs', orgRoutes(deps))
      .route('/orgs', orgPortraitRoutes(deps))
      .route('/members', memberRoutes(deps))
      .route('/members', memberPortraitRoutes(deps))
      .route('/positions', positionRoutes(deps, ingest))
      .route('/devices', deviceRoutes(deps))
      .route('/zones', zoneRoutes(deps))
      .route('/joint-points', jointPointRoutes(deps))
      .route('/sites', siteRoutes(deps))
      .route('/admin-areas', adminAreaRoutes(deps))
      .route('/border', borderRoutes(deps))
      .route('/search', searchRoutes(deps))
      .route('/stats', statsRoutes(deps))
      .route('/org-life', orgLifeRoutes(deps))
      .route('/analysis', analysisRoutes(deps))
      .route('/indices', indexRoutes(deps))
      .route('/warnings', warningRoutes(deps))
      .route('/coverage', coverageRoutes(deps))
      .all('*', (c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404))
  );
}
export type Api = ReturnType<typeof buildApi>;

/** Builds the whole HTTP app: `/api` resources, then the built web app when `webDir` has one. */
/**
 * Compresses JSON, GeoJSON and vector tiles on the way out (gzip or deflate, as the browser
 * accepts; never the live event stream, a 206 range or anything under 1 KiB). An MVT of county
 * outlines or a GeoJSON collection shrinks three- to eightfold.
 */
const compressResponses = compress({
  contentTypeFilter: (type) =>
    type.startsWith('application/vnd.mapbox-vector-tile') || COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type),
});

/** Hashed build assets never change under their name; everything else of the web app is revalidated. */
async function cacheStatic(c: Context, next: Next) {
  await next();
  if (c.res.status !== 200 || c.res.headers.has('Cache-Control')) return;
  const hashed = c.req.path.startsWith('/assets/');
  c.res.headers.set('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

export function createApp(deps: AppDeps, webDir?: string) {
  const app = new Hono<AppEnv>()
    .use('/api/*', compressResponses)
    .use('/tiles/*', compressResponses)
    .route('/api', buildApi(deps))
    .route('/tiles', tileRoutes(deps));
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      const body = {
        code: err.code,
        message: err.message,
        ...(err.location ? { location: err.location } : {}),
        ...(err.suggestion ? { suggestion: err.suggestion } : {}),
      };
      return c.json({ error: body }, err.status);
    }
    // Text with a NUL byte (0x00) is refused by PostgreSQL itself: bad input, not a failure.
    if (err instanceof pg.DatabaseError && (err.code === '22021' || err.code === '22P05')) {
      return c.json({ error: { code: 'invalid_request', message: 'text must be valid UTF-8 without NUL bytes' } }, 400);
    }
    if (err instanceof HTTPException) {
      return c.json({ error: { code: 'http_error', message: err.message } }, err.status);
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, err);
    return c.json({ error: { code: 'internal', message: 'internal server error' } }, 500);
  });

  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    const root = path.relative(process.cwd(), webDir) || '.';
    // The app shell carries what the page must know before its first map style (the base map).
    const shell = appShell(webDir, { basemap: deps.basemap?.page ?? null });
    app.get('/', shell);
    app.get('/index.html', shell);
    // The build's .br/.gz copies (api/http/precompress-plugin.ts) go out as they are.
    app.use('/*', cacheStatic);
    app.use('/*', serveStatic({ root, precompressed: true }));
    // A glyph range we do not ship is a 404, so MapLibre draws those characters locally
    // instead of choking on the app shell.
    app.get('/glyphs/*', (c) => c.json({ error: { code: 'not_found', message: 'no such glyph range' } }, 404));
    // Client-side routes fall back to the app shell.
    app.get('*', shell);
  }
  return app;
}
