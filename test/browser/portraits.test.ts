import { mkdirSync } from 'node:fs';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumPath, mapIdle, mapLoaded, signIn, useBrowserApp } from './browser.ts';
import { decodePng, distinctColours, nonBackgroundShare } from './png.ts';

// A leader's drill-down in real Chromium, in Chinese: map → organisation → portrait → a bar of a
// chart → the members behind it → one member's portrait and track; then the big screen at
// 1920×1080. Every number checked here is compared with the API's answer, read in the same page.
const ORG = '麻栗坡县烟草专卖局（分公司）党总支';

/** Digits of a formatted number ("1,234" → 1234). */
const digits = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

type ChartElement = HTMLElement & {
  redmapChart?: { convertToPixel: (finder: object, value: (number | string)[]) => number[] };
};

describe.skipIf(!chromiumPath)('portraits in Chromium', () => {
  const app = useBrowserApp();
  let page: Page;
  const urls: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    page = await app.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('request', (r) => urls.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, app.baseUrl, 'leader');
  });
  afterAll(() => page?.close());

  it('goes from the map to an organisation, its portrait and a chart bar to the members behind it', async () => {
    const id = await page.evaluate(async (name) => {
      const body = (await (await fetch('/api/orgs')).json()) as {
        features: { properties: { id: number; name: string } }[];
      };
      return body.features.find((f) => f.properties.name === name)?.properties.id ?? null;
    }, ORG);
    expect(id).not.toBeNull();
    await page.goto(`${app.baseUrl}/?sel=org:${id}`);
    await mapLoaded(page);
    await expect.poll(() => page.locator('.feature-drawer__title').textContent(), { timeout: 10_000 }).toBe(ORG);
    await page.getByRole('link', { name: '查看画像' }).click();
    expect(new URL(page.url()).pathname).toBe(`/orgs/${id}/portrait`);
    await expect.poll(() => page.locator('[data-testid=portrait-name]').textContent(), { timeout: 20_000 }).toBe(ORG);

    // The charts draw: every canvas is there and the member-structure ones are not blank.
    await expect
      .poll(() => page.locator('.chart__canvas canvas').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(9);
    await page.waitForTimeout(800); // ECharts' entry animation
    const age = page.locator('[data-chart="年龄结构"]');
    const pixels = decodePng(await age.screenshot({ path: 'test-results/portrait-age-chart.png' }));
    expect(nonBackgroundShare(pixels)).toBeGreaterThan(0.03);
    expect(distinctColours(pixels)).toBeGreaterThan(8);
    await page.screenshot({ path: 'test-results/portrait-org.png', fullPage: true });

    // A figure on the page equals the API's.
    const api = await page.evaluate(
      async (org) =>
        (await (await fetch(`/api/orgs/${org}/portrait`)).json()) as {
          structure: { party: number; byAge: { key: string; count: number }[] };
          orgLife: { attendance: { rate: number | null } };
        },
      id,
    );
    expect(digits(await page.locator('[data-testid=figure-party]').textContent())).toBe(api.structure.party);
    const rate = api.orgLife.attendance.rate;
    expect(digits(await page.locator('[data-testid=figure-attendance]').textContent())).toBeCloseTo(
      rate === null ? 0 : Math.round(rate * 1000) / 10,
      1,
    );

    // Click the tallest age bar where ECharts drew it: the list behind it has as many members.
    const bars = api.structure.byAge;
    const tallest = bars.reduce((a, b) => (b.count > a.count ? b : a));
    const index = bars.indexOf(tallest);
    const [bx, by] = await age.evaluate(
      (el, [i, v]) => {
        const canvasBox = el as ChartElement;
        return canvasBox.redmapChart?.convertToPixel({ seriesIndex: 0 }, [i, v / 2]) ?? [0, 0];
      },
      [index, tallest.count] as const,
    );
    const box = await age.boundingBox();
    if (!box) throw new Error('no chart box');
    await page.mouse.click(box.x + (bx ?? 0), box.y + (by ?? 0));
    const heading = page.locator('[data-testid=drill-heading]');
    await expect.poll(() => heading.textContent(), { timeout: 10_000 }).toContain('共');
    expect(await heading.textContent()).toContain('年龄结构');
    expect(digits((await heading.textContent())?.split('共')[1] ?? '')).toBe(tallest.count);
    const first = page.locator('.drill .data-table tbody tr').first().locator('a');
    const memberName = await first.textContent();
    expect(memberName).toBeTruthy();
    // Leaders see phones masked, exactly as the API sent them.
    expect(await page.locator('.drill .data-table tbody tr').first().locator('td').nth(5).textContent()).toMatch(
      /\*{4}/,
    );

    await first.click();
    await expect
      .poll(() => page.locator('[data-testid=portrait-name]').textContent(), { timeout: 20_000 })
      .toBe(memberName);
    const memberId = Number(/\/members\/(\d+)\/portrait/.exec(page.url())?.[1]);
    const member = await page.evaluate(
      async (m) =>
        (await (await fetch(`/api/members/${m}/portrait`)).json()) as {
          profile: { partyAge: number | null; phone: string | null };
          attendance: { rate: number | null };
          track: unknown[];
        },
      memberId,
    );
    expect(await page.locator('[data-testid=member-phone]').textContent()).toBe(member.profile.phone ?? '—');
    if (member.profile.partyAge !== null) {
      expect(digits(await page.locator('[data-testid=party-age]').textContent())).toBe(member.profile.partyAge);
    }
    if (member.attendance.rate !== null) {
      expect(digits(await page.locator('[data-testid=member-attendance]').textContent())).toBeCloseTo(
        Math.round(member.attendance.rate * 1000) / 10,
        1,
      );
    }
    await page.waitForSelector('.mini-map[data-ready=true]', { timeout: 20_000 });
    await page.screenshot({ path: 'test-results/portrait-member.png', fullPage: true });
  });

  it('shows the big screen at 1920×1080 with real figures around the map', async () => {
    const wall = await app.browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    wall.on('request', (r) => urls.push(r.url()));
    wall.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await signIn(wall, app.baseUrl, 'leader');
      // What the server's scheduler does at start: warnings and index snapshots, so the wall has them.
      const jobs = await wall.evaluate(async () => [
        (await fetch('/api/warnings/recompute', { method: 'POST' })).status,
        (await fetch('/api/indices/refresh', { method: 'POST' })).status,
      ]);
      expect(jobs).toEqual([200, 200]);
      await wall.goto(`${app.baseUrl}/screen`);
      const party = await wall.evaluate(async () => {
        const tree = (await (await fetch('/api/auth/me')).json()) as { orgId: number };
        const p = (await (await fetch(`/api/orgs/${tree.orgId}/portrait`)).json()) as { structure: { party: number } };
        return p.structure.party;
      });
      await expect
        .poll(() => wall.locator('[data-testid=screen-party]').textContent(), { timeout: 20_000 })
        .not.toBeNull();
      expect(digits(await wall.locator('[data-testid=screen-party]').textContent())).toBe(party);
      await expect
        .poll(() => wall.locator('.screen-panels canvas').count(), { timeout: 20_000 })
        .toBeGreaterThanOrEqual(3);
      await mapIdle(wall);
      await wall.waitForTimeout(800);
      await wall.screenshot({ path: 'test-results/screen-1920x1080.png' });
    } finally {
      await wall.close();
    }
  }, 120_000);

  it('lets a secretary record an event with its place picked on the map, then mark attendance', async () => {
    const sec = await app.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    sec.on('request', (r) => urls.push(r.url()));
    sec.on('pageerror', (e) => pageErrors.push(e.message));
    let eventId = 0;
    try {
      await signIn(sec, app.baseUrl, 'secretary');
      const me = await sec.evaluate(async () => (await (await fetch('/api/auth/me')).json()) as { orgId: number });
      await sec.goto(`${app.baseUrl}/orgs/${me.orgId}/portrait`);
      await sec.getByRole('link', { name: '记录组织生活' }).click();
      await sec.waitForFunction(
        () =>
          (
            document.querySelector('[data-testid=place-picker]') as HTMLElement & { redmapMap?: { loaded(): boolean } }
          )?.redmapMap?.loaded(),
        undefined,
        { timeout: 30_000 },
      );
      await sec.getByLabel('标题').fill('十二月主题党日（浏览器测试）');
      await sec.getByLabel('地点名称').fill('党员活动室');
      const picker = await sec.locator('[data-testid=place-picker]').boundingBox();
      if (!picker) throw new Error('no picker');
      await sec.mouse.click(picker.x + picker.width / 2, picker.y + picker.height / 2);
      await expect
        .poll(() => sec.locator('[data-testid=picked-place]').textContent())
        .toMatch(/^\d+\.\d{5}, \d+\.\d{5}$/);
      await sec.getByRole('button', { name: '保存活动' }).click();
      await sec.waitForURL(/\/org-life\/\d+$/, { timeout: 20_000 });
      eventId = Number(/\/org-life\/(\d+)$/.exec(sec.url())?.[1]);
      await expect.poll(() => sec.locator('[data-testid=event-title]').textContent()).toContain('十二月主题党日');
      const first = sec.locator('.data-table tbody tr').first();
      await first.locator('input[type=radio]').first().check();
      await sec.getByRole('button', { name: '保存签到' }).click();
      await expect.poll(() => sec.getByRole('status').textContent()).toContain('已保存 1 条签到');
      const event = await sec.evaluate(
        async (id) =>
          (await (await fetch(`/api/org-life/${id}`)).json()) as {
            place: { lon: number; lat: number } | null;
            attendance: { status: string | null; source: string | null }[];
          },
        eventId,
      );
      expect(event.place).not.toBeNull();
      expect(event.attendance.filter((a) => a.status === 'present' && a.source === 'manual')).toHaveLength(1);
      await sec.screenshot({ path: 'test-results/org-life-marks.png', fullPage: true });
    } finally {
      if (eventId) {
        const pool = new pg.Pool(inject('databases')[0]!.poolConfig);
        await pool.query('DELETE FROM org_life WHERE id = $1', [eventId]);
        await pool.end();
      }
      await sec.close();
    }
  }, 120_000);

  it('never sent a request off this machine and threw no page error', () => {
    const origin = new URL(app.baseUrl).origin;
    const off = urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(off).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
