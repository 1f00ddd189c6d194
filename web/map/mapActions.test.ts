import { describe, expect, it } from 'vitest';
import { withCamera, withFeature, withSearchResult } from './mapActions.ts';
import { DEFAULT_STATE } from './state.ts';

const fitBounds = () => ({ center: [104.5, 23.2] as [number, number], zoom: 10.5 });

describe('map actions', () => {
  it('flies to a point, zooming in but never out', () => {
    expect(withCamera(DEFAULT_STATE, [104, 23]).zoom).toBe(12);
    expect(withCamera({ ...DEFAULT_STATE, zoom: 14 }, [104, 23]).zoom).toBe(14);
    expect(withCamera(DEFAULT_STATE, [104, 23], 9).zoom).toBe(9);
  });

  it('selects a feature and flies to it only when its position is known', () => {
    const moved = withFeature(DEFAULT_STATE, { kind: 'org', id: 7 }, [104.1, 23.3]);
    expect(moved.selection).toEqual({ kind: 'org', id: 7 });
    expect(moved.center).toEqual([104.1, 23.3]);
    const stayed = withFeature(DEFAULT_STATE, { kind: 'org', id: 7 }, null);
    expect(stayed.center).toEqual(DEFAULT_STATE.center);
  });

  it('turns a county result into the county filter and fits its bbox', () => {
    const next = withSearchResult(
      DEFAULT_STATE,
      { kind: 'county', id: 532624, center: [104.7, 23.1], bbox: [104.3, 22.8, 105.1, 23.5] },
      fitBounds,
    );
    expect(next.filters.county).toBe('532624');
    expect(next.selection).toBeNull();
    expect(next).toMatchObject({ center: [104.5, 23.2], zoom: 10.5 });
  });

  it('selects other results and flies to their centre when there is no bbox', () => {
    const next = withSearchResult(
      DEFAULT_STATE,
      { kind: 'joint_point', id: 3, center: [105.2, 22.9], bbox: null },
      fitBounds,
    );
    expect(next.selection).toEqual({ kind: 'joint_point', id: 3 });
    expect(next.center).toEqual([105.2, 22.9]);
  });
});
