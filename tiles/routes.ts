import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Context, Hono } from 'hono';
import { authenticate, readers } from '../api/auth/middleware.ts';
import type { Caller } from '../api/auth/scope.ts';
import type { AppDeps, AppEnv } from '../api/http/env.ts';
import { ApiError, notFound } from '../api/http/errors.ts';
import { CONTEXT_LABEL_REGION, contextLabelPoints } from '../geodata/contextLabels.ts';
import { TileReadAudit } from './audit.ts';
import { basemapRoutes } from './basemap/routes.ts';
import { TileCache } from './cache.ts';
import { AGGREGATE_FIELDS, findLayer, LAYERS, type TileLayer, tileQuery } from './catalogue.ts';
import { buildTile, type Encoder } from './encode.ts';

const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
/** A static GeoJSON body with its ETag. */
interface StaticBody {
  body: Uint8Array;
  etag: string;
}
const staticBody = (body: Uint8Array): StaticBody => ({
  body,
  etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
});
const CONTEXT = staticBody(readFileSync(new URL('../geodata/context.geojson', import.meta.url)));
let contextLabels: StaticBody | null = null;
/** The context's label points (geodata/contextLabels.ts), computed on first request. */
function contextLabelBody(): StaticBody {
  contextLabels ??= staticBody(
    Buffer.from(JSON.stringify(contextLabelPoints(JSON.parse(CONTEXT.body.toString()), CONTEXT_LABEL_REGION))),
  );
  return contextLabels;
}

const badTile = (message: string) => new ApiError(400, 'bad_tile', message);

/** Parses and range-checks z/x/y (y may end in `.mvt` or `.pbf`). */
export function parseTile(
  layer: Pick<TileLayer, 'id' | 'minzoom' | 'maxzoom'>,
  zs: string,
  xs: string,
  ys: string,
): [number, number, number] {
  const y = /^(\d{1,8})(?:\.(?:mvt|pbf))?$/.exec(ys)?.[1];
  if (!/^\d{1,2}$/.test(zs) || !/^\d{1,8}$/.test(xs) || y === undefined) {
    throw badTile('z, x and y must be non-negative integers');
  }
  const [z, x, yn] = [Number(zs), Number(xs), Number(y)];
  if (z < layer.minzoom || z > layer.maxzoom) {
    throw badTile(`zoom ${z} is outside ${layer.minzoom}..${layer.maxzoom} for ${layer.id}`);
  }
  if (x >= 2 ** z || yn >= 2 ** z) throw badTile(`x and y must be below 2^${z}`);
  return [z, x, yn];
}

/**
 * The TileJSON of one layer. Tiles are addressed on the configured public URL, or relative to the
 * server (`origin` ''): never on the request's Host header, which any client may set.
 */
function tileJson(layer: TileLayer, origin: string, bounds: number[]) {
  const fields = { ...layer.fields, ...(layer.aggregateBelow ? AGGREGATE_FIELDS : {}) };
  return {
    tilejson: '3.0.0',
    name: layer.id,
    scheme: 'xyz',
    tiles: [`${origin}/tiles/${layer.id}/{z}/{x}/{y}`],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bounds,
    vector_layers: [{ id: layer.id, fields, minzoom: layer.minzoom, maxzoom: layer.maxzoom }],
    // Not TileJSON; what the client needs to draw the layer right.
    geometry: layer.geometry,
    scope: layer.scope,
    aggregateBelow: layer.aggregateBelow ?? null,
  };
}

function etagMatches(c: Context, etag: string): boolean {
  return (c.req.header('if-none-match') ?? '').split(/\s*,\s*/).includes(etag);
}

/** A static GeoJSON file, revalidated by ETag after an hour. */
function geojsonBody(c: Context, { body, etag }: StaticBody): Response {
  const headers = { ETag: etag, 'Cache-Control': 'public, max-age=3600' };
  if (etagMatches(c, etag)) return c.body(null, 304, headers);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': 'application/geo+json' });
}

function tileResponse(c: Context, body: Uint8Array, etag: string, cacheControl: string): Response {
  const headers = { ETag: etag, 'Cache-Control': cacheControl };
  if (etagMatches(c, etag)) return c.body(null, 304, headers);
  if (body.byteLength === 0) return c.body(null, 204, headers);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': MVT_TYPE });
}

export interface TileDeps extends AppDeps {
  /** Overrides the encoder chosen from the engine (benchmarks and tests). */
  encoder?: Encoder;
}

/**
 * What a scoped tile depends on besides the layer and z/x/y: the scope root and, for the member
 * role, the member. Short and opaque, as it goes into ETags.
 */
