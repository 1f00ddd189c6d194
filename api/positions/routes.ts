import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type pg from 'pg';
import { z } from 'zod';
import { readers } from '../auth/middleware.ts';
import { type Caller, scopedQuery } from '../auth/scope.ts';
import { findCaller, SESSION_COOKIE } from '../auth/sessions.ts';
import { loadSql } from '../db/sql.ts';
import type { Ingest } from '../devices/ingest.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { ApiError, badRequest, notFound, unprocessable } from '../http/errors.ts';
import { checkVertexCount, polygonGeometry } from '../http/geometry.ts';
import { idParam, parse } from '../http/validate.ts';
import { findStops, simplifyTrack, type TrackPoint, toGpx, toKml, trackLength } from './track.ts';

const LIVE = loadSql(import.meta.url, 'live.sql');
const TRACK = loadSql(import.meta.url, 'track.sql');
const AREA = loadSql(import.meta.url, 'area.sql');
const ZONE_DUTY = loadSql(import.meta.url, 'zone-duty.sql');
const MEMBER = loadSql(import.meta.url, 'member.sql');
const AREA_CHECK = loadSql(import.meta.url, 'area-check.sql');

/** Open live streams one user may hold (tabs, the big screen); more slowed every request. */
export const MAX_LIVE_STREAMS_PER_USER = 4;
/** How often an open stream checks that its session still exists (logout, expiry). */
const LIVE_SESSION_CHECK_MS = 5_000;
/** A track or area query spans at most this long. */
const MAX_RANGE_MS = 31 * 86_400_000;
/** Tracks longer than this are simplified for playback (the stops come from every fix). */
const MAX_TRACK_POINTS = 2000;

