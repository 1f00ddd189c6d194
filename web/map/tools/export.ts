/**
 * Exports the current map view as a PNG: the MapLibre canvas (which also holds deck.gl's
 * interleaved layers) under a title bar, with legend, scale bar, north arrow, date, attribution and
 * the demo-boundary notice drawn on top.
 *
 * Reading a WebGL canvas: with MapLibre's default `preserveDrawingBuffer: false` the pixels are
 * only guaranteed until the browser composites the frame. We draw a frame with `map.redraw()` and
 * copy the canvas in the `render` event it fires synchronously, right after the frame (deck.gl's
 * interleaved layers included), so no Map option is needed.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  canvasSize,
  type ExportLayout,
  exportFileName,
  exportLayout,
  LEGEND,
  type Rect,
  SCALE_BAR_MAX_WIDTH,
  scaleBar,
} from './exportLayout.ts';
import type { LegendItem } from './legend.ts';
import { geodesicDistance, type LengthUnit, type Quantity } from './measure.ts';

/** The same CJK-first stack as the app (web/styles.css), so Chinese glyphs come from a Chinese face. */
const FONT_FAMILY =
  '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif';
const font = (px: number, weight = 400) => `${weight} ${px}px ${FONT_FAMILY}`;

const RED = '#c8161d';
const INK = '#1f2329';
const INK_2 = '#4e5561';
const LINE = '#e4e6eb';

/** Texts printed on the picture, already in the UI language. */
export interface ExportText {
  /** Heading of the legend box, e.g. 图例. */
  legend: string;
  /** Letter on the north arrow, e.g. 北. */
  north: string;
  /** The date line in the title bar, e.g. 制图日期：2026-05-31. */
  date: string;
  /** Always printed: 示意图，边界仅供演示. */
  disclaimer: string;
  /** Writes a scale-bar length, e.g. { n: '20', unit: 'km' } → 20 公里. */
  length: (q: Quantity<LengthUnit>) => string;
}

/** A text pinned to a place, such as a measurement result. */
export interface MapAnnotation {
  lngLat: [number, number];
  text: string;
  /** Centred on the place (an area's label); otherwise just right of it (a line's end). */
  centred?: boolean;
}

/** Where a line's label sits from its last point, in CSS pixels (the map label and the picture). */
export const LINE_LABEL_OFFSET: [number, number] = [10, -12];

/** What goes on the picture besides the map. */
export interface ExportOptions {
  title: string;
  legend: LegendItem[];
  text: ExportText;
  annotations?: MapAnnotation[];
}

/** Resolves when the map has loaded what it shows and stopped moving, or after `timeoutMs`. */
function whenIdle(map: MapLibreMap, timeoutMs: number): Promise<void> {
  if (map.loaded() && !map.isMoving()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      map.off('idle', done);
      resolve();
    };
    // A slow tile should not block the export for ever; what has loaded is exported.
    const timer = setTimeout(done, timeoutMs);
    map.once('idle', done);
  });
}

/**
 * Draws a frame now and copies the map's canvas right after (see the note at the top). Synchronous
 * (`map.redraw()`), so it works without animation frames too, e.g. in a background tab.
 */
export function captureMapCanvas(map: MapLibreMap): HTMLCanvasElement {
  const source = map.getCanvas();
  const copy = document.createElement('canvas');
  let copied = false;
  const onRender = () => {
    copy.width = source.width;
    copy.height = source.height;
    copy.getContext('2d')?.drawImage(source, 0, 0);
    copied = true;
  };
  map.once('render', onRender);
  map.redraw();
  map.off('render', onRender);
  if (!copied) throw new Error('the map did not draw a frame');
  return copy;
}

/** Metres per CSS pixel at the centre of the map, measured on the map itself (any projection). */
export function mapMetresPerPixel(map: MapLibreMap, cssWidth: number, cssHeight: number): number {
  const x = cssWidth / 2;
  const y = cssHeight / 2;
  const span = Math.min(100, cssWidth / 2);
  const a = map.unproject([x - span / 2, y]);
  const b = map.unproject([x + span / 2, y]);
  return geodesicDistance([a.lng, a.lat], [b.lng, b.lat]) / span;
}

/** The attribution the map shows, as plain text: from its control, else from the style's sources. */
export function mapAttribution(map: MapLibreMap): string {
  const shown = map.getContainer().querySelector('.maplibregl-ctrl-attrib-inner')?.textContent?.trim();
  if (shown) return shown;
  const sources = Object.values(map.getStyle()?.sources ?? {});
  const texts = sources
    .map((s) => ('attribution' in s && typeof s.attribution === 'string' ? s.attribution : ''))
    .map((html) => new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim() ?? '')
    .filter((t, i, all) => t && all.indexOf(t) === i);
  return texts.join(' | ');
}

