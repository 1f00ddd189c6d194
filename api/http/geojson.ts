import type { Context } from 'hono';

/** Sends a FeatureCollection that SQL already serialised (no parse/stringify round trip). */
export function geojson(c: Context, fc: string | undefined) {
  return c.body(fc ?? '{"type":"FeatureCollection","features":[]}', 200, {
    'content-type': 'application/geo+json; charset=utf-8',
  });
}
