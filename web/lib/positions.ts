import type { MultiPolygon, Polygon } from 'geojson';
import type { InferResponseType } from 'hono/client';
// Type-only: the server's shape of a live fix is the single source of truth.
import type { LivePosition as LivePositionFromServer } from '../../api/positions/routes.ts';
import { ApiError, api, isRecord, unwrap } from './api.ts';

/**
 * The BeiDou positions API as the map uses it: the live stream's messages (`GET
 * /api/positions/live`, server-sent events), a member's track (`GET /api/positions/track`) and
 * who was inside a drawn area (`POST /api/positions/area-query`).
 */

/** One device's latest fix as the live stream sends it. */
export type LivePosition = LivePositionFromServer;

/** The live stream sends the fixes of this recent past first; the live layer shows no older ones. */
export const LIVE_WINDOW_MS = 30 * 60_000;

/** The live stream's URL: same origin, so the session cookie goes along. */
export function liveUrl(intervalMs = 1000): string {
  return `/api/positions/live?interval=${Math.round(intervalMs)}`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The positions in a `snapshot` or `positions` message; malformed entries are skipped. */
export function parseLivePositions(data: string): LivePosition[] {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return [];
  }
  if (!Array.isArray(body)) return [];
  const out: LivePosition[] = [];
  for (const p of body) {
    if (!isRecord(p)) continue;
    const deviceId = num(p.deviceId);
    const memberId = num(p.memberId);
    const lon = num(p.lon);
    const lat = num(p.lat);
    if (deviceId === null || memberId === null || lon === null || lat === null) continue;
    if (typeof p.time !== 'string' || Number.isNaN(Date.parse(p.time))) continue;
    out.push({
      deviceId,
      memberId,
      name: typeof p.name === 'string' ? p.name : '',
      orgId: num(p.orgId) ?? 0,
      lon,
      lat,
      time: p.time,
      speedKmh: num(p.speedKmh),
      heading: num(p.heading),
    });
  }
  return out;
}

/** Live fixes by device id, in a stable order: a device keeps its place until it leaves. */
export type LiveMap = ReadonlyMap<number, LivePosition>;

/**
 * The result of a change to a {@link LiveMap}. `stable` says whether every device kept its index
 * in the list (updates in place, new devices at the end): only then may the map animate moves
 * index by index, as deck.gl's attribute transitions do.
 */
export interface LiveChange {
  map: LiveMap;
  stable: boolean;
}

/**
 * Takes in a `snapshot` (everything there is: devices absent from it leave) or a `positions`
 * message (only the devices that moved). A fix older than the one held is ignored, so a late
 * message cannot move a member back.
 */
export function applyLive(prev: LiveMap, incoming: readonly LivePosition[], snapshot: boolean): LiveChange {
  const next = new Map(prev);
  let stable = true;
  if (snapshot) {
    const present = new Set(incoming.map((p) => p.deviceId));
    for (const id of prev.keys()) {
      if (!present.has(id)) {
        next.delete(id);
        stable = false;
      }
    }
  }
  for (const p of incoming) {
    const held = next.get(p.deviceId);
    if (held && Date.parse(held.time) > Date.parse(p.time)) continue;
    // Map.set on a present key keeps its place in the iteration order.
    next.set(p.deviceId, p);
  }
  return { map: next, stable };
}

/** Drops the fixes older than `windowMs` at `now`; the same map (unchanged) when none is. */
export function pruneLive(prev: LiveMap, now: number, windowMs: number = LIVE_WINDOW_MS): LiveChange {
  let next: Map<number, LivePosition> | null = null;
  for (const [id, p] of prev) {
    if (now - Date.parse(p.time) <= windowMs) continue;
    next ??= new Map(prev);
    next.delete(id);
  }
  return next ? { map: next, stable: false } : { map: prev, stable: true };
}

