import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { Compression, type Header, PMTiles, TileType } from 'pmtiles';
import { fileEtag, LocalFileSource } from './source.ts';

/** Vector tiles drawn with the Protomaps style, or raster tiles (a licensed 标准地图 package). */
export type BasemapFormat = 'vector' | 'raster';

/** What the web app is told about the archive (api/http/app-shell.ts puts it on the page). */
export interface BasemapPageSettings {
  /** TileJSON of the archive, relative to the server. */
  tilejson: string;
  format: BasemapFormat;
  /**
   * The source-layers a vector archive has: the style draws only those, as MapLibre refuses a
   * style layer whose source-layer the TileJSON does not list.
   */
  layers?: string[];
}

/** The source-layers of the Protomaps basemap schema that the style draws. */
export const PROTOMAPS_LAYERS = ['earth', 'landcover', 'landuse', 'water', 'roads', 'buildings', 'places', 'pois'];

/** Where the archive is served (tiles/basemap/routes.ts). */
export const BASEMAP_TILEJSON = '/tiles/basemap.json';

const RASTER_TYPES: Partial<Record<TileType, string>> = {
  [TileType.Png]: 'image/png',
  [TileType.Jpeg]: 'image/jpeg',
  [TileType.Webp]: 'image/webp',
};
const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

const gunzipAsync = promisify(gunzip);
const brotliAsync = promisify(brotliDecompress);

/** Node's zlib, off the event loop (the library's default goes through web streams). */
async function decompress(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  if (compression === Compression.None || compression === Compression.Unknown) return buf;
  const input = new Uint8Array(buf);
  const out =
    compression === Compression.Gzip
      ? await gunzipAsync(input)
      : compression === Compression.Brotli
        ? await brotliAsync(input)
        : null;
  if (!out) throw new Error(`compression ${Compression[compression]} is not supported`);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

const SUPPORTED_COMPRESSION = new Set([Compression.None, Compression.Unknown, Compression.Gzip, Compression.Brotli]);

/**
 * Attribution as the client shows it: MapLibre puts it into the page as HTML, and an archive's
 * metadata could carry an `<img>` or a script that would fetch from elsewhere, so only its text is
 * kept, escaped again.
 */
export function safeAttribution(html: string): string {
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&copy;/gi, '©')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&amp;/gi, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Metadata {
  name?: unknown;
  attribution?: unknown;
  vector_layers?: unknown;
}

/** A vector layer of the archive's metadata (TileJSON `vector_layers`). */
interface VectorLayer {
  id: string;
  fields?: Record<string, string>;
  minzoom?: number;
  maxzoom?: number;
}

function vectorLayersOf(metadata: Metadata): VectorLayer[] | null {
  if (!Array.isArray(metadata.vector_layers)) return null;
  return metadata.vector_layers.filter(
    (l): l is VectorLayer => typeof l === 'object' && l !== null && typeof (l as VectorLayer).id === 'string',
  );
}

/** A base-map archive opened and checked at start; tiles and TileJSON for the routes. */
export interface BasemapArchive {
  /** The archive file (absolute). */
  path: string;
  format: BasemapFormat;
  /** Content-Type of a tile. */
  tileType: string;
  header: Header;
  /** TileJSON 3.0.0 with tiles on `origin` ('' for relative URLs). */
  tileJson(origin: string): Record<string, unknown>;
  /** One tile, decompressed, or null where the archive has none. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  /** The archive file's current ETag (it may be replaced while the server runs). */
  etag(): Promise<string>;
  page: BasemapPageSettings;
}

/** Why `BASEMAP_PMTILES` cannot be used, said so that the operator knows what to do. */
export class BasemapError extends Error {}

async function readMagic(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const bytes = new Uint8Array(7);
    await handle.read(bytes, 0, 7, 0);
    return Buffer.from(bytes).toString('latin1');
  } finally {
    await handle.close();
  }
}

