import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { browserForFile } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { logIn, openLogin } from './support/session.ts';
import { platformApi } from './support/api.ts';

const baseUrl = inject('baseUrl');
const { call, token } = platformApi(baseUrl);
const PASSWORD = 'OneCity@2026';
/** 南京东路街道 (黄浦区), a little away from the cases tests' spots. */
const SITE = { latitude: 31.2149, longitude: 121.4893 } as const;
/** 工地扬尘 goes to the district's 生态环境局 by the class's rule. */
const HANDLER = 'handler.310101.sthj';

const { browser, keep } = browserForFile();

interface CaseBody {
  id: string;
  number: string;
  version: number;
  assigneeDepartmentId: string | null;
}

async function move(username: string, c: CaseBody, action: string, extra: object = {}) {
  return call<CaseBody>(
    `/api/v1/cases/${c.id}/transitions`,
    {
      method: 'POST',
      body: JSON.stringify({ action, expectedVersion: c.version, ...extra }),
    },
    await token(username),
  );
}

describe('督办 reaches the department’s workbench inbox', () => {
  it('the handler sees the bell count, opens the case from the drawer, marks all read', async () => {
    const { case: reported } = await call<{ case: CaseBody }>(
      '/api/v1/cases',
      {
        method: 'POST',
        body: JSON.stringify({
          classId: 'E0302',
          description: `工地扬尘（督办通知测试 ${Date.now()}）`,
          lng: SITE.longitude,
          lat: SITE.latitude,
        }),
      },
      await token('gridworker.310101002'),
    );
    let c = await move('acceptor.310101', reported, 'register');
    c = await move('dispatcher.310101', c, 'dispatch');
    expect(c.assigneeDepartmentId).toBe('310101.sthj');
    // The street supervises, then the district: two notifications for the department.
    c = await move('commander.310101002', c, 'supervise', { note: '请今日内到场' });
    await move('commander.310101', c, 'supervise', { note: '群众反映强烈，请加快处置' });

    const { context, page, errors, foreign } = await openLogin(browser(), baseUrl);
    keep(context);
    await logIn(page, HANDLER, PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto('/workbench');
    const bell = page.getByTestId('notification-bell');
    // The consumer runs after the commit: the bell may need its next ask.
    await expect
      .poll(async () => Number(await bell.getAttribute('data-unread')), { timeout: 45_000 })
      .toBeGreaterThan(1);
    const before = Number(await bell.getAttribute('data-unread'));

    await bell.click();
    const drawer = page.getByTestId('notification-drawer');
    const item = drawer.locator('.ant-list-item').filter({ hasText: '群众反映强烈' });
    await item.waitFor();
    expect(await drawer.locator('.ant-list-item').filter({ hasText: c.number }).count()).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'notifications-drawer.png') });
    expect(await item.textContent()).toContain('区级督办');
    expect(await item.textContent()).toContain('群众反映强烈，请加快处置');
    await item.click();
    await page.waitForURL((url) => url.pathname === `/workbench/cases/${c.id}`);

    expect(Number(await bell.getAttribute('data-unread'))).toBe(before - 1);
    await bell.click();
    await drawer
      .locator(`.ant-list-item[data-read="true"]`)
      .filter({ hasText: '群众反映强烈' })
      .waitFor();
    await page.getByTestId('notification-read-all').click();
    await page.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();
    expect(foreign).toEqual([]);
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
