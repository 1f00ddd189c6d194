import { describe, expect, it } from 'vitest';
import { LiveStore } from './liveStore.ts';
import type { LivePosition } from './positions.ts';

const T0 = Date.parse('2026-12-03T08:00:00Z');
const fix = (deviceId: number, lon: number, secondsAfter = 0): LivePosition => ({
  deviceId,
  memberId: 100 + deviceId,
  name: `成员${deviceId}`,
  orgId: 1,
  lon,
  lat: 23,
  time: new Date(T0 + secondsAfter * 1000).toISOString(),
  speedKmh: null,
  heading: null,
});

/** A store whose flushes wait for `frame()`, as they wait for an animation frame in the page. */
function manual(now = T0) {
  const queued: (() => void)[] = [];
  const clock = { now };
  const store = new LiveStore({ schedule: (f) => queued.push(f), clock: () => clock.now });
  let frames = 0;
  store.subscribe(() => frames++);
  return {
    store,
    clock,
    frame: () => {
      for (const f of queued.splice(0)) f();
    },
    frames: () => frames,
  };
}

describe('LiveStore', () => {
  it('takes every message of a frame in at once: one new frame, one notification', () => {
    const s = manual();
    s.store.push([fix(1, 104), fix(2, 105)], true);
    s.store.push([fix(1, 104.1, 1)], false);
    s.store.push([fix(2, 105.1, 1)], false);
    expect(s.store.frame.length).toBe(0);
    s.frame();
    expect(s.frames()).toBe(1);
    const f = s.store.frame;
    expect(f.length).toBe(2);
    expect([...f.positions]).toEqual([104.1, 23, 105.1, 23]);
    expect([...f.times]).toEqual([T0 + 1000, T0 + 1000]);
    expect(f.fixes.map((p) => p.deviceId)).toEqual([1, 2]);
    expect([...f.members].sort()).toEqual([101, 102]);
  });

  it('bumps the membership only when devices join or leave, not when they move', () => {
    const s = manual();
    s.store.push([fix(1, 104)], true);
    s.frame();
    const joined = s.store.frame.membership;
    const members = s.store.frame.members;
    s.store.push([fix(1, 104.2, 2)], false);
    s.frame();
    expect(s.store.frame.membership).toBe(joined);
    expect(s.store.frame.members).toBe(members);
    s.store.push([fix(2, 105, 2)], false);
    s.frame();
    expect(s.store.frame.membership).toBe(joined + 1);
    // A new snapshot without device 1: it leaves.
    s.store.push([fix(2, 105, 3)], true);
    s.frame();
    expect(s.store.frame.membership).toBe(joined + 2);
    expect([...s.store.frame.members]).toEqual([102]);
  });

  it('keeps each device in its slot, hands out fresh views, and ignores a fix older than the one held', () => {
    const s = manual();
    s.store.push([fix(1, 104, 5), fix(2, 105, 5)], true);
    s.frame();
    const first = s.store.frame;
    s.store.push([fix(1, 103, 1)], false);
    s.frame();
    // Nothing changed: no new frame.
    expect(s.store.frame).toBe(first);
    s.store.push([fix(2, 105.5, 6)], false);
    s.frame();
    expect(s.store.frame.positions).not.toBe(first.positions);
    expect([...s.store.frame.positions]).toEqual([104, 23, 105.5, 23]);
  });

  it('drops fixes past the window on a tick, and ages the rest against the new clock', () => {
    const s = manual();
    s.store.push([fix(1, 104, 0), fix(2, 105, 20 * 60)], true);
    s.clock.now = T0 + 20 * 60_000;
    s.frame();
    expect(s.store.frame.length).toBe(2);
    s.clock.now = T0 + 31 * 60_000;
    s.store.tick();
    s.frame();
    expect(s.store.frame.fixes.map((p) => p.deviceId)).toEqual([2]);
    expect(s.store.frame.now).toBe(T0 + 31 * 60_000);
    s.store.clear();
    s.frame();
    expect(s.store.frame.length).toBe(0);
    expect(s.store.frame.members.size).toBe(0);
  });

  it('grows its buffers past their first size without losing a fix', () => {
    const s = manual();
    const many = Array.from({ length: 1000 }, (_, i) => fix(i + 1, 104 + i / 1000));
    s.store.push(many, true);
    s.frame();
    const f = s.store.frame;
    expect(f.length).toBe(1000);
    expect(f.positions.length).toBe(2000);
    expect(f.positions[2 * 999]).toBeCloseTo(104.999, 10);
  });
});
