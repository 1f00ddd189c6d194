/**
 * Where things go on an exported map picture, and the figures printed on it (scale bar, date,
 * file name). Pure: export.ts does the drawing. All sizes are CSS pixels; the drawing multiplies by
 * the pixel ratio.
 */
import { formatFixed, type LengthUnit, type Quantity, WGS84_A } from './measure.ts';

/** Height of the red title bar above the map. */
export const TITLE_BAR_HEIGHT = 44;
/** Height of the footer below the map (attribution and the demo-boundary notice). */
export const FOOTER_HEIGHT = 26;
/** Gap between the map's edge and the boxes drawn over it. */
export const MARGIN = 12;
/** The scale bar is at most this wide; its length is the largest round length that fits. */
export const SCALE_BAR_MAX_WIDTH = 120;

/** A rectangle in CSS pixels of the output picture. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Sizes of the legend box's parts. */
export const LEGEND = {
  padding: 10,
  headingHeight: 22,
  rowHeight: 20,
  swatchWidth: 18,
  swatchGap: 8,
  minWidth: 96,
} as const;

/** Positions of everything on the picture. */
export interface ExportLayout {
  width: number;
  height: number;
  titleBar: Rect;
  map: Rect;
  footer: Rect;
  /** The legend box over the map's lower left, or null without legend rows. */
  legend: Rect | null;
  /** How many legend rows fit; the rest are left out (the legend says so with "…"). */
  legendRows: number;
  /** Centre of the north arrow, top right of the map. */
  north: { x: number; y: number; size: number };
  /** The scale bar's left end on its baseline, lower right of the map. */
  scaleBar: { x: number; y: number };
}

/**
 * Lays out a picture of a `mapWidth` × `mapHeight` map with `legendCount` legend rows whose longest
 * label is `legendLabelWidth` pixels wide.
 */
export function exportLayout(
  mapWidth: number,
  mapHeight: number,
  legendCount: number,
  legendLabelWidth: number,
): ExportLayout {
  const map: Rect = { x: 0, y: TITLE_BAR_HEIGHT, width: mapWidth, height: mapHeight };
  // The legend may take up to 60 % of the map's height; rows beyond that are dropped.
  const maxRows = Math.max(
    0,
    Math.floor((mapHeight * 0.6 - 2 * LEGEND.padding - LEGEND.headingHeight) / LEGEND.rowHeight),
  );
  const legendRows = Math.min(legendCount, maxRows);
  const legendWidth = Math.min(
    Math.max(LEGEND.minWidth, 2 * LEGEND.padding + LEGEND.swatchWidth + LEGEND.swatchGap + Math.ceil(legendLabelWidth)),
    Math.max(LEGEND.minWidth, mapWidth / 2 - MARGIN),
  );
  const legendHeight = 2 * LEGEND.padding + LEGEND.headingHeight + legendRows * LEGEND.rowHeight;
  const legend: Rect | null =
    legendRows > 0
      ? { x: MARGIN, y: map.y + mapHeight - MARGIN - legendHeight, width: legendWidth, height: legendHeight }
      : null;
  return {
    width: mapWidth,
    height: TITLE_BAR_HEIGHT + mapHeight + FOOTER_HEIGHT,
    titleBar: { x: 0, y: 0, width: mapWidth, height: TITLE_BAR_HEIGHT },
    map,
    footer: { x: 0, y: map.y + mapHeight, width: mapWidth, height: FOOTER_HEIGHT },
    legend,
    legendRows,
    north: { x: mapWidth - MARGIN - 20, y: map.y + MARGIN + 20, size: 40 },
    scaleBar: { x: mapWidth - MARGIN - SCALE_BAR_MAX_WIDTH - 8, y: map.y + mapHeight - MARGIN - 8 },
  };
}

/** The largest length of the form 1, 2 or 5 × 10ⁿ metres that is at most `maxMetres`. */
export function niceLength(maxMetres: number): number {
  if (!(maxMetres > 0) || !Number.isFinite(maxMetres)) return 0;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  // Guard against log10 landing a hair under an exact power (e.g. 1000 → 2.9999999).
  const base = maxMetres / power >= 10 - 1e-9 ? power * 10 : power;
  const ratio = maxMetres / base;
  const step = ratio >= 5 - 1e-9 ? 5 : ratio >= 2 - 1e-9 ? 2 : 1;
  return step * base;
}

/** A scale bar: its round length, how wide it is drawn and its label. */
export interface ScaleBar {
  metres: number;
  widthPx: number;
  label: Quantity<LengthUnit>;
}

/**
 * The scale bar for a map showing `metresPerPixel` at its centre: the longest round length that
 * fits in `maxWidthPx`.
 */
export function scaleBar(metresPerPixel: number, maxWidthPx = SCALE_BAR_MAX_WIDTH): ScaleBar | null {
  if (!(metresPerPixel > 0) || !Number.isFinite(metresPerPixel)) return null;
  const metres = niceLength(metresPerPixel * maxWidthPx);
  if (metres === 0) return null;
  return { metres, widthPx: metres / metresPerPixel, label: scaleLabel(metres) };
}

/** A round length as a label: "500 m", "2 km", "0.5 m" (no padded decimals on a scale bar). */
export function scaleLabel(metres: number): Quantity<LengthUnit> {
  if (metres >= 1000) return { n: trimNumber(metres / 1000), unit: 'km' };
  return { n: trimNumber(metres), unit: 'm' };
}

function trimNumber(value: number): string {
  // Round lengths (1, 2 or 5 × 10ⁿ) need decimals only below 1: 0.5 → 1, 0.02 → 2.
  return formatFixed(value, Math.max(0, -Math.floor(Math.log10(value))));
}

/**
 * Metres per CSS pixel at latitude `lat` and zoom `zoom` in MapLibre's Web Mercator (512-pixel
 * world at zoom 0). The export measures the map itself; this is the reference it is checked against.
 */
export function webMercatorMetresPerPixel(lat: number, zoom: number): number {
  return (2 * Math.PI * WGS84_A * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar date as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The download's name, local time: redmap-YYYYMMDD-HHmm.png. */
export function exportFileName(date: Date): string {
  return `redmap-${isoDate(date).replaceAll('-', '')}-${pad(date.getHours())}${pad(date.getMinutes())}.png`;
}

/** The output canvas size in device pixels for a layout drawn at `pixelRatio`. */
export function canvasSize(layout: ExportLayout, pixelRatio: number): { width: number; height: number } {
  return { width: Math.round(layout.width * pixelRatio), height: Math.round(layout.height * pixelRatio) };
}
