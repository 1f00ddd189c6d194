import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import type { BasemapPageSettings } from '../../tiles/basemap/archive.ts';

/** What the server tells the web app before it starts (`#redmap-server` in the page, web/map/config.ts). */
export interface PageSettings {
  /** The base-map archive (`BASEMAP_PMTILES`), or null when only the offline base map exists. */
  basemap: BasemapPageSettings | null;
}

/**
 * `index.html` with the page settings as a JSON data block ahead of the app bundle, so every map
 * builds its first style knowing the server's base map, with no extra request. A data block is
 * never executed, so a Content-Security-Policy without inline scripts allows it; `<` is escaped
 * in the JSON, so no value can close the element.
 */
export function withPageSettings(html: string, settings: PageSettings): string {
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  const script = `<script type="application/json" id="redmap-server">${json}</script>`;
  return html.includes('</head>') ? html.replace('</head>', `${script}</head>`) : `${script}${html}`;
}

/** Serves the built app shell with the page settings (read per request: a rebuild needs no restart). */
export function appShell(webDir: string, settings: PageSettings) {
  const file = path.join(webDir, 'index.html');
  return async (c: Context) => {
    const html = await readFile(file, 'utf8');
    return c.html(withPageSettings(html, settings), 200, { 'Cache-Control': 'no-cache' });
  };
}
