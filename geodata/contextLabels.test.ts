import { describe, expect, it } from 'vitest';
import { contextLabelPoints } from './contextLabels.ts';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];

describe('context label points', () => {
  it('labels each area once, inside the part that lies in the region', () => {
    const body = {
      type: 'FeatureCollection',
      features: [
        // A big "country" reaching far beyond the region: labelled inside the region.
        {
          type: 'Feature',
          properties: { name: '甲国', kind: 'country' },
          geometry: { type: 'Polygon', coordinates: square(90, 20, 120, 40) },
        },
        // Two parts: the larger one in the region wins.
        {
          type: 'Feature',
          properties: { name: '乙省', kind: 'province' },
          geometry: { type: 'MultiPolygon', coordinates: [square(101, 22, 101.2, 22.2), square(103, 23, 105, 25)] },
        },
        // Entirely outside: no label.
        {
          type: 'Feature',
          properties: { name: '丙州', kind: 'prefecture' },
          geometry: { type: 'Polygon', coordinates: square(130, 40, 131, 41) },
        },
      ],
    };
    const labels = contextLabelPoints(body, [100, 21, 110, 26]);
    expect(labels.features.map((f) => f.properties.name)).toEqual(['甲国', '乙省']);
    const [country, province] = labels.features.map((f) => f.geometry.coordinates);
    expect(country).toEqual([105, 23.5]);
    expect(province).toEqual([104, 24]);
  });

  it('ignores malformed input', () => {
    expect(contextLabelPoints(null, [0, 0, 1, 1]).features).toEqual([]);
    expect(contextLabelPoints({ features: [{ properties: {} }] }, [0, 0, 1, 1]).features).toEqual([]);
  });
});
