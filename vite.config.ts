import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressPlugin } from './api/http/precompress-plugin.ts';
import { glyphsPlugin } from './tiles/glyphs/vite-plugin.ts';

// The web app lives in web/ and builds to dist/web, which the API server serves at `/`.
export default defineConfig({
  root: 'web',
  // glyphsPlugin: Latin/digit glyph PBFs for map labels, generated from Noto Sans at build time.
  // precompressPlugin: .br and .gz copies of the build, served as they are (api/app.ts).
  plugins: [react(), glyphsPlugin(), precompressPlugin()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/tiles': 'http://127.0.0.1:8080' },
  },
});
