import { expression, featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { mapTheme } from '../theme.ts';
import { LIVE_STATE, MEMBER_RADIUS, memberCellRadius, memberLayers } from './members.ts';

const layers = memberLayers({ theme: mapTheme('light'), visible: true, selectedId: 7 });
const layer = (id: string) => {
  const l = layers.find((x) => x.id === id);
  if (!l || l.type === 'background' || l.type === 'raster' || l.type === 'hillshade') throw new Error(id);
  return l;
};

const point = (properties: Record<string, unknown>) => ({ type: 1, properties }) as never;
const matches = (id: string, properties: Record<string, unknown>) =>
  featureFilter(layer(id).filter, `layers[${id}].filter`).filter({ zoom: 10 } as never, point(properties));

function paint(id: string, property: string) {
  const value = (layer(id).paint as Record<string, unknown>)[property];
  const parsed = expression.createExpression(value, `layers[${id}].paint.${property}`);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return (properties: Record<string, unknown>, state: Record<string, unknown> = {}) =>
    Number(parsed.value.evaluate({ zoom: 10 }, point(properties), state));
}

describe('the members layers', () => {
  it('draw cells as discs by count, the same size memberCellRadius gives', () => {
    const radius = paint('members-cell', 'circle-radius');
    for (const count of [1, 4, 10, 57, 400])
      expect(radius({ count, cluster: true })).toBeCloseTo(memberCellRadius(count), 6);
  });

  it('tell cells from single members, and number only cells of ten or more', () => {
    expect(matches('members-cell', { count: 3, cluster: true })).toBe(true);
    expect(matches('members-cell', { id: 5, name: '张三' })).toBe(false);
    expect(matches('members-point', { id: 5, name: '张三' })).toBe(true);
    expect(matches('members-point', { count: 3, cluster: true })).toBe(false);
    expect(matches('members-cell-count', { count: 9, cluster: true })).toBe(false);
    expect(matches('members-cell-count', { count: 10, cluster: true })).toBe(true);
  });

  it('ring only the selected member', () => {
    expect(matches('members-selected', { id: 7 })).toBe(true);
    expect(matches('members-selected', { id: 8 })).toBe(false);
  });

  it('leave out the dot of a member the live layer draws', () => {
    for (const id of ['members-point', 'members-selected']) {
      const opacity = paint(id, 'circle-opacity');
      const rim = paint(id, 'circle-stroke-opacity');
      expect(opacity({ id: 7 })).toBeGreaterThan(0.9);
      expect(opacity({ id: 7 }, { [LIVE_STATE]: true })).toBe(0);
      expect(rim({ id: 7 }, { [LIVE_STATE]: true })).toBe(0);
    }
    expect(paint('members-point', 'circle-radius')({ id: 7 })).toBe(MEMBER_RADIUS);
  });

  it('keep the selected member shown with the layer off', () => {
    const off = memberLayers({ theme: mapTheme('light'), visible: false, selectedId: 7 });
    const shown = off.filter((l) => l.layout?.visibility !== 'none').map((l) => l.id);
    expect(shown).toEqual(['members-selected']);
  });
});
