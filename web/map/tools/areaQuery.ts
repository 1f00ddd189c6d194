/**
 * Pure logic of the area query (区域轨迹查询, "who was here"): the request built from the drawn
 * polygon and the two datetime-local inputs, what is wrong with them, and how results and
 * failures read. The panel (AreaQueryPanel.tsx) only calls these.
 */
import type { Polygon, Position } from 'geojson';
import type { Translate } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import { ApiError } from '../../lib/api.ts';
import type { AreaQueryRequest } from '../../lib/positions.ts';
import { checkRange, type RangeProblem } from '../trackPlayback.ts';

/** Why a query cannot be sent: no area drawn, too small an area, or a bad range. */
export type AreaProblem = 'noArea' | 'degenerate' | RangeProblem;

/** Decimals kept of a drawn coordinate: 1e-7° is about a centimetre. */
const DECIMALS = 7;

const round = (v: number) => Number(v.toFixed(DECIMALS));

/**
 * A drawn ring cleaned for the API: rounded, without repeated corners, closed. Null when fewer
 * than three distinct corners remain or a coordinate is not a longitude/latitude.
 */
export function cleanRing(ring: readonly Position[]): Position[] | null {
  const out: Position[] = [];
  for (const p of ring) {
    const [lon, lat] = p;
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
    const q = [round(lon), round(lat)];
    const prev = out[out.length - 1];
    if (prev && prev[0] === q[0] && prev[1] === q[1]) continue;
    out.push(q);
  }
  // The closing corner (equal to the first) is added back below.
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  if (out.length < 3 || !first) return null;
  return [...out, [first[0] ?? 0, first[1] ?? 0]];
}

/** The drawn polygon as the API takes it (see {@link cleanRing}); null when it has no area. */
export function areaGeometry(polygon: Polygon): Polygon | null {
  const rings: Position[][] = [];
  for (const ring of polygon.coordinates) {
    const clean = cleanRing(ring);
    // Without an outer ring there is no area; a collapsed hole is only dropped.
    if (!clean && rings.length === 0) return null;
    if (clean) rings.push(clean);
  }
  return rings.length > 0 ? { type: 'Polygon', coordinates: rings } : null;
}

/** The request for the drawn area and the picked range (inputs' values), or what is wrong. */
export function buildAreaQuery(
  area: Polygon | null,
  from: string,
  to: string,
): { request: AreaQueryRequest } | { problem: AreaProblem } {
  if (!area) return { problem: 'noArea' };
  const geometry = areaGeometry(area);
  if (!geometry) return { problem: 'degenerate' };
  const range = checkRange(from, to);
  if ('problem' in range) return { problem: range.problem };
  return { request: { geometry, from: range.from, to: range.to } };
}

/** Whether two requests ask the same (a repeated 查询 then reloads instead of doing nothing). */
export function sameRequest(a: AreaQueryRequest | null, b: AreaQueryRequest | null): boolean {
  if (!a || !b) return a === b;
  return a.from === b.from && a.to === b.to && JSON.stringify(a.geometry) === JSON.stringify(b.geometry);
}

/**
 * A failed query for people: a self-crossing area says to draw again; anything else is "查询失败"
 * with the translated (or the server's own) reason.
 */
export function areaErrorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError && error.code === 'invalid_geometry') return t('area.error.geometry');
  return t('area.error', { message: errorText(t, error) });
}

/** Whether two instants fall on the same local calendar day. */
export function sameLocalDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/** Formatters of a result row's times: a date with time, and a time alone. */
export interface SpanFormat {
  dateTime: (ms: number) => string;
  time: (ms: number) => string;
}

/**
 * A member's first to last fix: "05-01 09:05–11:20" within one day, "05-01 22:10–05-02 06:40"
 * across days, one time when both are the same minute.
 */
export function spanText(firstAt: string, lastAt: string, format: SpanFormat): string {
  const a = Date.parse(firstAt);
  const b = Date.parse(lastAt);
  const first = format.dateTime(a);
  if (Math.floor(a / 60_000) === Math.floor(b / 60_000)) return first;
  return `${first}–${sameLocalDay(a, b) ? format.time(b) : format.dateTime(b)}`;
}
