import { describe, expect, it } from 'vitest';
import { compactLabel, labelWidth, placeLabels } from './labelPlacement.ts';

const metrics = { size: 12, offsetY: 20, symbol: 32, padding: 3 };
const at = (lon: number, lat: number, text: string, priority = 1) => ({
  position: [lon, lat] as const,
  text,
  priority,
});

describe('placeLabels', () => {
  it('keeps the more important of two labels that would overlap, and both once zoomed apart', () => {
    // 0.002° apart (about 200 m): 3 px at z 10, 49 px at z 14 (boxes are about 100 px wide).
    const branch = at(104.9, 23.1, '麻栗坡县天保边境联合党支部', 3);
    const committee = at(104.902, 23.1, '麻栗坡县烟草专卖局党总支', 4);
    expect(placeLabels([branch, committee], 10, metrics)).toEqual([committee]);
    expect(placeLabels([branch, committee], 17, metrics)).toEqual([branch, committee]);
  });

  it('drops a label that would cover another seat, but not for its own symbol', () => {
    const a = at(104.9, 23.1, '第一党支部');
    // Right under a, where a's label hangs (about 25 px down at z 14).
    const b = at(104.9, 23.0995, '第二党支部');
    const placed = placeLabels([a, b], 14, metrics);
    expect(placed).not.toContain(a);
    expect(placed).toContain(b);
    expect(placeLabels([a], 14, metrics)).toEqual([a]);
  });

  it('breaks ties by input order, so the same input always gives the same labels', () => {
    const a = at(104.9, 23.1, '甲党支部');
    const b = at(104.9001, 23.1, '乙党支部');
    expect(placeLabels([a, b], 12, metrics)).toEqual([a]);
    expect(placeLabels([b, a], 12, metrics)).toEqual([b]);
  });
});

describe('labels', () => {
  it('closes the holes that full-width brackets leave', () => {
    expect(compactLabel('州局机关第一党支部（办公室）')).toBe('州局机关第一党支部(办公室)');
    expect(compactLabel('文山州烟草专卖局（公司）党委')).toBe('文山州烟草专卖局(公司)党委');
    expect(compactLabel('Branch (office)')).toBe('Branch (office)');
  });

  it('measures CJK characters as an em and Latin ones as about half', () => {
    expect(labelWidth('党支部', 12)).toBe(36);
    expect(labelWidth('ab', 10)).toBeCloseTo(11, 5);
  });
});
