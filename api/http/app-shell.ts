import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import type { BasemapPageSettings } from '../../tiles/basemap/archive.ts';

/** What the server tells the web app before it starts (`window.REDMAP_SERVER`, web/map/config.ts). */
export interface PageSettings {
  /** The base-map archive (`BASEMAP_PMTILES`), or null when only the offline base map exists. */
  basemap: BasemapPageSettings | null;
}

/**
 * `index.html` with the page settings in an inline script ahead of the app bundle, so every map
 * builds its first style knowing the server's base map, with no extra request. `<` is escaped in
 * the JSON, so no value can close the script element.
 */
export function withPageSettings(html: string, settings: PageSettings): string {
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  const script = `<script>window.REDMAP_SERVER=${json};</script>`;
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
