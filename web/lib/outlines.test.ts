import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countiesFromAdminAreas } from './counties.ts';
import { outlineFeatures } from './outlines.ts';

const committed: unknown = JSON.parse(
  readFileSync(new URL('../../geodata/admin_outlines.topojson', import.meta.url), 'utf8'),
);

describe('outlineFeatures', () => {
  it('decodes the committed outlines into the 8 counties and the prefecture', () => {
    const fc = outlineFeatures(committed);
    expect(fc.features).toHaveLength(9);
    expect(fc.features.every((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')).toBe(true);
    expect(countiesFromAdminAreas(fc).map((c) => c.name)).toEqual([
      '文山市',
      '砚山县',
      '西畴县',
      '麻栗坡县',
      '马关县',
      '丘北县',
      '广南县',
      '富宁县',
    ]);
  });

  it('gives an empty collection for anything that is not the outlines topology', () => {
    for (const body of [null, 'x', { type: 'FeatureCollection', features: [] }, { type: 'Topology', arcs: [] }]) {
      expect(outlineFeatures(body).features).toEqual([]);
    }
    const otherObject = {
      type: 'Topology',
      arcs: [],
      objects: { roads: { type: 'GeometryCollection', geometries: [] } },
    };
    expect(outlineFeatures(otherObject).features).toEqual([]);
  });
});