/** Cuts `text` with an ellipsis so it fits `maxWidth` in the context's current font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? `${text.slice(0, lo)}…` : '';
}

function roundRect(ctx: CanvasRenderingContext2D, r: Rect, radius: number, fill: string, stroke?: string) {
  ctx.beginPath();
  ctx.roundRect(r.x, r.y, r.width, r.height, radius);
  ctx.fillStyle = fill;
  ctx.fill();
  if (stroke) {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

function drawTitleBar(ctx: CanvasRenderingContext2D, layout: ExportLayout, title: string, date: string) {
  const { titleBar: bar } = layout;
  ctx.fillStyle = RED;
  ctx.fillRect(bar.x, bar.y, bar.width, bar.height);
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'middle';
  ctx.font = font(13);
  const dateWidth = ctx.measureText(date).width;
  ctx.textAlign = 'right';
  ctx.fillText(date, bar.width - 16, bar.height / 2);
  ctx.font = font(18, 600);
  ctx.textAlign = 'left';
  ctx.fillText(fitText(ctx, title, bar.width - 48 - dateWidth), 16, bar.height / 2);
}

function drawAnnotations(
  ctx: CanvasRenderingContext2D,
  map: MapLibreMap,
  layout: ExportLayout,
  notes: MapAnnotation[],
) {
  ctx.font = font(12, 600);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const note of notes) {
    const p = map.project(note.lngLat);
    if (p.x < 0 || p.y < 0 || p.x > layout.map.width || p.y > layout.map.height) continue;
    const width = ctx.measureText(note.text).width + 12;
    const x = note.centred ? p.x - width / 2 : p.x + LINE_LABEL_OFFSET[0];
    const y = layout.map.y + p.y + (note.centred ? 0 : LINE_LABEL_OFFSET[1]);
    roundRect(ctx, { x, y: y - 10, width, height: 20 }, 4, 'rgba(255,255,255,0.92)', '#0958d9');
    ctx.fillStyle = INK;
    ctx.fillText(note.text, x + 6, y);
  }
}

function drawNorthArrow(ctx: CanvasRenderingContext2D, layout: ExportLayout, bearing: number, letter: string) {
  const { x, y, size } = layout.north;
  const r = size / 2;
  ctx.save();
  ctx.translate(x, y);
  ctx.beginPath();
  ctx.arc(0, 0, r, 0, 2 * Math.PI);
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.fill();
  ctx.strokeStyle = LINE;
  ctx.lineWidth = 1;
  ctx.stroke();
  // On a rotated map north points `bearing` degrees anticlockwise from up.
  ctx.rotate((-bearing * Math.PI) / 180);
  // A split arrow: dark west half, white east half, the letter above its tip.
  const tip = -r + 17;
  for (const side of [-1, 1]) {
    ctx.beginPath();
    ctx.moveTo(0, tip);
    ctx.lineTo(side * 6, r - 5);
    ctx.lineTo(0, r - 9);
    ctx.closePath();
    ctx.fillStyle = side < 0 ? INK : '#ffffff';
    ctx.fill();
    ctx.strokeStyle = INK;
    ctx.stroke();
  }
  ctx.font = font(11, 700);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = INK;
  ctx.fillText(letter, 0, -r + 9);
  ctx.restore();
}

function drawLegend(ctx: CanvasRenderingContext2D, layout: ExportLayout, items: LegendItem[], heading: string) {
  const box = layout.legend;
  if (!box) return;
  roundRect(ctx, box, 6, 'rgba(255,255,255,0.92)', LINE);
  const x = box.x + LEGEND.padding;
  let y = box.y + LEGEND.padding + LEGEND.headingHeight / 2;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = font(13, 600);
  ctx.fillStyle = INK;
  ctx.fillText(heading, x, y);
  y += LEGEND.headingHeight / 2 + LEGEND.rowHeight / 2;
  const overflow = items.length > layout.legendRows;
  const shown = items.slice(0, overflow ? layout.legendRows - 1 : layout.legendRows);
  const labelX = x + LEGEND.swatchWidth + LEGEND.swatchGap;
  const labelWidth = box.x + box.width - LEGEND.padding - labelX;
  ctx.font = font(12);
  for (const item of shown) {
    drawSwatch(ctx, item, x, y);
    ctx.fillStyle = INK_2;
    ctx.fillText(fitText(ctx, item.label, labelWidth), labelX, y);
    y += LEGEND.rowHeight;
  }
  if (overflow) {
    ctx.fillStyle = INK_2;
    ctx.fillText('…', labelX, y);
  }
}

function drawSwatch(ctx: CanvasRenderingContext2D, item: LegendItem, x: number, y: number) {
  const w = LEGEND.swatchWidth;
  ctx.save();
  ctx.fillStyle = item.color;
  ctx.strokeStyle = item.color;
  if (item.shape === 'line') {
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + w, y);
    ctx.stroke();
  } else if (item.shape === 'circle') {
    ctx.beginPath();
    ctx.arc(x + w / 2, y, 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.stroke();
  } else {
    ctx.globalAlpha = 0.3;
    ctx.fillRect(x + 1, y - 6, w - 2, 12);
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x + 1, y - 6, w - 2, 12);
  }
  ctx.restore();
}

function drawScaleBar(ctx: CanvasRenderingContext2D, layout: ExportLayout, metresPerPixel: number, text: ExportText) {
  const bar = scaleBar(metresPerPixel);
  if (!bar) return;
  const right = layout.scaleBar.x + SCALE_BAR_MAX_WIDTH;
  const left = right - bar.widthPx;
  const { y } = layout.scaleBar;
  const label = text.length(bar.label);
  ctx.font = font(12);
  const labelWidth = ctx.measureText(label).width;
  const boxWidth = Math.max(bar.widthPx, labelWidth) + 16;
  roundRect(ctx, { x: right + 8 - boxWidth, y: y - 24, width: boxWidth, height: 32 }, 4, 'rgba(255,255,255,0.85)');
  const half = bar.widthPx / 2;
  ctx.fillStyle = INK;
  ctx.fillRect(left, y - 5, half, 5);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(left + half, y - 5, half, 5);
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1;
  ctx.strokeRect(left, y - 5, bar.widthPx, 5);
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(label, left + half, y - 10);
}

function drawFooter(ctx: CanvasRenderingContext2D, layout: ExportLayout, attribution: string, disclaimer: string) {
  const f = layout.footer;
  ctx.fillStyle = '#f4f5f7';
  ctx.fillRect(f.x, f.y, f.width, f.height);
  ctx.fillStyle = LINE;
  ctx.fillRect(f.x, f.y, f.width, 1);
  ctx.textBaseline = 'middle';
  const y = f.y + f.height / 2;
  ctx.font = font(12, 600);
  ctx.textAlign = 'right';
  ctx.fillStyle = RED;
  ctx.fillText(disclaimer, f.width - 12, y);
  const disclaimerWidth = ctx.measureText(disclaimer).width;
  ctx.font = font(11);
  ctx.textAlign = 'left';
  ctx.fillStyle = INK_2;
  ctx.fillText(fitText(ctx, attribution, f.width - 36 - disclaimerWidth), 12, y);
}

/** Draws the picture of the map's current view. */
export async function renderMapPicture(map: MapLibreMap, options: ExportOptions): Promise<HTMLCanvasElement> {
  await whenIdle(map, 8000);
  const frame = captureMapCanvas(map);
  const pixelRatio = map.getPixelRatio();
  const mapWidth = frame.width / pixelRatio;
  const mapHeight = frame.height / pixelRatio;

  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.font = font(12);
  const labelWidth = Math.max(0, ...options.legend.map((item) => ctx.measureText(item.label).width));
  const layout = exportLayout(mapWidth, mapHeight, options.legend.length, labelWidth);
  Object.assign(out, canvasSize(layout, pixelRatio));
  // Everything below is drawn in CSS pixels; the transform makes it sharp on high-DPI screens.
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);

  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.drawImage(frame, layout.map.x, layout.map.y, mapWidth, mapHeight);
  drawTitleBar(ctx, layout, options.title, options.text.date);
  drawAnnotations(ctx, map, layout, options.annotations ?? []);
  drawNorthArrow(ctx, layout, map.getBearing(), options.text.north);
  drawLegend(ctx, layout, options.legend, options.text.legend);
  drawScaleBar(ctx, layout, mapMetresPerPixel(map, mapWidth, mapHeight), options.text);
  drawFooter(ctx, layout, mapAttribution(map), options.text.disclaimer);
  return out;
}

/** Saves a canvas as a PNG download named `fileName`. */
export async function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be encoded'))), 'image/png'),
  );
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is only kept a while for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Draws the current view and downloads it as redmap-YYYYMMDD-HHmm.png; returns the file name. */
export async function exportMapPng(map: MapLibreMap, options: ExportOptions, now = new Date()): Promise<string> {
  const canvas = await renderMapPicture(map, options);
  const fileName = exportFileName(now);
  await downloadCanvas(canvas, fileName);
  return fileName;
}
