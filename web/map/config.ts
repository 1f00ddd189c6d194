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
 */

/** Which raster base map, if any, is drawn under our data. */
export type BasemapKind = 'none' | 'tianditu' | 'osm';

/** The base-map settings in effect. */
export interface BasemapConfig {
  kind: BasemapKind;
  /** Tianditu key (`tk`), required for `tianditu`. */
  tiandituKey: string | null;
  /** XYZ template for `osm` (e.g. an intranet mirror); defaults to tile.openstreetmap.org. */
  rasterUrl: string | null;
  /** Replaces the default attribution ("边界数据仅供演示，非标准地图"). */
  attribution: string | null;
}

/** What a deployment may set on `window.REDMAP_CONFIG`. */
export interface RedmapRuntimeConfig {
  basemap?: string;
  tiandituKey?: string;
  rasterUrl?: string;
  attribution?: string;
}

declare global {
  interface Window {
    REDMAP_CONFIG?: RedmapRuntimeConfig;
  }
}

export const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Reads the settings: `window.REDMAP_CONFIG` first, then the build's `VITE_*` variables. */
export function readBasemapConfig(
  runtime: RedmapRuntimeConfig | undefined = typeof window === 'undefined' ? undefined : window.REDMAP_CONFIG,
  env: Record<string, unknown> = import.meta.env ?? {},
): BasemapConfig {
  const pick = (key: keyof RedmapRuntimeConfig, envKey: string) => text(runtime?.[key]) ?? text(env[envKey]);
  const tiandituKey = pick('tiandituKey', 'VITE_TIANDITU_KEY');
  const wanted = pick('basemap', 'VITE_BASEMAP');
  let kind: BasemapKind = 'none';
  if (wanted === 'osm') kind = 'osm';
  else if (wanted === 'tianditu' && tiandituKey) kind = 'tianditu';
  return {
    kind,
    tiandituKey,
    rasterUrl: pick('rasterUrl', 'VITE_RASTER_URL'),
    attribution: pick('attribution', 'VITE_BASEMAP_ATTRIBUTION'),
  };
}

/** Tianditu WMTS (Web Mercator, `_w`) tile URLs over its eight hosts t0..t7. */
export function tiandituTiles(layer: 'vec' | 'cva', key: string): string[] {
  const query =
    `SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles` +
    `&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;
  return Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?${query}`);
}
