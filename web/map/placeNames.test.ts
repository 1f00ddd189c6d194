import { expression } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import admin from '../../geodata/admin_areas.geojson?raw';
import context from '../../geodata/context.geojson?raw';
import { PLACE_NAMES_EN, placeName, placeNameField } from './placeNames.ts';

const names = (raw: string) =>
  (JSON.parse(raw) as { features: { properties: { name: string } }[] }).features.map((f) => f.properties.name);

describe('place names', () => {
  it('knows an English name for every place our base map labels', () => {
    const missing = [...names(admin), ...names(context)].filter((n) => !PLACE_NAMES_EN[n]);
    expect(missing).toEqual([]);
  });

  it('labels in Chinese by default, and in English with the Chinese name under it', () => {
    expect(placeName('越南', 'zh-CN')).toBe('越南');
    expect(placeName('越南', 'en')).toBe('Vietnam');
    expect(placeName('某地', 'en')).toBe('某地');
    const evaluate = (locale: 'zh-CN' | 'en', name: string) => {
      const parsed = expression.createExpression(placeNameField(locale), { type: 'formatted' } as never);
      if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
      const value = parsed.value.evaluate({ zoom: 8 }, { type: 'Point', properties: { name } } as never);
      return typeof value === 'string' ? value : value.toString();
    };
    expect(evaluate('zh-CN', '麻栗坡县')).toBe('麻栗坡县');
    expect(evaluate('en', '麻栗坡县')).toBe('Malipo County\n麻栗坡县');
    expect(evaluate('en', '某地')).toBe('某地');
  });
});
