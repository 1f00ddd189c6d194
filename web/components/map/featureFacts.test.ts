import { describe, expect, it } from 'vitest';
import { ONLINE_WINDOW_MINUTES } from '../../../api/devices/online.ts';
import {
  fixStatus,
  formatLonLat,
  geometryBbox,
  locateTarget,
  POINT_ZOOM,
  pageCount,
  validityState,
  zoomToFit,
} from './featureFacts.ts';

describe('fixStatus', () => {
  const now = Date.parse('2026-05-31T12:00:00+08:00');

  it('is online within the one window (30 minutes) and offline after it', () => {
    expect(fixStatus('2026-05-31T11:59:30+08:00', now)).toBe('online');
    expect(fixStatus('2026-05-31T11:30:00+08:00', now)).toBe('online'); // exactly 30 min
    expect(fixStatus('2026-05-31T11:29:59+08:00', now)).toBe('offline');
    // A fix of an hour ago was "online" under the old 24-hour rule: no longer.
    expect(fixStatus('2026-05-31T11:00:00+08:00', now)).toBe('offline');
  });

  it('reads the offsets PostgreSQL writes and honours a custom window', () => {
    // json_build_object renders timestamptz like this: space-free ISO with a +00:00 offset.
    expect(fixStatus('2026-05-31T03:50:00.123+00:00', now, 15 * 60_000)).toBe('online');
    expect(fixStatus('2026-05-31T03:40:00+00:00', now, 15 * 60_000)).toBe('offline');
  });

  it('treats a fix slightly in the future as online and garbage as offline', () => {
    expect(fixStatus('2026-05-31T12:01:00+08:00', now)).toBe('online');
    expect(fixStatus('yesterday', now)).toBe('offline');
    expect(ONLINE_WINDOW_MINUTES).toBe(30);
  });
});

describe('formatLonLat', () => {
  it('writes five decimals with hemispheres', () => {
    expect(formatLonLat(104.2437612, 23.123)).toBe('104.24376°E, 23.12300°N');
    expect(formatLonLat(-0.5, -33.9)).toBe('0.50000°W, 33.90000°S');
  });
});

describe('validityState', () => {
  const today = new Date(2026, 4, 31); // local 2026-05-31

  it('is active inside the period, bounds included, and for open ends', () => {
    expect(validityState('2026-01-01', '2026-12-31', today)).toBe('active');
    expect(validityState('2026-05-31', '2026-05-31', today)).toBe('active');
    expect(validityState('2020-01-01', null, today)).toBe('active');
    expect(validityState(null, null, today)).toBe('active');
  });

  it('is pending before the start and expired after the end', () => {
    expect(validityState('2026-06-01', null, today)).toBe('pending');
    expect(validityState('2025-01-01', '2026-05-30', today)).toBe('expired');
  });
});

describe('locating geometries', () => {
  it('finds the bbox of nested coordinates', () => {
    const multi = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [104, 23],
            [104.5, 23],
            [104.5, 23.4],
            [104, 23],
          ],
        ],
        [
          [
            [105, 22.9],
            [105.1, 23],
            [105, 23],
            [105, 22.9],
          ],
        ],
      ],
    };
    expect(geometryBbox(multi)).toEqual([104, 22.9, 105.1, 23.4]);
    expect(geometryBbox({ type: 'Polygon', coordinates: [] })).toBeNull();
  });

  it('flies to a point at street level', () => {
    expect(locateTarget({ type: 'Point', coordinates: [104.3, 23.4] })).toEqual({
      center: [104.3, 23.4],
      zoom: POINT_ZOOM,
    });
    expect(locateTarget(null)).toBeNull();
  });

  it('centres an area and zooms out as it grows', () => {
    const small = locateTarget({
      type: 'Polygon',
      coordinates: [
        [
          [104, 23],
          [104.02, 23],
          [104.02, 23.02],
          [104, 23],
        ],
      ],
    });
    expect(small?.center[0]).toBeCloseTo(104.01);
    expect(small?.center[1]).toBeCloseTo(23.01);
    const county = zoomToFit([104, 23, 105, 24]);
    expect(small?.zoom).toBeGreaterThan(county);
    // A 1° county fits 480 px at about zoom 8.4.
    expect(county).toBeCloseTo(8.3, 0);
  });

  it('clamps fitting to a sane range', () => {
    expect(zoomToFit([0, 0, 1e-7, 1e-7])).toBe(16);
    expect(zoomToFit([-180, -80, 180, 80])).toBe(5);
    expect(zoomToFit([104, 23, 104, 23])).toBe(POINT_ZOOM);
  });
});

describe('pageCount', () => {
  it('rounds up and never says zero pages', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });
});
