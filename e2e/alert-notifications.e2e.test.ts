import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { browserForFile } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { logIn, openLogin } from './support/session.ts';
import { platformApi } from './support/api.ts';

const baseUrl = inject('baseUrl');
const { call, token } = platformApi(baseUrl);
const PASSWORD = 'OneCity@2026';
/** 南京东路街道 (黄浦区). */
const SITE = { lng: 121.4861, lat: 31.2362 } as const;
const DEPARTMENT = '310101.sthj';
const HANDLER = `handler.${DEPARTMENT}`;

const { browser, keep } = browserForFile();

describe('an alert reaches the workbench inbox of the department that owns the device', () => {
  it('the handler sees the alert on the bell and opens it in the alerts page', async () => {
    const admin = await token('admin');
    const stamp = Date.now();
    const device = await call<{ id: string; token: string }>(
      '/api/v1/iot/devices',
      {
        method: 'POST',
        body: JSON.stringify({
          name: `通知-水质-${stamp}`,
          productId: 'water-quality',
          location: SITE,
          departmentId: DEPARTMENT,
        }),
      },
      admin,
    );
    const ruleName = `pH 过高（通知 ${stamp}）`;
    await call(
      '/api/v1/alert-rules',
      {
        method: 'POST',
        body: JSON.stringify({
          name: ruleName,
          severity: 'major',
          deviceId: device.id,
          condition: { type: 'threshold', key: 'ph', op: '>', value: 9 },
        }),
      },
      admin,
    );
    await call(`/api/v1/${device.token}/telemetry`, {
      method: 'POST',
      body: JSON.stringify({ ph: 9.7 }),
    });

    const { context, page, errors, foreign } = await openLogin(browser(), baseUrl);
    keep(context);
    await logIn(page, HANDLER, PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto('/workbench');
    const bell = page.getByTestId('notification-bell');
    const drawer = page.getByTestId('notification-drawer');
    const item = drawer.locator('.ant-list-item').filter({ hasText: ruleName });
    // The consumer runs after the commit, and the bell asks every 30 s: open it until it shows.
    await expect
      .poll(
        async () => {
          if (await item.count()) return true;
          await page.keyboard.press('Escape');
          await bell.click();
          await page.waitForTimeout(1_000);
          return (await item.count()) > 0;
        },
        { timeout: 45_000, interval: 2_000 },
      )
      .toBe(true);
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('重要告警');
    expect(text).toContain(`通知-水质-${stamp}`);
    expect(text).toContain('告警原因');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'notifications-alert.png') });

    await item.click();
    await page.waitForURL(
      (url) => url.pathname === '/workbench/alerts' && url.searchParams.has('alert'),
    );
    const alertDrawer = page.getByTestId('alert-drawer');
    await alertDrawer.waitFor();
    await expect.poll(async () => (await alertDrawer.textContent()) ?? '').toContain(ruleName);
    // The drawer names the department that owns the device, as the API does.
    const alertId = new URL(page.url()).searchParams.get('alert') ?? '';
    const shown = await call<{ departmentId: string; departmentName: string }>(
      `/api/v1/alerts/${alertId}`,
      {},
      admin,
    );
    expect(shown.departmentId).toBe(DEPARTMENT);
    await expect
      .poll(async () => await alertDrawer.getByTestId('alert-drawer-department').textContent())
      .toBe(shown.departmentName);

    // The list shows it too, and the department filter keeps it or leaves it out.
    await page.goto(`/workbench/alerts?status=&department=${DEPARTMENT}`);
    const row = page
      .getByTestId('alerts-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: ruleName });
    await expect.poll(async () => await row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getByTestId('alert-department').textContent()).toBe(shown.departmentName);
    await page.goto('/workbench/alerts?status=&department=310101.cg');
    await page.getByTestId('alerts-table').waitFor();
    await expect
      .poll(async () => {
        const loading = await page.locator('.ant-spin-spinning').count();
        return loading === 0 ? await row.count() : -1;
      })
      .toBe(0);
    expect(foreign).toEqual([]);
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
