import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildGlyphRange, type FontStack } from './glyphs.ts';

// opentype.js's "module" build has only named exports and its "main" build only a default one, so
// load the CommonJS build explicitly: this runs in Node only (Vite config, vitest, tsx).
const require = createRequire(import.meta.url);
const opentype = require('opentype.js') as typeof import('opentype.js');

/** The fontstacks we ship, by the font weight of their Noto Sans files. */
export const FONT_STACKS = { 'Noto Sans Regular': 400, 'Noto Sans Bold': 700 } as const;

/**
 * The ranges we ship: Basic Latin + Latin-1, Latin Extended, General Punctuation (– — ‘ ’ “ ” … · ‰).
 * CJK Symbols (12288–12543) and Fullwidth Forms (65280–65535) are drawn by MapLibre itself with
 * `localIdeographFontFamily`, so they are never requested.
 */
export const RANGE_STARTS = [0, 256, 8192] as const;

// @fontsource/noto-sans splits the face into subset files; latin first so that its copy wins.
const SUBSETS = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext', 'devanagari'];

/** Loads one weight of Noto Sans from @fontsource/noto-sans's WOFF files (opentype.js reads WOFF, not WOFF2). */
export function loadNotoSans(name: string, weight: 400 | 700): FontStack {
  const fonts = SUBSETS.map((subset) => {
    const file = require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff`);
    const bytes = readFileSync(file);
    return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  });
  return { name, fonts };
}

/** Every glyph file as [path relative to the glyphs root, bytes], e.g. `Noto Sans Bold/0-255.pbf`. */
export function buildGlyphFiles(): [string, Uint8Array][] {
  const files: [string, Uint8Array][] = [];
  for (const [name, weight] of Object.entries(FONT_STACKS)) {
    const stack = loadNotoSans(name, weight);
    for (const start of RANGE_STARTS)
      files.push([`${name}/${start}-${start + 255}.pbf`, buildGlyphRange(stack, start)]);
  }
  return files;
}

/** Writes `<outDir>/<fontstack>/<start>-<end>.pbf` for every fontstack and range; returns the paths. */
export function writeGlyphs(outDir: string): string[] {
  return buildGlyphFiles().map(([path, bytes]) => {
    const file = join(outDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return file;
  });
}

// `tsx tiles/glyphs/build.ts [outDir]` writes the files by hand (default: dist/glyphs).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  const files = writeGlyphs(process.argv[2] ?? 'dist/glyphs');
  console.log(`${files.length} glyph files in ${Math.round(performance.now() - started)} ms`);
}
