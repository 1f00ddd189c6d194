import { describe, expect, it } from 'vitest';
import {
  applyLive,
  LIVE_WINDOW_MS,
  type LiveMap,
  type LivePosition,
  parseAreaResponse,
  parseLivePositions,
  pruneLive,
  trackFileUrl,
} from './positions.ts';

const fix = (deviceId: number, time: string, lon = 104): LivePosition => ({
  deviceId,
  memberId: deviceId * 10,
  name: `党员${deviceId}`,
  orgId: 1,
  lon,
  lat: 23,
  time,
  speedKmh: null,
  heading: null,
});

const ids = (m: LiveMap) => [...m.keys()];

describe('parseLivePositions', () => {
  it('reads the stream messages and skips malformed entries', () => {
    const good = fix(1, '2026-05-01T08:00:00Z');
    const data = JSON.stringify([good, { deviceId: 2 }, { ...good, deviceId: 3, time: 'soon' }, 'x', null]);
    expect(parseLivePositions(data)).toEqual([good]);
    expect(parseLivePositions('not json')).toEqual([]);
    expect(parseLivePositions('{"a":1}')).toEqual([]);
  });
});

describe('applyLive', () => {
  const t0 = '2026-05-01T08:00:00Z';
  const t1 = '2026-05-01T08:00:05Z';

  it('updates in place and appends new devices: a stable order', () => {
    const { map } = applyLive(new Map(), [fix(1, t0), fix(2, t0)], true);
    const next = applyLive(map, [fix(3, t1), fix(1, t1, 105)], false);
    expect(ids(next.map)).toEqual([1, 2, 3]);
    expect(next.map.get(1)?.lon).toBe(105);
    expect(next.stable).toBe(true);
    // The previous map is left alone (React state).
    expect(map.get(1)?.lon).toBe(104);
  });

  it('ignores a fix older than the one held', () => {
    const { map } = applyLive(new Map(), [fix(1, t1, 105)], true);
    expect(applyLive(map, [fix(1, t0, 104)], false).map.get(1)?.lon).toBe(105);
  });

  it('drops devices a snapshot no longer has, and says the order moved', () => {
    const { map } = applyLive(new Map(), [fix(1, t0), fix(2, t0), fix(3, t0)], true);
    const next = applyLive(map, [fix(3, t1), fix(1, t1)], true);
    expect(ids(next.map)).toEqual([1, 3]);
    expect(next.stable).toBe(false);
    expect(applyLive(next.map, [fix(1, t1), fix(3, t1)], true).stable).toBe(true);
  });
});

describe('pruneLive', () => {
  it('drops the fixes older than the window', () => {
    const now = Date.parse('2026-05-01T09:00:00Z');
    const { map } = applyLive(
      new Map(),
      [fix(1, '2026-05-01T08:59:00Z'), fix(2, '2026-05-01T08:00:00Z'), fix(3, '2026-05-01T08:45:00Z')],
      true,
    );
    const pruned = pruneLive(map, now);
    expect(ids(pruned.map)).toEqual([1, 3]);
    expect(pruned.stable).toBe(false);
    const again = pruneLive(pruned.map, now);
    expect(again.map).toBe(pruned.map);
    expect(again.stable).toBe(true);
    expect(ids(pruneLive(map, now + LIVE_WINDOW_MS).map)).toEqual([]);
  });
});

describe('trackFileUrl', () => {
  it('asks the track route for a file', () => {
    const url = trackFileUrl({ memberId: 7, from: '2026-05-01T00:00:00.000Z', to: '2026-05-02T00:00:00.000Z' }, 'gpx');
    expect(url.startsWith('/api/positions/track?')).toBe(true);
    const q = new URLSearchParams(url.split('?')[1]);
    expect(Object.fromEntries(q)).toEqual({
      member: '7',
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-05-02T00:00:00.000Z',
      format: 'gpx',
    });
  });
});

describe('parseAreaResponse', () => {
  const member = {
    memberId: 7,
    name: '党员7',
    orgId: 3,
    orgName: '第一党支部',
    firstAt: '2026-05-01T01:05:00.000Z',
    lastAt: '2026-05-01T02:40:00.000Z',
    fixes: 12,
  };

  it('reads the answer and skips members without an id or times', () => {
    const body = {
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-05-02T00:00:00.000Z',
      members: [member, { ...member, memberId: 'x' }, { ...member, memberId: 8, lastAt: null }, null],
    };
    expect(parseAreaResponse(body)).toEqual({ from: body.from, to: body.to, members: [member] });
  });

  it('is null for anything that is not an answer', () => {
    expect(parseAreaResponse(null)).toBeNull();
    expect(parseAreaResponse({ from: 'soon', to: '2026-05-02T00:00:00Z', members: [] })).toBeNull();
    expect(parseAreaResponse({ from: '2026-05-01T00:00:00Z', to: '2026-05-02T00:00:00Z' })).toBeNull();
  });
});
