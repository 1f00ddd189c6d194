import { describe, expect, it } from 'vitest';
import {
  canvasSize,
  exportFileName,
  exportLayout,
  FOOTER_HEIGHT,
  isoDate,
  LEGEND,
  MARGIN,
  niceLength,
  SCALE_BAR_MAX_WIDTH,
  scaleBar,
  scaleLabel,
  TITLE_BAR_HEIGHT,
  webMercatorMetresPerPixel,
} from './exportLayout.ts';

describe('niceLength', () => {
  it('picks the largest 1, 2 or 5 × 10ⁿ not above the limit', () => {
    expect(niceLength(1)).toBe(1);
    expect(niceLength(1.99)).toBe(1);
    expect(niceLength(2)).toBe(2);
    expect(niceLength(4.99)).toBe(2);
    expect(niceLength(5)).toBe(5);
    expect(niceLength(9.99)).toBe(5);
    expect(niceLength(10)).toBe(10);
    expect(niceLength(73)).toBe(50);
    expect(niceLength(1000)).toBe(1000);
    expect(niceLength(1999)).toBe(1000);
    expect(niceLength(23_456)).toBe(20_000);
    expect(niceLength(0.7)).toBe(0.5);
    expect(niceLength(0.03)).toBeCloseTo(0.02, 12);
  });

  it('is 0 for nothing or nonsense', () => {
    expect(niceLength(0)).toBe(0);
    expect(niceLength(-3)).toBe(0);
    expect(niceLength(Number.NaN)).toBe(0);
    expect(niceLength(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('never exceeds its limit and keeps at least 40 % of it', () => {
    for (let x = 0.013; x < 5e6; x *= 1.37) {
      const n = niceLength(x);
      expect(n).toBeLessThanOrEqual(x * (1 + 1e-9));
      expect(n).toBeGreaterThanOrEqual(x * 0.4);
    }
  });
});

describe('scaleBar', () => {
  it('shows 20 km at the first Wenshan view (zoom 7.6, 23.5°N)', () => {
    const mpp = webMercatorMetresPerPixel(23.5, 7.6);
    expect(mpp).toBeCloseTo(369.98, 2);
    const bar = scaleBar(mpp)!;
    // 120 px × 370 m = 44.4 km → 20 km, drawn 54.1 px wide.
    expect(bar.metres).toBe(20_000);
    expect(bar.widthPx).toBeCloseTo(20_000 / mpp, 9);
    expect(bar.label).toEqual({ n: '20', unit: 'km' });
  });

  it('stays within its maximum width and labels metres below 1 km', () => {
    const bar = scaleBar(2.5)!;
    expect(bar.metres).toBe(200);
    expect(bar.widthPx).toBe(80);
    expect(bar.widthPx).toBeLessThanOrEqual(SCALE_BAR_MAX_WIDTH);
    expect(bar.label).toEqual({ n: '200', unit: 'm' });
    expect(scaleBar(0)).toBeNull();
    expect(scaleBar(Number.NaN)).toBeNull();
  });

  it('labels round lengths without padded decimals', () => {
    expect(scaleLabel(5_000_000)).toEqual({ n: '5,000', unit: 'km' });
    expect(scaleLabel(1000)).toEqual({ n: '1', unit: 'km' });
    expect(scaleLabel(500)).toEqual({ n: '500', unit: 'm' });
    expect(scaleLabel(0.5)).toEqual({ n: '0.5', unit: 'm' });
    expect(scaleLabel(0.02)).toEqual({ n: '0.02', unit: 'm' });
  });
});

describe('webMercatorMetresPerPixel', () => {
  it('is 78,271.5 m at zoom 0 on the equator (512-pixel tiles) and halves per zoom level', () => {
    expect(webMercatorMetresPerPixel(0, 0)).toBeCloseTo(78_271.517, 2);
    expect(webMercatorMetresPerPixel(0, 1)).toBeCloseTo(78_271.517 / 2, 2);
    expect(webMercatorMetresPerPixel(60, 0)).toBeCloseTo(78_271.517 / 2, 2);
  });
});

describe('exportLayout', () => {
  it('puts the title bar above the map and the footer below it', () => {
    const l = exportLayout(1000, 600, 3, 80);
    expect(l.width).toBe(1000);
    expect(l.height).toBe(TITLE_BAR_HEIGHT + 600 + FOOTER_HEIGHT);
    expect(l.map).toEqual({ x: 0, y: TITLE_BAR_HEIGHT, width: 1000, height: 600 });
    expect(l.footer.y).toBe(TITLE_BAR_HEIGHT + 600);
    expect(canvasSize(l, 2)).toEqual({ width: 2000, height: 2 * l.height });
    expect(canvasSize(l, 1.25)).toEqual({ width: 1250, height: Math.round(1.25 * l.height) });
  });

  it('sizes the legend to its rows and longest label, in the lower left of the map', () => {
    const l = exportLayout(1000, 600, 3, 80);
    const legend = l.legend!;
    expect(l.legendRows).toBe(3);
    expect(legend.x).toBe(MARGIN);
    expect(legend.y + legend.height).toBe(l.map.y + 600 - MARGIN);
    expect(legend.height).toBe(2 * LEGEND.padding + LEGEND.headingHeight + 3 * LEGEND.rowHeight);
    expect(legend.width).toBe(2 * LEGEND.padding + LEGEND.swatchWidth + LEGEND.swatchGap + 80);
  });

  it('drops legend rows that do not fit in 60 % of the map, and has no legend without rows', () => {
    const l = exportLayout(400, 300, 40, 500);
    expect(l.legendRows).toBe(Math.floor((300 * 0.6 - 2 * LEGEND.padding - LEGEND.headingHeight) / LEGEND.rowHeight));
    expect(l.legend!.height).toBeLessThanOrEqual(300 * 0.6);
    // A very long label is cut to half the map.
    expect(l.legend!.width).toBe(400 / 2 - MARGIN);
    expect(exportLayout(400, 300, 0, 0).legend).toBeNull();
  });

  it('keeps the north arrow and the scale bar inside the map, clear of the legend', () => {
    const l = exportLayout(800, 500, 5, 120);
    expect(l.north.x + l.north.size / 2).toBeLessThanOrEqual(800);
    expect(l.north.y - l.north.size / 2).toBeGreaterThanOrEqual(l.map.y);
    expect(l.scaleBar.x).toBeGreaterThan(l.legend!.x + l.legend!.width);
    expect(l.scaleBar.x + SCALE_BAR_MAX_WIDTH).toBeLessThanOrEqual(800);
    expect(l.scaleBar.y).toBeLessThan(l.map.y + 500);
  });
});

describe('dates and file name', () => {
  it('writes the local date and the download name', () => {
    const d = new Date(2026, 4, 31, 9, 5);
    expect(isoDate(d)).toBe('2026-05-31');
    expect(exportFileName(d)).toBe('redmap-20260531-0905.png');
    expect(exportFileName(new Date(2026, 11, 1, 23, 59))).toBe('redmap-20261201-2359.png');
  });
});