function scopeTag(caller: Caller): string {
  const scope = `${caller.orgPath}|${caller.role === 'member' ? caller.memberId : ''}`;
  return createHash('sha1').update(scope).digest('base64url').slice(0, 12);
}

/**
 * `/tiles`: the layer list, TileJSON per layer, MVT tiles and the base-map context. Every route
 * needs a session; scoped layers run their SQL with the caller's scope. Tiles of every layer but
 * the live one are cached, scoped ones per scope.
 */
export function tileRoutes(deps: TileDeps) {
  const { pool } = deps;
  const encoder: Encoder = deps.encoder ?? (deps.capabilities.mvt ? 'postgis' : 'js');
  const options = { prepared: deps.capabilities.preparedStatements };
  const cache = new TileCache(pool, deps.tileCacheBytes);
  const origin = (deps.publicUrl ?? '').replace(/\/+$/, '');
  const audit = new TileReadAudit(pool);

  async function bounds(): Promise<number[]> {
    const { rows } = await pool.query<{ b: number[] | null }>(
      `SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] AS b
         FROM (SELECT ST_Extent(geom) AS e FROM admin_area) x`,
    );
    return (rows[0]?.b ?? [97.5, 21.1, 106.2, 29.2]).map((n) => Math.round(n * 1e4) / 1e4);
  }

  async function layerIndex(origin: string) {
    const b = await bounds();
    return {
      layers: LAYERS.map((l) => ({ id: l.id, ...tileJson(l, origin, b) })),
      bounds: b,
      center: [104.8, 23.5, 8],
    };
  }

  async function scopedTile(caller: Caller, layer: TileLayer, z: number, x: number, y: number) {
    const q = tileQuery(layer, z);
    const params = [caller.orgPath, caller.role === 'member' ? caller.memberId : null, z, x, y];
    const body = await buildTile(pool, encoder, q, params, options);
    if (layer.audited) audit.record({ userId: caller.userId, layer: layer.id, z, x, y, bytes: body.byteLength });
    return body;
  }

  return (
    new Hono<AppEnv>()
      .use(authenticate(pool))
      .use(readers)
      // The layer list (DESIGN §9: `GET /tiles`), also under its older name.
      .get('/', async (c) => c.json(await layerIndex(origin)))
      .get('/index.json', async (c) => c.json(await layerIndex(origin)))
      // Countries, provinces and neighbouring prefectures around the map, and a label point for each.
      .get('/context.geojson', (c) => geojsonBody(c, CONTEXT))
      .get('/context-labels.geojson', (c) => geojsonBody(c, contextLabelBody()))
      // The base-map archive (BASEMAP_PMTILES), before the layer routes whose patterns it matches.
      .route('/', basemapRoutes(deps.basemap, origin))
      .get('/:file', async (c) => {
        const id = /^([a-z_]+)\.json$/.exec(c.req.param('file'))?.[1];
        const layer = id ? findLayer(id) : undefined;
        if (!layer) throw notFound('tile layer');
        return c.json(tileJson(layer, origin, await bounds()));
      })
      .get('/:layer/:z/:x/:y', async (c) => {
        const layer = findLayer(c.req.param('layer'));
        if (!layer) throw notFound('tile layer');
        const [z, x, y] = parseTile(layer, c.req.param('z'), c.req.param('x'), c.req.param('y'));
        const caller = c.get('caller');

        if (layer.live) {
          const body = await scopedTile(caller, layer, z, x, y);
          const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
          return tileResponse(c, body, etag, 'private, no-cache');
        }

        // Cached layers: the key and the ETag name the layer version and, for scoped layers, the
        // caller's scope, so a revalidation (304) or a hit costs one primary-key read and no tile SQL.
        const scope = layer.scope === 'public' ? 'all' : scopeTag(caller);
        const version = await cache.version(layer.id);
        const etag = `"${layer.id}.${version}.${scope}.${z}.${x}.${y}"`;
        const cacheControl = layer.scope === 'public' ? 'public, max-age=60' : 'private, no-cache';
        if (etagMatches(c, etag)) return c.body(null, 304, { ETag: etag, 'Cache-Control': cacheControl });
        const key = `${layer.id}/${scope}/${z}/${x}/${y}`;
        let body = cache.get(key, version);
        if (!body) {
          body = await (layer.scope === 'public'
            ? buildTile(pool, encoder, tileQuery(layer, z), [z, x, y], options)
            : scopedTile(caller, layer, z, x, y));
          cache.set(key, version, body);
        }
        return tileResponse(c, body, etag, cacheControl);
      })
  );
}
