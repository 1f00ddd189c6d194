import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What is worth compressing: text and the glyph PBFs; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|geojson|svg|pbf|txt|map)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

/**
 * Writes `name.br` and `name.gz` beside every compressible file of the build, once, at the best
 * levels, so the server (serveStatic `precompressed`, api/app.ts) sends the smallest copy the
 * browser accepts without compressing on each request. Both copies of a file are kept only when
 * they are smaller than the file.
 */
export function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'redmap-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      let files = 0;
      let before = 0;
      let after = 0;
      for await (const file of filesUnder(outDir)) {
        if (!COMPRESSIBLE.test(file) || file.endsWith('.map')) continue;
        if ((await stat(file)).size < MIN_BYTES) continue;
        const source = await readFile(file);
        const [br, gz] = await Promise.all([
          brotli(source, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            },
          }),
          gzipAsync(source, { level: 9 }),
        ]);
        if (br.length < source.length) await writeFile(`${file}.br`, br);
        if (gz.length < source.length) await writeFile(`${file}.gz`, gz);
        files++;
        before += source.length;
        after += Math.min(br.length, source.length);
      }
      this.info?.(
        `precompressed ${files} files: ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB (br)`,
      );
    },
  };
}
