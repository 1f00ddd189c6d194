import { describe, expect, it } from 'vitest';
import { withPageSettings } from './app-shell.ts';

describe('the app shell’s page settings', () => {
  const html = '<!doctype html><html><head><title>x</title></head><body></body></html>';

  it('come before the app bundle, as a JSON data block that is never executed', () => {
    const out = withPageSettings(html, { basemap: { tilejson: '/tiles/basemap.json', format: 'vector' } });
    const script = /<script type="application\/json" id="redmap-server">(.*)<\/script><\/head>/.exec(out);
    expect(JSON.parse(script?.[1] ?? 'null')).toEqual({
      basemap: { tilejson: '/tiles/basemap.json', format: 'vector' },
    });
  });

  it('cannot close the script element, whatever a value holds', () => {
    const out = withPageSettings(html, {
      basemap: { tilejson: '/x</script><script>alert(1)</script>', format: 'vector' },
    });
    expect(out.match(/<\/script>/g)).toHaveLength(1);
    expect(out).toContain('\\u003c/script>');
  });
});
