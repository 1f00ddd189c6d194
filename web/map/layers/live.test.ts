import { describe, expect, it } from 'vitest';
import type { LiveFrame } from '../../lib/liveStore.ts';
import type { LivePosition } from '../../lib/positions.ts';
import { DEFAULT_FADE, LIVE_RADIUS, LIVE_SELECTED_RADIUS, liveAttributes, liveOpacity } from './live.ts';

const MIN = 60_000;

describe('liveOpacity', () => {
  it('is opaque for fresh fixes, and for fixes from a clock running ahead', () => {
    expect(liveOpacity(0)).toBe(1);
    expect(liveOpacity(2 * MIN)).toBe(1);
    expect(liveOpacity(-5 * MIN)).toBe(1);
  });

  it('fades linearly to a quarter at 30 minutes and stays there', () => {
    expect(liveOpacity(16 * MIN)).toBeCloseTo(1 - 0.75 / 2, 10);
    expect(liveOpacity(30 * MIN)).toBe(0.25);
    expect(liveOpacity(3 * 60 * MIN)).toBe(0.25);
  });

  it('never brightens as a fix ages', () => {
    let last = 1;
    for (let ms = 0; ms <= 40 * MIN; ms += 17_000) {
      const o = liveOpacity(ms);
      expect(o).toBeLessThanOrEqual(last);
      expect(o).toBeGreaterThanOrEqual(DEFAULT_FADE.minOpacity);
      last = o;
    }
  });

  it('follows a custom fade', () => {
    const fade = { fullMs: 0, fadedMs: 10_000, minOpacity: 0 };
    expect(liveOpacity(5_000, fade)).toBeCloseTo(0.5, 10);
    expect(liveOpacity(20_000, fade)).toBe(0);
  });

  it('treats an unreadable age as fresh rather than hiding the member', () => {
    expect(liveOpacity(Number.NaN)).toBe(1);
  });
});

describe('liveAttributes', () => {
  const T = Date.parse('2026-12-03T08:00:00Z');
  const fix = (memberId: number, orgId: number, minutesOld: number): LivePosition => ({
    deviceId: memberId,
    memberId,
    name: '',
    orgId,
    lon: 104,
    lat: 23,
    time: new Date(T - minutesOld * MIN).toISOString(),
    speedKmh: null,
    heading: null,
  });
  const frameOf = (fixes: LivePosition[]): LiveFrame => ({
    version: 1,
    membership: 1,
    now: T,
    length: fixes.length,
    fixes,
    positions: new Float64Array(fixes.flatMap((p) => [p.lon, p.lat])),
    times: new Float64Array(fixes.map((p) => Date.parse(p.time))),
    members: new Set(fixes.map((p) => p.memberId)),
  });

  it('fades by age, enlarges the selected member and dims members outside the county', () => {
    const frame = frameOf([fix(1, 10, 0), fix(2, 10, 30), fix(3, 20, 0)]);
    const a = liveAttributes(frame, 1, (orgId) => orgId === 20);
    expect([...a.radius]).toEqual([LIVE_SELECTED_RADIUS, LIVE_RADIUS, LIVE_RADIUS]);
    expect([...a.alpha]).toEqual([255, Math.round(255 * 0.25), Math.round(255 * 0.3)]);
    // RGBA per fix: the selected member in another colour than the others; white rims, same alpha.
    expect([...a.fill.slice(0, 3)]).not.toEqual([...a.fill.slice(4, 7)]);
    expect([...a.fill.slice(4, 7)]).toEqual([...a.fill.slice(8, 11)]);
    expect([...a.line.slice(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(a.fill[7]).toBe(a.alpha[1]);
  });

  it('dims nobody without a county filter', () => {
    const a = liveAttributes(frameOf([fix(1, 10, 0), fix(3, 20, 0)]), null, null);
    expect([...a.alpha]).toEqual([255, 255]);
  });
});
