import type { Plugin } from 'vite';
import { buildGlyphFiles } from './build.ts';

/**
 * Generates the glyph PBFs when Vite needs them: emits them under `glyphs/` in `vite build` and
 * serves `/glyphs/{fontstack}/{range}.pbf` in `vite dev`.
 */
export function glyphsPlugin(): Plugin {
  let files: Map<string, Uint8Array> | undefined;
  // Built once per Vite process, on first use (about half a second).
  const glyphFiles = () => {
    files ??= new Map(buildGlyphFiles());
    return files;
  };

  return {
    name: 'redmap-glyphs',

    generateBundle() {
      const started = performance.now();
      for (const [path, source] of glyphFiles()) this.emitFile({ type: 'asset', fileName: `glyphs/${path}`, source });
      this.info(`glyph PBFs ready in ${Math.round(performance.now() - started)} ms`);
    },

    configureServer(server) {
      // Mounted at /glyphs, so req.url is the rest: `/Noto%20Sans%20Regular/0-255.pbf`.
      server.middlewares.use('/glyphs', (req, res) => {
        let path = '';
        try {
          path = decodeURIComponent((req.url ?? '').split('?')[0]!.slice(1));
        } catch {
          // A malformed escape is simply not one of our files.
        }
        const bytes = glyphFiles().get(path);
        // A plain 404 (not Vite's index.html fallback) makes MapLibre draw the range locally instead.
        res.statusCode = bytes ? 200 : 404;
        res.setHeader('Content-Type', bytes ? 'application/x-protobuf' : 'text/plain');
        res.end(bytes ?? 'no such glyph range');
      });
    },
  };
}
