/**
 * One row of the legend that the map core passes to the tools, for the exported picture. The map
 * core builds these from the same palette (web/map/palette.ts) that colours the layers.
 */
export interface LegendItem {
  /** Text beside the swatch, already in the UI language. */
  label: string;
  /** CSS colour, usually `#rrggbb` from the palette. */
  color: string;
  /** How the swatch is drawn: a tinted square for areas, a stroke for lines, a dot for points. */
  shape: 'fill' | 'line' | 'circle';
}
