import type { Font, Glyph as OpenTypeGlyph } from 'opentype.js';
import { PbfReader, PbfWriter } from 'pbf';

// SDF glyph PBFs as MapLibre reads them (src/style/parse_glyph_pbf.ts) and as its TinySDF draws
// glyphs locally (src/render/glyph_manager.ts, @mapbox/tiny-sdf), so that server and local glyphs
// line up in one label.

/** Font size the glyphs are drawn at: MapLibre's ONE_EM. */
export const FONT_SIZE = 24;
/** Blank pixels around each glyph bitmap: MapLibre's GLYPH_PBF_BORDER. */
export const BUFFER = 3;
/** Distance in pixels covered by the byte range: TinySDF `radius` (MapLibre's SDF_PX). */
export const RADIUS = 8;
/** Share of the byte range outside the edge: TinySDF `cutoff`, which puts the edge at 191.25 ≈ 192. */
export const CUTOFF = 0.25;
/**
 * `top` is not measured from the baseline but from an origin this far above it, as FreeType-made
 * glyphs do (fontnik: bbox top − ascender). MapLibre draws local glyphs (our CJK) with the same
 * 27.5 px (`topAdjustment`), so using it here puts Latin and CJK on one baseline.
 */
export const TOP_ORIGIN = 27.5;

/** One glyph of the glyphs protobuf; `bitmap` is (width + 6) × (height + 6) SDF bytes, absent if empty. */
export interface GlyphRecord {
  id: number;
  bitmap?: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

/** A fontstack: its name and the subset files of one face, searched in order for each code point. */
export interface FontStack {
  name: string;
  fonts: readonly Font[];
}

/** Finds the glyph for a code point in the first subset file that has it. */
export function findGlyph(stack: FontStack, codePoint: number): { font: Font; glyph: OpenTypeGlyph } | undefined {
  const char = String.fromCodePoint(codePoint);
  for (const font of stack.fonts) {
    const index = font.charToGlyphIndex(char);
    if (index > 0) return { font, glyph: font.glyphs.get(index) };
  }
  return undefined;
}

/** Encodes the glyphs of code points start..start+255 that the stack has; start must be a multiple of 256. */
export function buildGlyphRange(stack: FontStack, start: number): Uint8Array {
  if (start % 256 !== 0 || start < 0 || start > 65280) throw new Error(`bad glyph range start ${start}`);
  const glyphs: GlyphRecord[] = [];
  for (let codePoint = start; codePoint < start + 256; codePoint++) {
    const found = findGlyph(stack, codePoint);
    if (found) glyphs.push(rasterizeGlyph(found.font, found.glyph, codePoint));
  }
  return encodeGlyphs(stack.name, `${start}-${start + 255}`, glyphs);
}

/** Draws one glyph as a signed distance field with MapLibre's metrics. */
export function rasterizeGlyph(font: Font, glyph: OpenTypeGlyph, id: number): GlyphRecord {
  const scale = FONT_SIZE / font.unitsPerEm;
  const advance = Math.round((glyph.advanceWidth ?? 0) * scale);
  const segments = flatten(glyph, scale);
  if (segments.length === 0) return { id, width: 0, height: 0, left: 0, top: 0, advance };

  let xMin = Number.POSITIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  // Segment ends lie on the outline, so their extent is the ink's bounding box.
  for (let i = 0; i < segments.length; i += 2) {
    xMin = Math.min(xMin, segments[i]!);
    xMax = Math.max(xMax, segments[i]!);
    yMin = Math.min(yMin, segments[i + 1]!);
    yMax = Math.max(yMax, segments[i + 1]!);
  }
  const left = Math.floor(xMin);
  const width = Math.ceil(xMax) - left;
  const top = Math.ceil(yMax - TOP_ORIGIN);
  // The bitmap's inner top edge is top + TOP_ORIGIN above the baseline, which is up to a pixel above
  // the ink: that fraction stays in the rasterisation, as with TinySDF.
  const baseline = top + TOP_ORIGIN;
  const height = Math.ceil(baseline - yMin);
  if (width === 0 || height === 0) return { id, width: 0, height: 0, left: 0, top: 0, advance };

  const w = width + 2 * BUFFER;
  const h = height + 2 * BUFFER;
  // Uint8ClampedArray rounds and clamps exactly as TinySDF's output does.
  const bitmap = new Uint8ClampedArray(w * h);
  const edge = 255 * (1 - CUTOFF);
  const perPixel = 255 / RADIUS;
  for (let row = 0; row < h; row++) {
    // Pixel centres, in pixels from the pen origin, y up.
    const y = baseline + BUFFER - row - 0.5;
    for (let col = 0; col < w; col++) {
      const x = left - BUFFER + col + 0.5;
      bitmap[row * w + col] = edge - perPixel * signedDistance(segments, x, y);
    }
  }
  return { id, bitmap: new Uint8Array(bitmap.buffer), width, height, left, top, advance };
}

/** The glyph outline as straight segments [x0, y0, x1, y1, ...], in pixels from the pen origin with y up. */
function flatten(glyph: OpenTypeGlyph, scale: number): number[] {
  const out: number[] = [];
  let [startX, startY, x, y] = [0, 0, 0, 0];
  const lineTo = (nx: number, ny: number) => {
    if (nx !== x || ny !== y) out.push(x * scale, y * scale, nx * scale, ny * scale);
    [x, y] = [nx, ny];
  };
  // Enough straight pieces that a curve is off by far less than a pixel: one per control-polygon pixel.
  const pieces = (...xy: number[]) => {
    let length = 0;
    for (let i = 2; i < xy.length; i += 2) length += Math.hypot(xy[i]! - xy[i - 2]!, xy[i + 1]! - xy[i - 1]!);
    return Math.max(2, Math.ceil(length * scale));
  };
  for (const c of glyph.path.commands) {
    if (c.type === 'M') {
      // An unclosed contour is closed implicitly, as rasterisers do.
      lineTo(startX, startY);
      [startX, startY, x, y] = [c.x, c.y, c.x, c.y];
    } else if (c.type === 'L') {
      lineTo(c.x, c.y);
    } else if (c.type === 'Q') {
      const [x0, y0, n] = [x, y, pieces(x, y, c.x1, c.y1, c.x, c.y)];
      for (let i = 1; i <= n; i++) {
        const [t, s] = [i / n, 1 - i / n];
        lineTo(s * s * x0 + 2 * s * t * c.x1 + t * t * c.x, s * s * y0 + 2 * s * t * c.y1 + t * t * c.y);
      }
    } else if (c.type === 'C') {
      const [x0, y0, n] = [x, y, pieces(x, y, c.x1, c.y1, c.x2, c.y2, c.x, c.y)];
      for (let i = 1; i <= n; i++) {
        const [t, s] = [i / n, 1 - i / n];
        const [a, b, d, e] = [s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t];
        lineTo(a * x0 + b * c.x1 + d * c.x2 + e * c.x, a * y0 + b * c.y1 + d * c.y2 + e * c.y);
      }
    } else if (c.type === 'Z') {
      lineTo(startX, startY);
    }
  }
  lineTo(startX, startY);
  return out;
}

/** Distance from (px, py) to the outline: negative inside (nonzero winding rule), positive outside. */
function signedDistance(segments: readonly number[], px: number, py: number): number {
  let best = Number.POSITIVE_INFINITY;
  let winding = 0;
  for (let i = 0; i < segments.length; i += 4) {
    const x0 = segments[i]!;
    const y0 = segments[i + 1]!;
    const dx = segments[i + 2]! - x0;
    const dy = segments[i + 3]! - y0;
    // Closest point of the segment: project onto it and clamp to its ends (segments have length > 0).
    const t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)));
    const ex = x0 + t * dx - px;
    const ey = y0 + t * dy - py;
    best = Math.min(best, ex * ex + ey * ey);
    // Winding number (Sunday): edges crossing the rightward ray count +1 going up with the point on
    // their left, −1 going down with the point on their right.
    const side = dx * (py - y0) - (px - x0) * dy;
    if (y0 <= py && y0 + dy > py && side > 0) winding++;
    else if (y0 > py && y0 + dy <= py && side < 0) winding--;
  }
  return winding !== 0 ? -Math.sqrt(best) : Math.sqrt(best);
}

