/**
 * Base-map settings. The default is fully offline: our own boundaries, border and labels, and no
 * request leaves the machine. An online raster base map is opt-in, for deployments that have
 * internet access:
 *
 * - at run time, `window.REDMAP_CONFIG = { basemap: 'tianditu', tiandituKey: '…' }` set by a
 *   script the deployment adds before the app bundle (no rebuild; wins over the build setting);
 * - at build time, `VITE_BASEMAP=tianditu|osm`, `VITE_TIANDITU_KEY`, `VITE_BASEMAP_ATTRIBUTION`,
 *   `VITE_RASTER_URL` in the environment of `vite build`.
 *
 * 天地图 (Tianditu) tiles are CGCS2000, which matches WGS84 at map scale, so our WGS84 data needs
 * no shift (unlike GCJ-02 consumer maps). Tianditu without a key is ignored (it would only fail).
 *
 * A local base-map archive (`BASEMAP_PMTILES` on the server: roads, rivers, villages of the site's
 * area) keeps the map offline: the server names it in `#redmap-server` data block of the page
 * (api/http/app-shell.ts) and serves it under `/tiles/basemap`. An online base map chosen above wins
 * over it, and `basemap: 'none'` turns it off.
 */

/** Which raster base map, if any, is drawn under our data. */
export type BasemapKind = 'none' | 'tianditu' | 'osm' | 'archive';

/** The server's base-map archive: vector tiles in the Protomaps schema, or raster tiles. */
export interface BasemapArchive {
  /** Its TileJSON (relative to the server, like every `/tiles` URL). */
  tilejson: string;
  format: 'vector' | 'raster';
  /** The source-layers of a vector archive, when the server listed them; the style draws only those. */
  layers?: readonly string[];
}

/** The base-map settings in effect. */
export interface BasemapConfig {
  kind: BasemapKind;
  /** Tianditu key (`tk`), required for `tianditu`. */
  tiandituKey: string | null;
  /** XYZ template for `osm` (e.g. an intranet mirror); defaults to tile.openstreetmap.org. */
  rasterUrl: string | null;
  /** Replaces the default attribution ("边界数据仅供演示，非标准地图"). */
  attribution: string | null;
  /** The archive drawn for `archive`, else null. */
  archive: BasemapArchive | null;
}

/** What a deployment may set on `window.REDMAP_CONFIG`. */
export interface RedmapRuntimeConfig {
  basemap?: string;
  tiandituKey?: string;
  rasterUrl?: string;
  attribution?: string;
}

/** What the server puts on the page (api/http/app-shell.ts `PageSettings`). */
export interface RedmapServerSettings {
  basemap?: unknown;
}

declare global {
  interface Window {
    REDMAP_CONFIG?: RedmapRuntimeConfig;
  }
}

/** The settings the server put in the page (`#redmap-server`, api/http/app-shell.ts), unchecked. */
export function pageServerSettings(): RedmapServerSettings | undefined {
  if (typeof document === 'undefined') return undefined;
  const text = document.getElementById('redmap-server')?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as RedmapServerSettings;
  } catch {
    return undefined;
  }
}

/** Where the server serves its archive's TileJSON (tiles/basemap/routes.ts). */
export const BASEMAP_TILEJSON = '/tiles/basemap.json';

export const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The server's archive as the page received it, checked (it is untyped data on `window`). */
function archiveOf(value: unknown): BasemapArchive | null {
  if (typeof value !== 'object' || value === null) return null;
  const { tilejson, format, layers } = value as Record<string, unknown>;
  // Only a path on this server: the setting must never send the map elsewhere.
  if (typeof tilejson !== 'string' || !tilejson.startsWith('/') || tilejson.startsWith('//')) return null;
  const listed = Array.isArray(layers) ? layers.filter((l): l is string => typeof l === 'string') : null;
  return { tilejson, format: format === 'raster' ? 'raster' : 'vector', ...(listed ? { layers: listed } : {}) };
}

/**
 * Reads the settings: `window.REDMAP_CONFIG` first, then the build's `VITE_*` variables, then the
 * server's archive (`#redmap-server`). `basemap: 'archive'` asks for the server's archive
 * where the page carries no settings (`vite dev`): a vector archive at `/tiles/basemap.json`.
 */
export function readBasemapConfig(
  runtime: RedmapRuntimeConfig | undefined = typeof window === 'undefined' ? undefined : window.REDMAP_CONFIG,
  env: Record<string, unknown> = import.meta.env ?? {},
  server: RedmapServerSettings | undefined = pageServerSettings(),
): BasemapConfig {
  const pick = (key: keyof RedmapRuntimeConfig, envKey: string) => text(runtime?.[key]) ?? text(env[envKey]);
  const tiandituKey = pick('tiandituKey', 'VITE_TIANDITU_KEY');
  const wanted = pick('basemap', 'VITE_BASEMAP');
  const served = archiveOf(server?.basemap);
  let kind: BasemapKind = 'none';
  let archive: BasemapArchive | null = null;
  if (wanted === 'osm') kind = 'osm';
  else if (wanted === 'tianditu' && tiandituKey) kind = 'tianditu';
  else if (wanted === 'archive' || (served && wanted !== 'none')) {
    kind = 'archive';
    archive = served ?? { tilejson: BASEMAP_TILEJSON, format: 'vector' };
  }
  return {
    kind,
    tiandituKey,
    rasterUrl: pick('rasterUrl', 'VITE_RASTER_URL'),
    attribution: pick('attribution', 'VITE_BASEMAP_ATTRIBUTION'),
    archive,
  };
}

/** Tianditu WMTS (Web Mercator, `_w`) tile URLs over its eight hosts t0..t7. */
export function tiandituTiles(layer: 'vec' | 'cva', key: string): string[] {
  const query =
    `SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles` +
    `&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;
  return Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?${query}`);
}
