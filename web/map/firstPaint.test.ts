import type { Map as MaplibreMap } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { MAX_BLANK_MS, paintOnceLoaded } from './firstPaint.ts';

/** A map as far as paintOnceLoaded sees it: its painter, and whether it has loaded. */
function fakeMap() {
  const painted: number[] = [];
  const map = { loaded: false, painter: { render: (frame: number) => void painted.push(frame) } };
  const asMap = { painter: map.painter, loaded: () => map.loaded } as unknown as MaplibreMap;
  return { map, asMap, painted };
}

describe('paintOnceLoaded', () => {
  it('paints nothing until the map has loaded, then every frame', () => {
    const { map, asMap, painted } = fakeMap();
    expect(paintOnceLoaded(asMap, () => 0)).toBe(true);
    map.painter.render(1);
    map.painter.render(2);
    expect(painted).toEqual([]);
    map.loaded = true;
    map.painter.render(3);
    // A later load (a pan) paints as it comes.
    map.loaded = false;
    map.painter.render(4);
    expect(painted).toEqual([3, 4]);
  });

  it('paints anyway once the map has been blank for MAX_BLANK_MS', () => {
    const { map, asMap, painted } = fakeMap();
    let clock = 0;
    paintOnceLoaded(asMap, () => clock);
    clock = MAX_BLANK_MS - 1;
    map.painter.render(1);
    clock = MAX_BLANK_MS;
    map.painter.render(2);
    map.painter.render(3);
    expect(painted).toEqual([2, 3]);
  });

  it('leaves a map without the painter it knows alone', () => {
    expect(paintOnceLoaded({ loaded: () => false } as unknown as MaplibreMap)).toBe(false);
  });
});
