import type { Map as MaplibreMap } from 'maplibre-gl';

/**
 * The first paint of a map on a software renderer waits until its first tiles are in.
 *
 * While the prefecture view loads, MapLibre redraws on every tile that arrives: a dozen frames of a
 * half-drawn map. With a GPU each costs a few milliseconds. Without one (SwiftShader, llvmpipe:
 * renderQuality.ts) each is rasterised on the CPU and read back for the page's compositor, 60 to
 * 200 ms during which the main thread waits and cannot hand the workers the glyphs and tiles
 * they are waiting for, so every frame delays the next tile. Measured in headless Chromium on
 * this project's 2-core machine, the leader's prefecture view was complete after 3.0 s painting
 * progressively, and after 1.8 s painting once when loaded (README, "First load").
 *
 * Everything else MapLibre does per frame goes on (requesting tiles, placing labels, events):
 * only the painter is held back, until `map.loaded()` or for at most {@link MAX_BLANK_MS}, so a
 * slow network still shows the map as it comes. Later loads (a pan, a
 * zoom) paint as usual. The painter is MapLibre's internal object, not its API: where it is not
 * found (another MapLibre version), the map simply paints progressively as before.
 */

/** Longest the map stays blank while loading: past it every frame is painted. */
export const MAX_BLANK_MS = 1500;

interface Painter {
  render(...args: unknown[]): void;
}

/** Holds back the map's paints until it has loaded; returns whether it could. */
export function paintOnceLoaded(map: MaplibreMap, now: () => number = () => performance.now()): boolean {
  const painter = (map as unknown as { painter?: Painter }).painter;
  if (!painter || typeof painter.render !== 'function') return false;
  const paint = painter.render;
  const since = now();
  painter.render = function holdUntilLoaded(this: Painter, ...args: unknown[]) {
    if (!map.loaded() && now() - since < MAX_BLANK_MS) return;
    // Loaded (or waited long enough): paint this frame and every one after it.
    painter.render = paint;
    paint.apply(this, args);
  };
  return true;
}