/** One device's latest fix as the live stream sends it. */
export interface LivePosition {
  deviceId: number;
  memberId: number;
  name: string;
  orgId: number;
  lon: number;
  lat: number;
  time: string;
  speedKmh: number | null;
  heading: number | null;
}

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a zone' });
/** `from`/`to`, from before to, at most 31 days apart. */
const range = z
  .object({ from: isoTime.transform((s) => new Date(s)), to: isoTime.transform((s) => new Date(s)) })
  .refine((r) => r.from < r.to, { message: 'from must be before to', path: ['from'] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= MAX_RANGE_MS, {
    message: 'the range may span at most 31 days',
    path: ['to'],
  });
const trackQuery = z
  .object({
    member: idParam,
    format: z.enum(['json', 'gpx', 'kml']).default('json'),
    /** Simplification tolerance in metres; by default only tracks over 2,000 fixes are simplified. */
    tolerance: z.coerce.number().min(0).max(1000).optional(),
    stopMinutes: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(5),
  })
  .and(range);
const liveQuery = z.object({ interval: z.coerce.number().int().min(250).max(10_000).default(1000) });
const areaBody = z.object({ geometry: polygonGeometry }).and(range);

function audit(
  pool: pg.Pool,
  caller: Caller,
  action: string,
  subjectKind: string,
  subjectId: number | null,
  detail: object,
) {
  return pool.query(
    'INSERT INTO audit_log (user_id, action, subject_kind, subject_id, detail) VALUES ($1, $2, $3, $4, $5)',
    [caller.userId, action, subjectKind, subjectId, JSON.stringify(detail)],
  );
}

/** The tolerance that brings a track under {@link MAX_TRACK_POINTS}: 5 m, doubled until it fits. */
function playbackPoints(
  points: TrackPoint[],
  tolerance: number | undefined,
): { points: TrackPoint[]; toleranceM: number } {
  if (tolerance !== undefined) return { points: simplifyTrack(points, tolerance), toleranceM: tolerance };
  let toleranceM = 0;
  let out = points;
  while (out.length > MAX_TRACK_POINTS && toleranceM < 1000) {
    toleranceM = toleranceM === 0 ? 5 : toleranceM * 2;
    out = simplifyTrack(points, toleranceM);
  }
  return { points: out, toleranceM };
}

/**
 * `/api/positions`: the live stream of latest fixes, member tracks for playback and export,
 * "who was in this area", and duty hours per zone. Every query is scoped in SQL; reads of
 * positions are written to the audit log.
 */
export function positionRoutes({ pool }: AppDeps, ingest: Ingest) {
  /** Open live streams per user id. */
  const liveStreams = new Map<number, number>();
  return (
    new Hono<AppEnv>()
      .use(readers)
      /**
       * Server-sent events: `snapshot` (the terminals online now, by `terminal_online()`), then
       * `positions` with the devices that moved, at most once per `interval` ms per client. The
       * commit feed only says which devices moved; each client's own scoped query decides what it
       * may see.
       */
      .get('/live', async (c) => {
        const { interval } = parse(liveQuery, c.req.query(), 'live query');
        const caller = c.get('caller');
        const token = getCookie(c, SESSION_COOKIE) ?? '';
        const open = liveStreams.get(caller.userId) ?? 0;
        if (open >= MAX_LIVE_STREAMS_PER_USER) {
          throw new ApiError(429, 'too_many_streams', `at most ${MAX_LIVE_STREAMS_PER_USER} live streams per user`);
        }
        liveStreams.set(caller.userId, open + 1);
        await audit(pool, caller, 'live_positions', 'member', null, { interval });
        return streamSSE(c, async (stream) => {
          const moved = new Set<number>();
          const off = ingest.onCommit((fixes) => {
            for (const f of fixes) moved.add(f.deviceId);
          });
          let closed = false;
          const release = () => {
            if (closed) return;
            closed = true;
            off();
            const n = (liveStreams.get(caller.userId) ?? 1) - 1;
            if (n > 0) liveStreams.set(caller.userId, n);
            else liveStreams.delete(caller.userId);
          };
          stream.onAbort(release);
          try {
            const snapshot = await scopedQuery<LivePosition>(pool, caller, LIVE, [null, new Date()]);
            await stream.writeSSE({ event: 'snapshot', data: JSON.stringify(snapshot.rows) });
            let quiet = 0;
            let checked = Date.now();
            while (!stream.aborted) {
              await stream.sleep(interval);
              // A stream outlives no session: after logout or expiry it says so and ends.
              if (Date.now() - checked >= LIVE_SESSION_CHECK_MS) {
                checked = Date.now();
                const still = await findCaller(pool, token);
                if (still?.userId !== caller.userId) {
                  await stream.writeSSE({ event: 'end', data: JSON.stringify({ reason: 'session_ended' }) });
                  break;
                }
              }
              if (moved.size === 0) {
                // A comment line now and then keeps proxies from closing an idle stream.
                quiet += interval;
                if (quiet >= 15_000) {
                  await stream.write(': keep-alive\n\n');
                  quiet = 0;
                }
                continue;
              }
              const ids = [...moved];
              moved.clear();
              const { rows } = await scopedQuery<LivePosition>(pool, caller, LIVE, [ids, null]);
              if (rows.length > 0) await stream.writeSSE({ event: 'positions', data: JSON.stringify(rows) });
            }
          } finally {
            release();
          }
        });
      })
      /** A member's track: JSON for playback (simplified when long, with stops), or GPX/KML. */
      .get('/track', async (c) => {
        const q = parse(trackQuery, c.req.query(), 'track query');
        const caller = c.get('caller');
        const who = await scopedQuery<{ name: string }>(pool, caller, MEMBER, [q.member]);
        const name = who.rows[0]?.name;
        if (name === undefined) throw notFound('member');
        const { rows } = await scopedQuery<TrackPoint>(pool, caller, TRACK, [q.member, q.from, q.to]);
        await audit(pool, caller, 'read_track', 'member', q.member, { from: q.from, to: q.to, fixes: rows.length });
        const stops = findStops(rows, q.stopMinutes);
        const title = `${name} ${q.from.toISOString().slice(0, 10)}`;
        const file = `track-${q.member}-${q.from.toISOString().slice(0, 10)}`;
        if (q.format === 'gpx') {
          c.header('Content-Disposition', `attachment; filename="${file}.gpx"`);
          return c.body(toGpx(title, rows, stops), 200, { 'Content-Type': 'application/gpx+xml' });
        }
        if (q.format === 'kml') {
          c.header('Content-Disposition', `attachment; filename="${file}.kml"`);
          return c.body(toKml(title, rows, stops), 200, { 'Content-Type': 'application/vnd.google-earth.kml+xml' });
        }
        const playback = playbackPoints(rows, q.tolerance);
        return c.json({
          memberId: q.member,
          name,
          from: q.from,
          to: q.to,
          fixes: rows.length,
          toleranceM: playback.toleranceM,
          lengthM: Math.round(trackLength(rows)),
          points: playback.points,
          stops,
        });
      })
      /** Who was inside the drawn area between `from` and `to`, with first and last fix. */
      .post('/area-query', async (c) => {
        const raw = await c.req.json().catch(() => {
          throw badRequest('body must be JSON: { "geometry", "from", "to" }');
        });
        const body = parse(areaBody, raw, 'area query');
        checkVertexCount(body.geometry);
        const geometry = JSON.stringify(body.geometry);
        const check = await pool.query<{ valid: boolean; reason: string | null }>(AREA_CHECK, [geometry]);
        if (!check.rows[0]?.valid) {
          throw unprocessable('invalid_geometry', `invalid geometry: ${check.rows[0]?.reason ?? 'unreadable'}`);
        }
        const caller = c.get('caller');
        const { rows } = await scopedQuery(pool, caller, AREA, [geometry, body.from, body.to]);
        await audit(pool, caller, 'area_query', 'member', null, { from: body.from, to: body.to, members: rows.length });
        return c.json({ from: body.from, to: body.to, members: rows });
      })
      /** Hours in each zone for one member (duty hours), from the geofence's events. */
      .get('/zone-duty', async (c) => {
        const q = parse(z.object({ member: idParam }).and(range), c.req.query(), 'zone duty query');
        const { rows } = await scopedQuery(pool, c.get('caller'), ZONE_DUTY, [q.member, q.from, q.to]);
        return c.json({ memberId: q.member, from: q.from, to: q.to, zones: rows });
      })
  );
}
