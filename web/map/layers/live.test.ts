import { describe, expect, it } from 'vitest';
import { DEFAULT_FADE, liveOpacity } from './live.ts';

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
