import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, mapIdle, signIn, useBrowserApp } from './browser.ts';
import { decodePng, differingShare, distinctColours, meanLuminance, nonBackgroundShare, type Pixels } from './png.ts';

// The map in real Chromium (WebGL through SwiftShader): one signed-in page shared by the steps,
// which run in order. Screenshots go to test-results/.
const MAP = '[data-testid=map]';
const KNOWN_ORG = '麻栗坡县烟草专卖局（分公司）党总支';

async function shot(page: Page, file: string): Promise<Pixels> {
  return decodePng(await page.locator(MAP).screenshot({ path: `test-results/${file}` }));
}

/** The map's camera, read from the MapLibre instance the view hangs on its element. */
function camera(page: Page) {
  return page.evaluate((sel) => {
    const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
    const c = map.getCenter();
    return { lon: c.lng, lat: c.lat, zoom: map.getZoom() };
  }, MAP);
}

describe.skipIf(!chromiumPath)('the map in Chromium', () => {
  const app = useBrowserApp();
  let page: Page;
  const urls: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('request', (r) => urls.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, app.baseUrl);
    await mapIdle(page);
  });
  afterAll(() => page?.close());

  it('draws a non-blank offline base map with the thematic layers', async () => {
    // The canvas fills the view (MapLibre's own style sheet, arriving after ours, once set the
    // map's element back to `position: relative`, and a 300 px strip was drawn).
    const sizes = await page.evaluate((sel) => {
      const size = (e: Element | null | undefined) => [e?.clientWidth ?? 0, e?.clientHeight ?? 0];
      const el = document.querySelector(sel);
      return { canvas: size(el?.querySelector('canvas')), view: size(el?.closest('.map-view')) };
    }, MAP);
    expect(sizes.view[1]).toBeGreaterThan(500);
    expect(sizes.canvas).toEqual(sizes.view);
    // SwiftShader: the map painted once its tiles were in, not a dozen half-drawn frames before.
    expect(await page.locator(MAP).getAttribute('data-first-paint')).toBe('when-loaded');
    const pixels = await shot(page, 'map-home.png');
    expect(distinctColours(pixels)).toBeGreaterThan(150);
    expect(nonBackgroundShare(pixels)).toBeGreaterThan(0.3);
    // The county names come from the admin_labels tiles and the local CJK font.
    const rendered = await page.evaluate((sel) => {
      const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
      return map.queryRenderedFeatures({ layers: ['admin-label'] }).map((f) => String(f.properties.name));
    }, MAP);
    expect(rendered).toContain('麻栗坡县');
  });

  it('clusters the org seats, badges each seat with its open warnings and breaks a cluster open on click', async () => {
    type Rendered = { id: number | null; cluster: boolean; count: number; badge: string | null; x: number; y: number };
    const rendered = () =>
      page.evaluate((sel) => {
        const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
        const layers = ['org-clusters', 'orgs', 'org-warning-badges'];
        return map.queryRenderedFeatures({ layers }).map((f): Rendered => {
          const p = f.properties as Record<string, unknown>;
          const at = map.project(f.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : [0, 0]);
          return {
            id: f.layer.id === 'org-clusters' ? null : Number(p.id),
            cluster: f.layer.id === 'org-clusters',
            count: Number(p.point_count ?? 1),
            badge: f.layer.id === 'org-warning-badges' ? String(p.warnings) : null,
            x: at.x,
            y: at.y,
          };
        });
      }, MAP);
    // What the server's scheduler does at start, so there are warnings; then the map as it opens,
    // without the members (a live one standing at a seat would take the click, picking.ts).
    expect(await page.evaluate(async () => (await fetch('/api/warnings/recompute', { method: 'POST' })).status)).toBe(
      200,
    );
    await page.goto(`${app.baseUrl}/?l=admin,border,zones,orgs,joint_points`);
    await mapIdle(page);
    const byOrg = await page.evaluate(async () => {
      const body = (await (await fetch('/api/warnings/summary')).json()) as {
        byOrg: { orgId: number; open: number }[];
      };
      return body.byOrg;
    });
    const open = new Map(byOrg.map((w) => [w.orgId, w.open]));
    const before = await rendered();
    const clusters = before.filter((f) => f.cluster);
    expect(clusters.length).toBeGreaterThan(3);
    // Every seat drawn on its own with open warnings carries a badge with their number, no other does.
    const singles = before.filter((f) => !f.cluster && f.badge === null);
    const badges = new Map(before.filter((f) => f.badge !== null).map((f) => [f.id, f.badge]));
    expect(badges.size).toBeGreaterThan(0);
    for (const s of singles) {
      const n = open.get(s.id ?? -1) ?? 0;
      expect(badges.get(s.id), `org ${s.id}`).toBe(n > 0 ? String(Math.min(n, 99)) + (n > 99 ? '+' : '') : undefined);
    }

    const biggest = clusters.reduce((a, b) => (b.count > a.count ? b : a));
    const box = await page.locator(MAP).boundingBox();
    if (!box) throw new Error('no map box');
    const start = await camera(page);
    await page.mouse.click(box.x + biggest.x, box.y + biggest.y);
    await expect.poll(async () => (await camera(page)).zoom, { timeout: 10_000 }).toBeGreaterThan(start.zoom + 0.9);
    await mapIdle(page);
    await page.locator(MAP).screenshot({ path: 'test-results/map-cluster-opened.png' });
    // Back where the next steps expect the map.
    await page.goto(app.baseUrl);
    await mapIdle(page);
  });

  it('changes what is drawn when a layer is switched off, and keeps it in the URL', async () => {
    const before = await shot(page, 'map-layers-on.png');
    await page.getByRole('tab', { name: '图层筛选' }).click();
    await page.getByRole('checkbox', { name: '党组织' }).uncheck();
    await page.getByRole('checkbox', { name: '党员位置' }).uncheck();
    await mapIdle(page);
    const after = await shot(page, 'map-layers-off.png');
    expect(differingShare(before, after)).toBeGreaterThan(0.005);
    expect(new URL(page.url()).searchParams.get('l')).toBe('admin,border,zones,joint_points,live');

    await page.getByRole('checkbox', { name: '党组织' }).check();
    await page.getByRole('checkbox', { name: '党员位置' }).check();
    await mapIdle(page);
    expect(new URL(page.url()).searchParams.has('l')).toBe(false);
    expect(differingShare(before, await shot(page, 'map-layers-on-again.png'))).toBeLessThan(0.02);
    await page.getByRole('tab', { name: '组织架构' }).click();
  });

  it('shows name and kind on hover and opens the drawer of an org clicked on the map', async () => {
    const org = await page.evaluate(async (name) => {
      const body = (await (await fetch('/api/orgs')).json()) as {
        features: { properties: { id: number; name: string }; geometry: { coordinates: [number, number] } }[];
      };
      const f = body.features.find((x) => x.properties.name === name);
      return f ? { id: f.properties.id, position: f.geometry.coordinates } : null;
    }, KNOWN_ORG);
    expect(org).not.toBeNull();
    if (!org) return;

    // Zoomed in past the clustering, the org is drawn on its own; find its pixel and go there.
    const point = await page.evaluate(
      ([sel, position]) =>
        new Promise<{ x: number; y: number }>((resolve) => {
          const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
          map.once('moveend', () => resolve(map.project(position)));
          map.jumpTo({ center: position, zoom: 15 });
        }),
      [MAP, org.position] as const,
    );
    await mapIdle(page);
    const box = await page.locator(MAP).boundingBox();
    if (!box) throw new Error('no map box');
    const [x, y] = [box.x + point.x, box.y + point.y];

    await page.mouse.move(x - 40, y - 40);
    await page.mouse.move(x, y, { steps: 4 });
    const tooltip = page.locator('.map-tooltip');
    await expect.poll(() => tooltip.textContent()).toContain(KNOWN_ORG);
    expect(await tooltip.textContent()).toContain('党总支');

    await page.mouse.click(x, y);
    const heading = page.locator('.feature-drawer__title');
    await expect.poll(() => heading.textContent(), { timeout: 10_000 }).toBe(KNOWN_ORG);
    expect(new URL(page.url()).searchParams.get('sel')).toBe(`org:${org.id}`);
    await page.screenshot({ path: 'test-results/map-org-drawer.png' });
  });

  it('reproduces a view from its URL and writes the changed view back', async () => {
    const id = Number((new URL(page.url()).searchParams.get('sel') ?? '').split(':')[1]);
    await page.goto(`${app.baseUrl}/?c=104.61000,23.25000&z=10.50&l=orgs,border,zones&sel=org:${id}`);
    await mapIdle(page);
    const cam = await camera(page);
    expect(cam.lon).toBeCloseTo(104.61, 4);
    expect(cam.lat).toBeCloseTo(23.25, 4);
    expect(cam.zoom).toBeCloseTo(10.5, 4);
    await expect.poll(() => page.locator('.feature-drawer__title').textContent()).toBe(KNOWN_ORG);
    await page.getByRole('tab', { name: '图层筛选' }).click();
    expect(await page.getByRole('checkbox', { name: '党员位置' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: '党组织' }).isChecked()).toBe(true);
    await page.getByRole('tab', { name: '组织架构' }).click();

    // Pan with the keyboard, as MapLibre allows on the focused canvas, then zoom out one step.
    await page.locator(`${MAP} canvas`).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Minus');
    await mapIdle(page);
    const moved = await camera(page);
    expect(moved.lon).toBeGreaterThan(104.61);
    expect(moved.zoom).toBeLessThan(10.5);
    const q = new URL(page.url()).searchParams;
    expect(q.get('c')).toBe(`${moved.lon.toFixed(5)},${moved.lat.toFixed(5)}`);
    expect(q.get('z')).toBe(moved.zoom.toFixed(2));
    expect(q.get('l')).toBe('orgs,border,zones');
    expect(q.get('sel')).toBe(`org:${id}`);

    // And a reload of that URL comes back to the same view.
    const url = page.url();
    await page.reload();
    await mapIdle(page);
    expect(page.url()).toBe(url);
    const again = await camera(page);
    expect(again.lon).toBeCloseTo(moved.lon, 4);
    expect(again.zoom).toBeCloseTo(moved.zoom, 2);
  });

  it('selects and flies to an org picked in the tree or found by the search box', async () => {
    const seats = await page.evaluate(async () => {
      const body = (await (await fetch('/api/orgs')).json()) as {
        features: { properties: { name: string }; geometry: { coordinates: [number, number] } }[];
      };
      return Object.fromEntries(body.features.map((f) => [f.properties.name, f.geometry.coordinates]));
    });
    const near = async (name: string) => {
      await mapIdle(page);
      const cam = await camera(page);
      const seat = seats[name];
      if (!seat) throw new Error(`no seat for ${name}`);
      expect(Math.abs(cam.lon - seat[0]) + Math.abs(cam.lat - seat[1])).toBeLessThan(1e-3);
      await expect.poll(() => page.locator('.feature-drawer__title').textContent()).toBe(name);
    };

    const inTree = '麻栗坡县天保边境联合党支部';
    await page.fill('.org-search__input', '天保边境');
    await page.locator('.org-tree__select', { hasText: inTree }).click();
    await near(inTree);

    const found = '麻栗坡县局机关党支部';
    await page.getByRole('combobox').fill(found);
    await page
      .getByRole('option', { name: new RegExp(found) })
      .first()
      .click();
    await near(found);
    await page.fill('.org-search__input', '');
  });

  it('draws a site picked in the search box even with the sites layer off', async () => {
    await page.goto(`${app.baseUrl}/?l=orgs,border,zones`);
    await mapIdle(page);
    const name = '维摩烟叶收购点2';
    await page.getByRole('combobox').fill(name);
    await page
      .getByRole('option', { name: new RegExp(name) })
      .first()
      .click();
    await expect.poll(() => page.locator('.feature-drawer__title').textContent()).toBe(name);
    await mapIdle(page);
    const drawn = await page.evaluate(
      (sel) =>
        (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap
          .queryRenderedFeatures({ layers: ['sites-point', 'sites-selected'] })
          .map((f) => ({ layer: f.layer.id, name: f.properties.name as string })),
      MAP,
    );
    // Only the picked site, drawn by the selection layer; no other site while the layer is off.
    expect(drawn.map((d) => d.layer)).not.toContain('sites-point');
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn.map((d) => d.name))).toEqual(new Set([name]));
  });

  it('turns into the dark big screen with headline figures, and back', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${app.baseUrl}/?screen=1`);
    await mapIdle(page);
    const stats = page.locator('.screen-stats');
    await expect.poll(() => stats.textContent()).toMatch(/党组织\s*78/);
    expect(await page.locator('.screen-clock time').textContent()).toMatch(/\d{2}:\d{2}:\d{2}/);
    const dark = await shot(page, 'map-screen-map.png');
    expect(meanLuminance(dark)).toBeLessThan(90);
    await page.screenshot({ path: 'test-results/map-screen.png' });

    await page.getByRole('button', { name: '退出大屏' }).click();
    await page.waitForSelector('[role=tree]');
    expect(new URL(page.url()).searchParams.has('screen')).toBe(false);
    await mapIdle(page);
    expect(meanLuminance(await shot(page, 'map-after-screen.png'))).toBeGreaterThan(150);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('loads deck.gl only when the loaded map needs it: not for its own layers, for the live layer', async () => {
    // A fresh page that signs in by API and opens the map without the live layer.
    const fresh = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    try {
      const scripts: string[] = [];
      fresh.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      const login = await fresh.request.post(`${app.baseUrl}/api/auth/login`, {
        data: { username: 'leader', password: 'redmap-demo' },
      });
      expect(login.status()).toBe(200);
      await fresh.goto(`${app.baseUrl}/?l=admin,border,zones,orgs,joint_points,members`);
      await mapIdle(fresh);
      await fresh.waitForTimeout(1000);
      const overlays = () =>
        fresh.evaluate((sel) => {
          const o = (document.querySelector(sel) as HTMLElement & { redmapOverlays?: Record<string, unknown> })
            .redmapOverlays;
          return { deck: !!o?.deck, live: !!o?.live };
        }, MAP);
      const deckChunk = (s: string) => /\/assets\/deck-[\w-]+\.js$/.test(s);
      expect(scripts.some((s) => s.includes('/assets/MapView-'))).toBe(true);
      expect(scripts.filter(deckChunk)).toEqual([]);
      expect(await overlays()).toEqual({ deck: false, live: false });

      await fresh.getByRole('tab', { name: '图层筛选' }).click();
      await fresh.getByRole('checkbox', { name: '实时位置' }).check();
      await expect.poll(overlays, { timeout: 20_000 }).toEqual({ deck: true, live: true });
      expect(scripts.filter(deckChunk).length).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('never sent a request off this machine and threw no page error', () => {
    const offsite = urls.filter((u) => {
      const url = new URL(u);
      // data: and blob: URLs never leave the page.
      return !['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1';
    });
    expect(offsite).toEqual([]);
    expect(urls.some((u) => u.includes('/tiles/members/'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('takes glyphs and every source from this origin', async () => {
    const style = await page.evaluate((sel) => {
      const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
      const s = map.getStyle();
      return { glyphs: s.glyphs ?? '', sources: Object.values(s.sources).map((x) => ('url' in x ? x.url : '') ?? '') };
    }, MAP);
    expect(style.glyphs).toBe(`${app.baseUrl}/glyphs/{fontstack}/{range}.pbf`);
    // The build ships the Latin/digit ranges of both fontstacks the style names.
    const statuses = await page.evaluate(() =>
      Promise.all(
        ['Noto Sans Regular', 'Noto Sans Bold'].map(async (f) => (await fetch(`/glyphs/${f}/0-255.pbf`)).status),
      ),
    );
    expect(statuses).toEqual([200, 200]);
    for (const url of style.sources.filter(Boolean)) expect(url.startsWith(`${app.baseUrl}/tiles/`)).toBe(true);
  });
});