/**
 * Opens the archive of `BASEMAP_PMTILES` and checks that RedMap can draw it: PMTiles v3, MVT in
 * the Protomaps basemap schema or PNG/JPEG/WebP raster, compression Node can undo. Throws a
 * {@link BasemapError} otherwise, so the server refuses to start rather than draw blank paper.
 */
export async function openBasemapArchive(file: string): Promise<BasemapArchive> {
  const absolute = path.resolve(file);
  const fail = (why: string) => new BasemapError(`BASEMAP_PMTILES=${file}: ${why} (see tiles/README.md § Base map)`);
  if (/\.mbtiles$/i.test(absolute)) {
    throw fail('an MBTiles file; convert it once with `pmtiles convert area.mbtiles area.pmtiles`');
  }
  const info = await stat(absolute).catch(() => null);
  if (!info?.isFile()) throw fail('no such file');
  if ((await readMagic(absolute)) !== 'PMTiles') {
    throw fail('not a PMTiles v3 archive (an older v2 archive converts with `pmtiles convert`)');
  }

  const pmtiles = new PMTiles(new LocalFileSource(absolute), undefined, decompress);
  const header = await pmtiles.getHeader();
  if (header.specVersion !== 3) throw fail(`PMTiles spec version ${header.specVersion}; RedMap reads version 3`);
  for (const c of [header.internalCompression, header.tileCompression]) {
    if (!SUPPORTED_COMPRESSION.has(c)) throw fail(`${Compression[c]} compression is not supported (use gzip)`);
  }
  const metadata = ((await pmtiles.getMetadata()) ?? {}) as Metadata;

  let format: BasemapFormat;
  let tileType: string;
  const vectorLayers = vectorLayersOf(metadata);
  if (header.tileType === TileType.Mvt) {
    const ids = (vectorLayers ?? []).map((l) => l.id);
    if (!ids.some((id) => PROTOMAPS_LAYERS.includes(id))) {
      throw fail(
        `its vector layers (${ids.join(', ') || 'none listed'}) are not the Protomaps basemap schema ` +
          `(${PROTOMAPS_LAYERS.join(', ')}), which the base-map style draws`,
      );
    }
    format = 'vector';
    tileType = MVT_TYPE;
  } else if (RASTER_TYPES[header.tileType]) {
    format = 'raster';
    tileType = RASTER_TYPES[header.tileType] as string;
  } else {
    throw fail(`tile type ${TileType[header.tileType] ?? header.tileType} is not supported (MVT, PNG, JPEG, WebP)`);
  }

  const rawAttribution = typeof metadata.attribution === 'string' ? metadata.attribution : '';
  const attribution = safeAttribution(rawAttribution) || (format === 'vector' ? OSM_ATTRIBUTION : '');
  const name = typeof metadata.name === 'string' ? metadata.name : path.basename(absolute, '.pmtiles');
  const bounds = [header.minLon, header.minLat, header.maxLon, header.maxLat];

  return {
    path: absolute,
    format,
    tileType,
    header,
    page: {
      tilejson: BASEMAP_TILEJSON,
      format,
      ...(format === 'vector' ? { layers: (vectorLayers ?? []).map((l) => l.id) } : {}),
    },
    tileJson: (origin) => ({
      tilejson: '3.0.0',
      name,
      scheme: 'xyz',
      tiles: [`${origin}/tiles/basemap/{z}/{x}/{y}`],
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds,
      center: [header.centerLon, header.centerLat, header.centerZoom],
      attribution,
      ...(format === 'vector' ? { vector_layers: vectorLayers } : {}),
      // Not TileJSON: what the client needs to pick a source type.
      format,
    }),
    async tile(z, x, y) {
      const res = await pmtiles.getZxy(z, x, y);
      return res ? new Uint8Array(res.data) : null;
    },
    async etag() {
      const s = await stat(absolute);
      return fileEtag(s.size, s.mtimeMs);
    },
  };
}
