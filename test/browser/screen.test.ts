import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumPath, mapIdle, mapLoaded, signIn, useBrowserApp } from './browser.ts';

// Each role in real Chromium, in Chinese (issue 16, items 3 and 4): the map opens where the user
// works (a secretary's or member's branch, the prefecture for the others), the tree and the drawer
// count what the API counts, and the big screen shows the API's figures, each labelled with its
// scope. One screenshot of the big screen per role goes to test-results/screen-<role>.png.
const MAP = '[data-testid=map]';
const ROLES = ['admin', 'leader', 'secretary', 'member'] as const;

/** Digits of a formatted number ("1,285" → 1285). */
const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

type Bbox = [number, number, number, number];

/** The map's visible bounds as [west, south, east, north]. */
function bounds(page: Page): Promise<Bbox> {
  return page.evaluate((sel) => {
    const map = (document.querySelector(sel) as HTMLElement & { redmapMap: import('maplibre-gl').Map }).redmapMap;
    const b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as Bbox;
  }, MAP);
}

const contains = (outer: Bbox, inner: Bbox) =>
  outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];

describe.skipIf(!chromiumPath)('counts and start view per role in Chromium', () => {
  const app = useBrowserApp();
  const pageErrors: string[] = [];
  const urls: string[] = [];
  const pool = new pg.Pool(inject('databases')[0]?.poolConfig);
  /** Two terminals with a fresh fix: the demo member's and another member's of the same branch. */
  const devices: number[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const { rows } = await pool.query<{ id: number }>(
      `SELECT m.id FROM member m JOIN app_user u ON u.org_id = m.org_id
        WHERE u.username = 'secretary' ORDER BY (m.id = (SELECT member_id FROM app_user WHERE username = 'member')) DESC, m.id
        LIMIT 2`,
    );
    for (const [i, row] of rows.entries()) {
      const token = `test-screen-terminal-token-000${i}`;
      const d = await pool.query<{ id: number }>(
        `INSERT INTO device (terminal_id, member_id, protocol, token_hash) VALUES ($1, $2, 'http', $3) RETURNING id`,
        [`TEST-SCREEN-${row.id}`, row.id, createHash('sha256').update(token).digest()],
      );
      devices.push(Number(d.rows[0]?.id));
      const res = await fetch(`${app.baseUrl}/api/ingest/positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fixes: [{ time: new Date().toISOString(), lon: 104.2, lat: 23.9 }] }),
      });
      expect(res.status).toBe(200);
    }
  });

  afterAll(async () => {
    await pool.query('DELETE FROM position WHERE device_id = ANY($1)', [devices]);
    await pool.query('DELETE FROM zone_event WHERE device_id = ANY($1)', [devices]);
    await pool.query('DELETE FROM device WHERE id = ANY($1)', [devices]);
    await pool.end();
  });

  it.each(ROLES)(
    '%s: opens where they work, and every number on the map and the big screen is the API’s',
    async (role) => {
      const page = await app.browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
      page.on('pageerror', (e) => pageErrors.push(`${role}: ${e.message}`));
      page.on('request', (r) => urls.push(r.url()));
      try {
        await signIn(page, app.baseUrl, role);
        const api = await page.evaluate(async () => {
          const get = async (path: string) => (await fetch(path)).json();
          return { stats: await get('/api/stats'), scope: await get('/api/stats/scope') };
        });
        const { stats, scope } = api;
        const branchRole = role === 'secretary' || role === 'member';
        const word = branchRole ? '本支部' : '全州';

        // Item 4: the start view. A branch opens on its seat and zones; the prefecture on itself.
        await mapIdle(page);
        const view = await bounds(page);
        const home = scope.bbox as Bbox;
        expect(contains(view, home), `${role} sees ${home} within ${view}`).toBe(true);
        const span = (b: Bbox) => Math.max(b[2] - b[0], b[3] - b[1]);
        if (branchRole) {
          expect(scope.kind).toBe('branch');
          // Around the branch: a few times its extent, far from the prefecture's (about 2.3°).
          expect(span(view)).toBeLessThan(4 * span(home));
          expect(span(view)).toBeLessThan(1.5);
        } else {
          expect(scope.kind).toBe('prefecture');
          expect(span(view)).toBeGreaterThan(1.5);
        }

        // The tree's total and its rows count Party members, as the big screen does.
        await page.waitForSelector('[data-testid=tree-total]');
        const total = await page.locator('[data-testid=tree-total]').textContent();
        expect(total).toContain(word);
        expect(digits(total)).toBe(stats.members);
        const ownRow = page.locator(`[data-org-id="${scope.orgId}"] .org-tree__count [aria-hidden=true]`).first();
        const tree = await page.evaluate(async () => (await fetch('/api/orgs/tree')).json());
        expect(digits(await ownRow.textContent())).toBe(tree.memberCount);
        if (role === 'member') expect(tree.memberCount).toBe(stats.members);

        // The live layer's count is the online count of the big screen.
        const badge = page.locator('[data-testid=live-count]');
        await expect.poll(() => badge.getAttribute('data-count'), { timeout: 20_000 }).not.toBeNull();
        expect(Number(await badge.getAttribute('data-count'))).toBe(stats.onlineTerminals);
        expect(await badge.getAttribute('title')).toBe(`在线终端（30 分钟内有定位）：${stats.onlineTerminals} 台`);

        if (role === 'member') {
          // A zone of the branch with members but not this one: the count, not "nobody assigned".
          const zone = await page.evaluate(async () => {
            const fc = (await (await fetch('/api/zones')).json()) as { features: { id: number }[] };
            for (const f of fc.features) {
              const z = await (await fetch(`/api/zones/${f.id}`)).json();
              if (z.memberCount > 0 && z.members.length === 0) return { id: f.id, n: z.memberCount as number };
            }
            return null;
          });
          expect(zone).not.toBeNull();
          if (zone) {
            const camera = new URL(page.url()).search;
            await page.goto(`${app.baseUrl}/${camera}&sel=zone:${zone.id}`);
            await mapLoaded(page);
            const drawer = page.locator('.feature-drawer');
            await expect.poll(() => drawer.textContent(), { timeout: 15_000 }).toContain(`责任党员（${zone.n} 名）`);
            expect(await drawer.textContent()).not.toContain('尚未分配党员');
            expect(await drawer.textContent()).toContain(`另有 ${zone.n} 名责任党员`);
            // Their branch: Party members counted, the roll masked and saying so.
            await page.goto(`${app.baseUrl}/${camera}&sel=org:${scope.orgId}`);
            await mapLoaded(page);
            await expect
              .poll(() => drawer.locator('[data-testid=member-list-masked]').textContent(), { timeout: 15_000 })
              .toContain('这里列出 1 人');
            expect(await drawer.textContent()).toContain(`直属党员${stats.members} 名`);
          }
        }

        // The big screen: the headline figures, each labelled with its scope.
        await page.goto(`${app.baseUrl}/screen`);
        await mapLoaded(page);
        const figure = (key: string) => page.locator(`[data-figure=${key}]`);
        await expect
          .poll(() => figure('members').locator('.screen-stat__value').textContent(), { timeout: 20_000 })
          .not.toBe('—');
        const want: Record<string, number> = {
          orgs: stats.orgs.total,
          members: stats.members,
          onlineTerminals: stats.onlineTerminals,
          jointPoints: stats.jointPoints,
          zones: stats.zones,
          sites: stats.sites,
          borderKm: Math.round(stats.borderKm),
          counties: stats.counties,
        };
        for (const [key, n] of Object.entries(want)) {
          expect(digits(await figure(key).locator('.screen-stat__value').textContent()), key).toBe(n);
        }
        const label = async (key: string) => figure(key).locator('.screen-stat__label').textContent();
        expect(await label('members')).toBe(`${word}党员`);
        expect(await label('onlineTerminals')).toBe(role === 'member' ? '本人在线终端' : `${word}在线终端`);
        expect(await figure('onlineTerminals').textContent()).toContain(`共 ${stats.terminals} 台 · 30 分钟内有定位`);
        expect(await label('sites')).toBe(branchRole ? '麻栗坡县工作站点' : '全州工作站点');
        expect(await label('counties')).toBe(branchRole ? '所在县（市）' : '全州县（市）');
        if (branchRole) expect(stats.onlineTerminals).toBeGreaterThanOrEqual(1);

        // The panels of the leaders' wall: the portrait of the same scope, the same numbers.
        if (role !== 'member') {
          await expect
            .poll(() => page.locator('[data-testid=screen-party]').textContent(), { timeout: 20_000 })
            .not.toBeNull();
          expect(digits(await page.locator('[data-testid=screen-party]').textContent())).toBe(stats.members);
          expect(await page.locator('[data-testid=screen-devices]').textContent()).toContain(
            `在线 ${stats.onlineTerminals} / 共 ${stats.terminals} 台`,
          );
          expect(await page.locator('[data-testid=screen-panel-scope]').first().textContent()).toContain(word);
        }
        // The big screen too opens on the branch.
        await mapIdle(page);
        expect(contains(await bounds(page), home)).toBe(true);
        if (branchRole) expect(span(await bounds(page))).toBeLessThan(1.5);
        await page.waitForTimeout(500);
        await page.screenshot({ path: `test-results/screen-${role}.png` });
      } finally {
        await page.close();
      }
    },
    150_000,
  );

  it('sent no request off this machine and threw no page error', () => {
    const origin = new URL(app.baseUrl).origin;
    expect(urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
