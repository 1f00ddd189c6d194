import { Hono } from 'hono';
import type { AppEnv } from '../../api/http/env.ts';
import { ApiError } from '../../api/http/errors.ts';
import { parseTile } from '../routes.ts';
import type { BasemapArchive } from './archive.ts';
import { serveFileRange } from './range.ts';

/** Base-map data changes only when the operator replaces the archive; ETags catch that. */
const CACHE = 'private, max-age=3600';

const noArchive = () =>
  new ApiError(404, 'no_basemap', 'no base-map archive is configured on this server (BASEMAP_PMTILES)');

/**
 * The base-map archive of `BASEMAP_PMTILES`, mounted in `/tiles` behind its session check:
 * - `GET /tiles/basemap.json`: TileJSON, the source the web app's style names;
 * - `GET /tiles/basemap/{z}/{x}/{y}`: one tile read from the archive (what the web app draws);
 * - `GET|HEAD /tiles/basemap.pmtiles`: the archive itself with byte ranges, for PMTiles-aware
 *   clients (the `pmtiles` JS reader, `pmtiles show <url>`, QGIS).
 * Without an archive all three answer 404.
 */
export function basemapRoutes(archive: BasemapArchive | undefined, origin: string) {
  return new Hono<AppEnv>()
    .get('/basemap.json', (c) => {
      if (!archive) throw noArchive();
      return c.json(archive.tileJson(origin));
    })
    .get('/basemap.pmtiles', (c) => {
      if (!archive) throw noArchive();
      return serveFileRange(c, archive.path, 'application/vnd.pmtiles', CACHE);
    })
    .get('/basemap/:z/:x/:y', async (c) => {
      if (!archive) throw noArchive();
      const { minZoom, maxZoom } = archive.header;
      const [z, x, y] = parseTile(
        { id: 'basemap', minzoom: minZoom, maxzoom: maxZoom },
        c.req.param('z'),
        c.req.param('x'),
        c.req.param('y'),
      );
      const etag = `"basemap.${(await archive.etag()).replace(/"/g, '')}.${z}.${x}.${y}"`;
      const headers = { ETag: etag, 'Cache-Control': CACHE };
      if ((c.req.header('if-none-match') ?? '').split(/\s*,\s*/).includes(etag)) return c.body(null, 304, headers);
      const body = await archive.tile(z, x, y);
      if (!body || body.byteLength === 0) return c.body(null, 204, headers);
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': archive.tileType });
    });
}
