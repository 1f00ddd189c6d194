import { describe, expect, it } from 'vitest';
import type { TrackResponse } from '../lib/positions.ts';
import {
  advance,
  checkRange,
  DEFAULT_RANGE_MS,
  defaultRange,
  fromLocalInput,
  MAX_RANGE_MS,
  type PlaybackPoint,
  positionAt,
  toLocalInput,
  toPlaybackTrack,
  trackBounds,
} from './trackPlayback.ts';

const T0 = Date.parse('2026-05-01T08:00:00Z');
const pt = (lon: number, lat: number, s: number): PlaybackPoint => ({
  position: [lon, lat],
  time: T0 + s * 1000,
  speedKmh: null,
});
const track = [pt(104, 23, 0), pt(104.1, 23, 60), pt(104.1, 23.2, 120)];

describe('positionAt', () => {
  it('is null for an empty track', () => {
    expect(positionAt([], T0)).toBeNull();
  });

  it('holds the first fix before the track and the last after it', () => {
    expect(positionAt(track, T0 - 5000)).toEqual({ position: [104, 23], index: 0 });
    expect(positionAt(track, T0 + 999_000)).toEqual({ position: [104.1, 23.2], index: 2 });
  });

  it('is exact at a fix', () => {
    expect(positionAt(track, T0 + 60_000)).toEqual({ position: [104.1, 23], index: 1 });
  });

  it('interpolates linearly between the fixes around t', () => {
    const at = positionAt(track, T0 + 30_000);
    expect(at?.index).toBe(0);
    expect(at?.position[0]).toBeCloseTo(104.05, 10);
    expect(at?.position[1]).toBeCloseTo(23, 10);
    const later = positionAt(track, T0 + 90_000);
    expect(later?.index).toBe(1);
    expect(later?.position[1]).toBeCloseTo(23.1, 10);
  });

  it('copes with two fixes at the same instant', () => {
    const twin = [pt(104, 23, 0), pt(104.2, 23, 10), pt(104.4, 23, 10), pt(104.4, 23.1, 20)];
    const at = positionAt(twin, T0 + 10_000);
    expect(at?.position[0]).toBeCloseTo(104.4, 10);
  });

  it('finds the segment in a long track', () => {
    const long = Array.from({ length: 1001 }, (_, i) => pt(104 + i / 1000, 23, i));
    const at = positionAt(long, T0 + 500_500);
    expect(at?.index).toBe(500);
    expect(at?.position[0]).toBeCloseTo(104.5005, 9);
  });

  it('is the single fix of a one-point track', () => {
    expect(positionAt([pt(104, 23, 0)], T0 + 1)).toEqual({ position: [104, 23], index: 0 });
  });
});

describe('playback clock', () => {
  it('advances at the speed and stops at the end', () => {
    expect(advance(T0, 1000, 60, T0 + 3_600_000)).toBe(T0 + 60_000);
    expect(advance(T0, 1000, 300, T0 + 60_000)).toBe(T0 + 60_000);
    expect(advance(T0, -20, 10, T0 + 60_000)).toBe(T0);
  });
});

describe('track from the API', () => {
  const body = {
    memberId: 7,
    name: '张三',
    from: '2026-05-01T00:00:00.000Z',
    to: '2026-05-02T00:00:00.000Z',
    fixes: 3,
    toleranceM: 0,
    lengthM: 1234,
    points: [
      { lon: 104.1, lat: 23, time: '2026-05-01T08:01:00.000Z', speedKmh: 12 },
      { lon: 104, lat: 23, time: '2026-05-01T08:00:00.000Z', speedKmh: null },
    ],
    stops: [{ lon: 104, lat: 23, from: '2026-05-01T08:00:00.000Z', to: '2026-05-01T08:10:00.000Z', minutes: 10 }],
  } satisfies TrackResponse;

  it('has numeric times in order, its span and its bounds', () => {
    const t = toPlaybackTrack(body);
    expect(t.points.map((p) => p.position[0])).toEqual([104, 104.1]);
    expect(t.start).toBe(T0);
    expect(t.range).toEqual({ from: body.from, to: body.to });
    expect(t.end).toBe(T0 + 60_000);
    expect(t.stops[0]).toEqual({ position: [104, 23], from: T0, to: T0 + 600_000, minutes: 10 });
    expect(trackBounds(t.points)).toEqual([104, 23, 104.1, 23]);
  });

  it('is empty without points', () => {
    const t = toPlaybackTrack({ ...body, fixes: 0, points: [], stops: [] });
    expect(t.points).toEqual([]);
    expect(t.start).toBe(0);
    expect(trackBounds(t.points)).toBeNull();
  });
});

describe('picked range', () => {
  it('round-trips a datetime-local value in local time', () => {
    const ms = new Date(2026, 4, 1, 9, 5).getTime();
    expect(toLocalInput(ms)).toBe('2026-05-01T09:05');
    expect(fromLocalInput('2026-05-01T09:05')).toBe(ms);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-05-01')).toBeNull();
  });

  it('defaults to the last 24 hours, ending at the next minute', () => {
    const now = new Date(2026, 4, 2, 10, 30, 15).getTime();
    const r = defaultRange(now);
    expect(r.to).toBe('2026-05-02T10:31');
    expect(r.from).toBe('2026-05-01T10:31');
    expect((fromLocalInput(r.to) ?? 0) - (fromLocalInput(r.from) ?? 0)).toBe(DEFAULT_RANGE_MS);
  });

  it('gives ISO instants for the API, or what is wrong', () => {
    const ok = checkRange('2026-05-01T09:00', '2026-05-01T18:00');
    expect(ok).toEqual({
      from: new Date(2026, 4, 1, 9).toISOString(),
      to: new Date(2026, 4, 1, 18).toISOString(),
    });
    expect(checkRange('', '2026-05-01T18:00')).toEqual({ problem: 'incomplete' });
    expect(checkRange('2026-05-01T18:00', '2026-05-01T18:00')).toEqual({ problem: 'order' });
    expect(checkRange('2026-05-01T00:00', '2026-06-02T00:00')).toEqual({ problem: 'tooLong' });
    const longest = new Date(2026, 4, 1).getTime() + MAX_RANGE_MS;
    expect('from' in checkRange('2026-05-01T00:00', toLocalInput(longest))).toBe(true);
  });
});
