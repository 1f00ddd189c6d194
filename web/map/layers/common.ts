import type { ExpressionSpecification } from 'maplibre-gl';
import type { MapTheme } from '../theme.ts';

/** What every style-layer factory gets. */
export interface StyleLayerProps {
  theme: MapTheme;
  /** Whether the thematic layer is switched on. @default true */
  visible?: boolean;
}

/** Fonts of the glyph PBFs we ship (tiles/glyphs); CJK comes from `localIdeographFontFamily`. */
export const FONT_REGULAR = ['Noto Sans Regular'];
export const FONT_BOLD = ['Noto Sans Bold'];

/** `layout.visibility` from a switch. */
export function visibility(visible = true): 'visible' | 'none' {
  return visible ? 'visible' : 'none';
}

/** `match` on a string property with a colour per value and a fallback. */
export function colorByProperty(
  property: string,
  colors: Record<string, string>,
  fallback: string,
): ExpressionSpecification {
  const pairs = Object.entries(colors).flat();
  return ['match', ['get', property], ...pairs, fallback] as unknown as ExpressionSpecification;
}

/** A value that grows with zoom, linearly between the given stops. */
export function byZoom(...stops: [zoom: number, value: number][]): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], ...stops.flat()] as unknown as ExpressionSpecification;
}