/** Writes the glyphs protobuf: glyphs { fontstack stacks = 1 { name = 1; range = 2; glyph glyphs = 3 } }. */
export function encodeGlyphs(name: string, range: string, glyphs: readonly GlyphRecord[]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(
    1,
    () => {
      pbf.writeStringField(1, name);
      pbf.writeStringField(2, range);
      for (const glyph of glyphs) pbf.writeMessage(3, writeGlyph, glyph);
    },
    undefined,
  );
  return pbf.finish().slice();
}

// Field numbers and types as MapLibre's readGlyph reads them: varint, bytes, and sint32 for left/top.
function writeGlyph(glyph: GlyphRecord, pbf: PbfWriter): void {
  pbf.writeVarintField(1, glyph.id);
  if (glyph.bitmap) pbf.writeBytesField(2, glyph.bitmap);
  pbf.writeVarintField(3, glyph.width);
  pbf.writeVarintField(4, glyph.height);
  pbf.writeSVarintField(5, glyph.left);
  pbf.writeSVarintField(6, glyph.top);
  pbf.writeVarintField(7, glyph.advance);
}

/** Reads a glyphs protobuf back (the same fields as MapLibre's parseGlyphPbf, plus name and range). */
export function decodeGlyphs(data: Uint8Array): { name: string; range: string; glyphs: GlyphRecord[] }[] {
  return new PbfReader(data).readFields(
    (tag, stacks: { name: string; range: string; glyphs: GlyphRecord[] }[], pbf) => {
      if (tag !== 1) return;
      stacks.push(
        pbf.readMessage(
          (t, stack: { name: string; range: string; glyphs: GlyphRecord[] }, p) => {
            if (t === 1) stack.name = p.readString();
            else if (t === 2) stack.range = p.readString();
            else if (t === 3) stack.glyphs.push(p.readMessage(readGlyph, { ...EMPTY_GLYPH }));
          },
          { name: '', range: '', glyphs: [] },
        ),
      );
    },
    [],
  );
}

const EMPTY_GLYPH: GlyphRecord = { id: 0, width: 0, height: 0, left: 0, top: 0, advance: 0 };

function readGlyph(tag: number, glyph: GlyphRecord, pbf: PbfReader): void {
  if (tag === 1) glyph.id = pbf.readVarint();
  else if (tag === 2) glyph.bitmap = pbf.readBytes();
  else if (tag === 3) glyph.width = pbf.readVarint();
  else if (tag === 4) glyph.height = pbf.readVarint();
  else if (tag === 5) glyph.left = pbf.readSVarint();
  else if (tag === 6) glyph.top = pbf.readSVarint();
  else if (tag === 7) glyph.advance = pbf.readVarint();
}
