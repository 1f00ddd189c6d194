import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chromiumPath, signIn, useBrowserApp } from './browser.ts';

// Terminal management (终端管理) as an administrator uses it, in Chinese, in real Chromium.
describe.skipIf(!chromiumPath)('terminal management in Chromium', () => {
  const app = useBrowserApp();
  const terminalId = `WEB-${Date.now() % 1_000_000}`;

  afterAll(async () => {
    const pool = new pg.Pool(inject('databases')[0]!.poolConfig);
    await pool.query('DELETE FROM device WHERE terminal_id = $1', [terminalId]);
    await pool.end();
  });

  it('lists terminals, registers one and shows its token once, then binds it', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await signIn(page, app.baseUrl, 'admin');
    await page.click('text=终端管理');
    await page.waitForSelector('.devices-table tbody tr');
    expect(page.url()).toMatch(/\/devices$/);
    const heading = await page.textContent('.devices-page');
    expect(heading).toContain('北斗终端管理');
    expect(heading).toMatch(/共 \d+ 台终端，\d+ 台在线/);
    expect(await page.locator('.devices-table tbody tr').count()).toBeGreaterThan(10);

    await page.fill('input[name=terminalId]', terminalId);
    await page.selectOption('select[name=protocol]', 'http');
    await page.click('button:has-text("登记")');
    await expect.poll(() => page.textContent('[role=status]')).toMatch(/接入令牌（仅显示这一次/);
    const row = page.locator(`tr:has(td:text-is("${terminalId}"))`);
    await row.waitFor();
    expect(await row.textContent()).toContain('未绑定');

    // The administrator finds the member by name, not by id.
    const member = (await page.evaluate(async () => {
      const res = await fetch('/api/devices?limit=5000');
      const { devices } = await res.json();
      return devices.find((d: { memberId: number | null }) => d.memberId !== null);
    })) as { memberId: number; memberName: string };
    await row.locator('input[placeholder=输入党员姓名搜索]').fill(member.memberName);
    const choose = row.locator('select[aria-label=选择党员]');
    await choose.waitFor();
    await choose.selectOption(String(member.memberId));
    await row.locator('button:has-text("绑定")').click();
    await expect.poll(async () => row.textContent()).toContain('解绑');
    expect(await row.textContent()).toContain(member.memberName);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/devices.png' });

    await page.click('text=返回地图');
    await page.waitForSelector('[data-testid=map]');
    await page.close();
  });

  it('keeps the page from other roles', async () => {
    const page = await app.browser.newPage();
    await signIn(page, app.baseUrl, 'leader');
    expect(await page.locator('text=终端管理').count()).toBe(0);
    await page.goto(`${app.baseUrl}/devices`);
    await page.waitForSelector('[data-testid=map]');
    expect(await page.locator('.devices-table').count()).toBe(0);
    await page.close();
  });
});