/** `GET /api/positions/track` as JSON (the GPX and KML downloads are files, not this). */
export type TrackResponse = Extract<InferResponseType<typeof api.positions.track.$get, 200>, { points: unknown }>;
/** One fix of a track. */
export type TrackFix = TrackResponse['points'][number];
/** A stay of a few minutes or more at one place. */
export type TrackStop = TrackResponse['stops'][number];

/** Which track: a member between two instants (ISO 8601 with zone). */
export interface TrackQuery {
  memberId: number;
  from: string;
  to: string;
}

function trackParams(q: TrackQuery): Record<string, string> {
  return { member: String(q.memberId), from: q.from, to: q.to };
}

/** The URL of a track as a GPX or KML file (the server names the file). */
export function trackFileUrl(q: TrackQuery, format: 'gpx' | 'kml'): string {
  return `/api/positions/track?${new URLSearchParams({ ...trackParams(q), format })}`;
}

/** A member's track for playback: simplified by the server when long, with its stops. */
export async function fetchTrack(q: TrackQuery, signal?: AbortSignal): Promise<TrackResponse> {
  const body = await unwrap(api.positions.track.$get({ query: trackParams(q) }, { init: { signal } }));
  if (!isRecord(body) || !Array.isArray(body.points) || !Array.isArray(body.stops)) {
    throw new ApiError(200, 'invalid_response', 'track: unexpected body');
  }
  return body as TrackResponse;
}

/** The area of an area query: a GeoJSON Polygon or MultiPolygon in WGS84. */
export type AreaGeometry = Polygon | MultiPolygon;

/** `POST /api/positions/area-query`: who was inside `geometry` between two instants (ISO 8601 with zone). */
export interface AreaQueryRequest {
  geometry: AreaGeometry;
  from: string;
  to: string;
}

/** A member with fixes inside the area: the first and the last of them, and how many. */
export interface AreaMember {
  memberId: number;
  name: string;
  orgId: number;
  orgName: string;
  /** ISO instants. */
  firstAt: string;
  lastAt: string;
  fixes: number;
}

/** The answer of an area query: the range as the server read it, members by their first fix. */
export interface AreaQueryResponse {
  from: string;
  to: string;
  members: AreaMember[];
}

/** The server lists at most this many members (api/positions/area.sql). */
export const AREA_QUERY_LIMIT = 1000;

const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/**
 * The body of an area query's answer, checked: the route's rows are untyped on the server, so
 * this is where their shape is pinned down. Null when the body is not such an answer; members
 * without an id or times are skipped.
 */
export function parseAreaResponse(body: unknown): AreaQueryResponse | null {
  if (!isRecord(body) || !isTime(body.from) || !isTime(body.to) || !Array.isArray(body.members)) return null;
  const members: AreaMember[] = [];
  for (const m of body.members) {
    if (!isRecord(m)) continue;
    const memberId = num(m.memberId);
    if (memberId === null || !isTime(m.firstAt) || !isTime(m.lastAt)) continue;
    members.push({
      memberId,
      name: typeof m.name === 'string' ? m.name : '',
      orgId: num(m.orgId) ?? 0,
      orgName: typeof m.orgName === 'string' ? m.orgName : '',
      firstAt: m.firstAt,
      lastAt: m.lastAt,
      fixes: num(m.fixes) ?? 0,
    });
  }
  return { from: body.from, to: body.to, members };
}

/**
 * Who was inside an area between two instants (`POST /api/positions/area-query`), scoped to the
 * caller by the server. Throws an {@link ApiError}: 400 `invalid_request` for a bad range or
 * shape, 422 `invalid_geometry` for a polygon that crosses itself.
 */
export async function areaQuery(request: AreaQueryRequest, signal?: AbortSignal): Promise<AreaQueryResponse> {
  const body = await unwrap(api.positions['area-query'].$post({ json: request }, { init: { signal } }));
  const parsed = parseAreaResponse(body);
  if (!parsed) throw new ApiError(200, 'invalid_response', 'area query: unexpected body');
  return parsed;
}
