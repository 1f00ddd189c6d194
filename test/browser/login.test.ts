import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumPath, useBrowserApp } from './browser.ts';

// Runs wherever Chromium is installed; under CI=true a missing Chromium fails in browser.ts.
describe.skipIf(!chromiumPath)('login and org tree in Chromium', () => {
  const app = useBrowserApp();

  it('logs in as the demo leader and shows the organisation tree, with no request leaving loopback', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const hosts = new Set<string>();
    page.on('request', (r) => hosts.add(new URL(r.url()).hostname));

    await page.goto(app.baseUrl);
    await page.fill('#username', 'leader');
    await page.fill('#password', 'wrong-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('body')).toMatch(/用户名或密码错误/);

    await page.fill('#password', 'redmap-demo');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=tree] [role=treeitem]');
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain('文山州烟草专卖局（公司）党委');
    expect(body).toContain('麻栗坡县烟草专卖局（分公司）党总支');
    expect(body).toMatch(/临时党支部\D{0,6}32/);
    expect(await page.locator('[role=treeitem]').count()).toBeGreaterThanOrEqual(18);

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/org-tree.png' });
    expect([...hosts]).toEqual(['127.0.0.1']);
    await page.close();
  });

  it('shows the secretary only their own branch', async () => {
    const page = await app.browser.newPage();
    await page.goto(app.baseUrl);
    await page.fill('#username', 'secretary');
    await page.fill('#password', 'redmap-demo');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=tree] [role=treeitem]');
    expect(await page.locator('[role=treeitem]').count()).toBe(1);
    expect(await page.textContent('[role=tree]')).toContain('天保边境联合党支部');
    await page.close();
  });
});
