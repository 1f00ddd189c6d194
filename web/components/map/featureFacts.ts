/**
 * Pure facts shown in the feature drawer: a member's online state, coordinates, a zone's validity
 * and where to fly for a geometry.
 */
import { ONLINE_WINDOW_MS } from '../../../api/devices/online.ts';

/** Zoom for a point feature: street level, where a seat or a member stands out from neighbours. */
export const POINT_ZOOM = 14;

/** Zoom range for fitting an area, so a sliver does not zoom to the pavement nor a county to space. */
const MIN_FIT_ZOOM = 5;
const MAX_FIT_ZOOM = 16;
/** Pixels the fitted area should span: the map's width left free beside the panels on a 1366 px screen. */
const FIT_PIXELS = 480;
/** MapLibre's tile size: at zoom z the world is 512·2^z pixels wide. */
const TILE_PIXELS = 512;

/**
 * Online when the latest fix is at most `windowMs` old: the one definition (api/devices/online.ts,
 * SQL `terminal_online()`), for fixes the client holds itself (the live layer's). An unreadable
 * time counts as offline.
 */
export function fixStatus(
  time: string,
  now: number = Date.now(),
  windowMs: number = ONLINE_WINDOW_MS,
): 'online' | 'offline' {
  const at = Date.parse(time);
  if (Number.isNaN(at)) return 'offline';
  // A terminal clock slightly ahead of ours gives a fix "from the future": it is still fresh.
  return now - at <= windowMs ? 'online' : 'offline';
}

/** `104.12346°E, 23.45679°N`: 5 decimals (about 1 m), hemispheres instead of signs. */
export function formatLonLat(lon: number, lat: number): string {
  const ew = lon < 0 ? 'W' : 'E';
  const ns = lat < 0 ? 'S' : 'N';
  return `${Math.abs(lon).toFixed(5)}°${ew}, ${Math.abs(lat).toFixed(5)}°${ns}`;
}

/** Today as `YYYY-MM-DD` in local time, the form of the server's `date` columns. */
export function localIsoDate(today: Date = new Date()): string {
  const mm = String(today.getMonth() + 1).padStart(2, '0');
  const dd = String(today.getDate()).padStart(2, '0');
  return `${today.getFullYear()}-${mm}-${dd}`;
}

/** Whether a zone valid from `from` to `to` (inclusive; null = open) applies today. */
export function validityState(
  from: string | null,
  to: string | null,
  today: Date = new Date(),
): 'active' | 'pending' | 'expired' {
  // ISO dates compare correctly as strings.
  const day = localIsoDate(today);
  if (from && day < from.slice(0, 10)) return 'pending';
  if (to && day > to.slice(0, 10)) return 'expired';
  return 'active';
}

/** A GeoJSON geometry as far as locating needs it. */
export interface LocatableGeometry {
  type: string;
  coordinates: unknown;
}

/** `[minLon, minLat, maxLon, maxLat]` of any coordinate nesting, or null when there is no position. */
export function geometryBbox(geometry: LocatableGeometry): [number, number, number, number] | null {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    const [x, y] = c;
    if (typeof x === 'number' && typeof y === 'number') {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
      return;
    }
    for (const child of c) visit(child);
  };
  visit(geometry.coordinates);
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}

/**
 * The zoom at which `bbox` spans about {@link FIT_PIXELS}. Web Mercator stretches north–south
 * distances by 1/cos(latitude), so the latitude span is scaled before comparing with longitude.
 */
export function zoomToFit(bbox: readonly [number, number, number, number]): number {
  const [minX, minY, maxX, maxY] = bbox;
  const midLat = ((minY + maxY) / 2) * (Math.PI / 180);
  const span = Math.max(maxX - minX, (maxY - minY) / Math.max(Math.cos(midLat), 0.01));
  if (span <= 0) return POINT_ZOOM;
  const zoom = Math.log2((FIT_PIXELS * 360) / (TILE_PIXELS * span));
  return Math.min(MAX_FIT_ZOOM, Math.max(MIN_FIT_ZOOM, Math.round(zoom * 10) / 10));
}

/** Where to fly for a geometry: a point at {@link POINT_ZOOM}, an area centred and fitted. */
export function locateTarget(geometry: LocatableGeometry | null): { center: [number, number]; zoom: number } | null {
  if (!geometry) return null;
  const bbox = geometryBbox(geometry);
  if (!bbox) return null;
  const [minX, minY, maxX, maxY] = bbox;
  const center: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2];
  return { center, zoom: geometry.type === 'Point' ? POINT_ZOOM : zoomToFit(bbox) };
}

/** Pages needed for `total` rows; at least one, so an empty list still reads "page 1 of 1". */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
