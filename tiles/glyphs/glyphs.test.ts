import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNotoSans } from './build.ts';
import {
  BUFFER,
  buildGlyphRange,
  decodeGlyphs,
  encodeGlyphs,
  type FontStack,
  findGlyph,
  type GlyphRecord,
  rasterizeGlyph,
  TOP_ORIGIN,
} from './glyphs.ts';

/** The byte on MapLibre's glyph edge: 255 × (1 − cutoff 0.25) = 191.25. */
const EDGE = 192;

let regular: FontStack;
let bold: FontStack;
let latin: GlyphRecord[];

beforeAll(() => {
  regular = loadNotoSans('Noto Sans Regular', 400);
  bold = loadNotoSans('Noto Sans Bold', 700);
  latin = decodeGlyphs(buildGlyphRange(regular, 0))[0]!.glyphs;
});

const glyphOf = (char: string) => latin.find((g) => g.id === char.codePointAt(0))!;

/** Where the glyph's bitmap bottom lies, in pixels above the baseline (negative: below). */
const bottom = (g: GlyphRecord) => g.top + TOP_ORIGIN - g.height;

/** The maximum byte of each run of ink pixels (≥ EDGE) along the bitmap row at `y` px above the baseline. */
function inkRuns(g: GlyphRecord, y: number): number[] {
  const w = g.width + 2 * BUFFER;
  const row = Math.floor(g.top + TOP_ORIGIN + BUFFER - y);
  const runs: number[] = [];
  let inside = false;
  for (let col = 0; col < w; col++) {
    const value = g.bitmap![row * w + col]!;
    if (value >= EDGE && !inside) runs.push(value);
    else if (value >= EDGE) runs[runs.length - 1] = Math.max(runs.at(-1)!, value);
    inside = value >= EDGE;
  }
  return runs;
}

describe('buildGlyphRange', () => {
  it('writes a well-formed glyphs protobuf with the fontstack name and range', () => {
    const bytes = buildGlyphRange(regular, 0);
    // Field 1 (fontstack), wire type 2 (length-delimited), spanning the whole file.
    const reader = new PbfReader(bytes);
    expect(reader.readVarint()).toBe((1 << 3) | 2);
    expect(reader.readVarint()).toBe(bytes.length - reader.pos);
    const stacks = decodeGlyphs(bytes);
    expect(stacks).toHaveLength(1);
    expect(stacks[0]).toMatchObject({ name: 'Noto Sans Regular', range: '0-255' });
    const ids = stacks[0]!.glyphs.map((g) => g.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (let id = 32; id <= 126; id++) expect(ids).toContain(id);
    expect(ids.every((id) => id >= 0 && id <= 255)).toBe(true);
  });

  it.each(['0', 'A', 'g', '·'])("gives '%s' its code point, opentype's advance and a full-size bitmap", (char) => {
    const g = glyphOf(char);
    const found = findGlyph(regular, char.codePointAt(0)!)!;
    expect(g.id).toBe(char.codePointAt(0));
    expect(g.advance).toBe(Math.round((found.glyph.advanceWidth! * 24) / found.font.unitsPerEm));
    expect(g.bitmap).toHaveLength((g.width + 2 * BUFFER) * (g.height + 2 * BUFFER));
    // Bitmap corners are far outside the ink.
    expect(g.bitmap![0]).toBeLessThan(EDGE);
    expect(g.bitmap!.at(-1)).toBeLessThan(EDGE);
  });

  it('places the glyphs against the baseline with plausible sizes', () => {
    const [zero, a, g, dot] = ['0', 'A', 'g', '·'].map(glyphOf) as [GlyphRecord, GlyphRecord, GlyphRecord, GlyphRecord];
    // Digits and capitals: about 17 px tall at 24 px, sitting on the baseline.
    for (const glyph of [zero, a]) {
      expect(glyph.height).toBeGreaterThanOrEqual(16);
      expect(glyph.height).toBeLessThanOrEqual(19);
      expect(bottom(glyph)).toBeGreaterThan(-1);
      expect(bottom(glyph)).toBeLessThanOrEqual(0);
    }
    expect(a.width).toBeGreaterThan(zero.width);
    // 'g' descends below the baseline and is no taller than x-height above it.
    expect(bottom(g)).toBeLessThan(-4);
    expect(g.top + TOP_ORIGIN).toBeLessThan(a.top + TOP_ORIGIN);
    // The middle dot floats at about half x-height.
    expect(dot.width).toBeLessThanOrEqual(5);
    expect(bottom(dot)).toBeGreaterThan(4);
  });

  it('encodes a distance field that is above the edge value inside the strokes and below it outside', () => {
    const zero = glyphOf('0');
    const middle = (zero.top + TOP_ORIGIN) / 2;
    // Across the middle of '0': left stroke, counter, right stroke, each stroke well inside.
    const runs = inkRuns(zero, middle);
    expect(runs).toHaveLength(2);
    for (const peak of runs) expect(peak).toBeGreaterThan(210);
    // The centre of the counter is outside.
    const w = zero.width + 2 * BUFFER;
    const centre = Math.floor((zero.height + 2 * BUFFER) / 2) * w + Math.floor(w / 2);
    expect(zero.bitmap![centre]).toBeLessThan(EDGE);
    // 'g' across its bowl: two strokes; '·' across its centre: one dot, solid inside.
    expect(inkRuns(glyphOf('g'), 5)).toHaveLength(2);
    const dot = glyphOf('·');
    expect(inkRuns(dot, bottom(dot) + dot.height / 2)).toEqual([expect.any(Number)]);
    expect(inkRuns(dot, bottom(dot) + dot.height / 2)[0]).toBeGreaterThan(220);
  });

  it('covers General Punctuation and draws Bold wider than Regular', () => {
    const punctuation = decodeGlyphs(buildGlyphRange(regular, 8192))[0]!;
    expect(punctuation.range).toBe('8192-8447');
    const ids = punctuation.glyphs.map((g) => g.id);
    for (const char of '–—‘’“”…•′″') expect(ids).toContain(char.codePointAt(0));
    // Noto Sans as @fontsource ships it has no ‰ (U+2030): MapLibre will leave it out of labels.
    expect(ids).not.toContain(0x2030);
    const boldA = decodeGlyphs(buildGlyphRange(bold, 0))[0]!.glyphs.find((g) => g.id === 65)!;
    expect(boldA.advance).toBeGreaterThan(glyphOf('A').advance);
  });

  it('rejects a start that is not a range boundary', () => {
    expect(() => buildGlyphRange(regular, 100)).toThrow(/range start/);
  });
});

describe('encodeGlyphs / decodeGlyphs', () => {
  it('round-trips metrics and bitmaps, including an empty glyph', () => {
    const glyphs = ['0', 'A', 'g', '·', ' '].map((char) => {
      const codePoint = char.codePointAt(0)!;
      const { font, glyph } = findGlyph(regular, codePoint)!;
      return rasterizeGlyph(font, glyph, codePoint);
    });
    expect(glyphs.at(-1)).toEqual({ id: 32, width: 0, height: 0, left: 0, top: 0, advance: 6 });
    const [decoded] = decodeGlyphs(encodeGlyphs('Test Stack', '0-255', glyphs));
    expect(decoded).toEqual({ name: 'Test Stack', range: '0-255', glyphs });
  });
});
