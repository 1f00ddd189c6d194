import type { TrackResponse } from '../lib/positions.ts';

/**
 * Pure logic of track playback: the track with numeric times, where the member was at any
 * instant, the playback clock, and the range the user picks (datetime-local inputs).
 */

/** One fix of a track ready to play: position and time in ms since the epoch. */
export interface PlaybackPoint {
  position: [number, number];
  time: number;
  speedKmh: number | null;
}

/** A stay, with numeric times. */
export interface PlaybackStop {
  position: [number, number];
  from: number;
  to: number;
  minutes: number;
}

/** A member's track for the player. */
export interface PlaybackTrack {
  memberId: number;
  name: string;
  /** The range asked for, as the server read it (ISO instants). */
  range: { from: string; to: string };
  /** Fixes in the range (before any simplification). */
  fixes: number;
  /** Simplification tolerance the server applied; 0 when every fix is kept. */
  toleranceM: number;
  /** Length of the unsimplified track. */
  lengthM: number;
  /** In time order; possibly simplified. */
  points: PlaybackPoint[];
  stops: PlaybackStop[];
  /** Time of the first and the last point; equal for a single fix, 0 for an empty track. */
  start: number;
  end: number;
}

/** The server's track with numeric times, sorted by time (it already is; this keeps it so). */
export function toPlaybackTrack(r: TrackResponse): PlaybackTrack {
  const points = r.points
    .map((p) => ({ position: [p.lon, p.lat] as [number, number], time: Date.parse(p.time), speedKmh: p.speedKmh }))
    .filter((p) => Number.isFinite(p.time))
    .sort((a, b) => a.time - b.time);
  const stops = r.stops.map((s) => ({
    position: [s.lon, s.lat] as [number, number],
    from: Date.parse(s.from),
    to: Date.parse(s.to),
    minutes: s.minutes,
  }));
  return {
    memberId: r.memberId,
    name: r.name,
    range: { from: r.from, to: r.to },
    fixes: r.fixes,
    toleranceM: r.toleranceM,
    lengthM: r.lengthM,
    points,
    stops,
    start: points[0]?.time ?? 0,
    end: points.at(-1)?.time ?? 0,
  };
}

/** Where the member was at `t`, and the index of the last fix at or before it. */
export interface PlaybackPosition {
  position: [number, number];
  /** The segment the position lies on starts at this point (clamped to the track's ends). */
  index: number;
}

/**
 * The position at time `t`, linearly interpolated between the fixes around it (fixes are a few
 * seconds to a minute apart, so a straight line is as good as any). Before the first fix it is the
 * first; after the last, the last. Null for an empty track.
 */
export function positionAt(points: readonly PlaybackPoint[], t: number): PlaybackPosition | null {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  if (t <= first.time) return { position: first.position, index: 0 };
  if (t >= last.time) return { position: last.position, index: points.length - 1 };
  // Largest i with points[i].time <= t; t lies strictly inside the track here.
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as PlaybackPoint).time <= t) lo = mid;
    else hi = mid;
  }
  const a = points[lo] as PlaybackPoint;
  const b = points[hi] as PlaybackPoint;
  const span = b.time - a.time;
  const f = span > 0 ? (t - a.time) / span : 1;
  return {
    position: [
      a.position[0] + (b.position[0] - a.position[0]) * f,
      a.position[1] + (b.position[1] - a.position[1]) * f,
    ],
    index: lo,
  };
}

/** Playback speeds offered: real time, then faster (one hour in a minute at 60×). */
export const PLAYBACK_SPEEDS = [1, 10, 60, 300, 1800] as const;
/** The speed a track starts with: a day plays in under five minutes. */
export const DEFAULT_SPEED = 300;

/** The playback clock after `elapsedMs` of wall time at `speed`, stopped at `end`. */
export function advance(t: number, elapsedMs: number, speed: number, end: number): number {
  return Math.min(end, t + Math.max(0, elapsedMs) * speed);
}

/** `[minLon, minLat, maxLon, maxLat]` of the points, or null when there are none. */
export function trackBounds(points: readonly PlaybackPoint[]): [number, number, number, number] | null {
  if (points.length === 0) return null;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    const [x, y] = p.position;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/** The server refuses ranges longer than this. */
export const MAX_RANGE_MS = 31 * 86_400_000;
/** The range a new playback opens with: the last 24 hours. */
export const DEFAULT_RANGE_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as a `datetime-local` input's value (`YYYY-MM-DDTHH:mm`, local time). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as ms since the epoch (read as local time), or null when incomplete. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  // A date-time without an offset is local time (ECMA-262 Date.parse).
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The default range as input values: the 24 hours up to `now`, the end rounded up to the next
 * minute so the inputs' minute precision does not cut off the latest fixes.
 */
export function defaultRange(now: number): { from: string; to: string } {
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: toLocalInput(to - DEFAULT_RANGE_MS), to: toLocalInput(to) };
}

/** Why a picked range cannot be asked for. */
export type RangeProblem = 'incomplete' | 'order' | 'tooLong';

/** The picked range as ISO instants for the API, or what is wrong with it. */
export function checkRange(from: string, to: string): { from: string; to: string } | { problem: RangeProblem } {
  const a = fromLocalInput(from);
  const b = fromLocalInput(to);
  if (a === null || b === null) return { problem: 'incomplete' };
  if (a >= b) return { problem: 'order' };
  if (b - a > MAX_RANGE_MS) return { problem: 'tooLong' };
  return { from: new Date(a).toISOString(), to: new Date(b).toISOString() };
}
