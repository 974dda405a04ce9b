import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { DEMO_ADMIN, logIn, openLogin } from './support/session.ts';
import { platformApi } from './support/api.ts';

const baseUrl = inject('baseUrl');
const { call } = platformApi(baseUrl);
const BILLBOARD = { id: 'billboard-tilt', name: '广告牌倾斜振动监测仪' } as const;

let browser: Browser;
let context: BrowserContext | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
});

/** Calls the platform's API the way an integrator would (not through the page). */

interface DemoDevice {
  id: string;
  name: string;
  token: string;
}

/**
 * One billboard monitor with an hour of tilt readings, a rule on it, and the alert that its
 * last reading (8.5° > 5°) raises — sent through the device HTTP API like real telemetry.
 */
async function billboardWithAlert(ruleName: string): Promise<DemoDevice> {
  const { accessToken } = await call<{ accessToken: string }>('/api/v1/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: DEMO_ADMIN.username, password: DEMO_ADMIN.password }),
  });
  const list = await call<{ items: Array<{ id: string }> }>(
    `/api/v1/iot/devices?product=${BILLBOARD.id}&limit=1&offset=0`,
    {},
    accessToken,
  );
  const first = list.items[0];
  if (!first) throw new Error('the demo city has no billboard monitor');
  const device = await call<{ id: string; name: string; token?: string }>(
    `/api/v1/iot/devices/${first.id}`,
    {},
    accessToken,
  );
  if (!device.token) throw new Error('the admin should see the device credential');
  const now = Date.now();
  const hour = Array.from({ length: 60 }, (_, i) => ({
    ts: now - (60 - i) * 60_000,
    values: { tiltX: Math.round(Math.sin(i / 6) * 200) / 100, tiltY: 0.5, vibration: 1 + (i % 5) },
  }));
  await call(`/api/v1/${device.token}/telemetry`, { method: 'POST', body: JSON.stringify(hour) });
  await call(
    '/api/v1/alert-rules',
    {
      method: 'POST',
      body: JSON.stringify({
        name: ruleName,
        severity: 'critical',
        deviceId: device.id,
        condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
      }),
    },
    accessToken,
  );
  await call(`/api/v1/${device.token}/telemetry`, {
    method: 'POST',
    body: JSON.stringify({ tiltX: 8.5 }),
  });
  return { id: device.id, name: device.name, token: device.token };
}

function tableRows(page: Page, testId: string) {
  return page.getByTestId(testId).locator('tbody tr.ant-table-row');
}

describe('IoT workbench', () => {
  it('filters devices, charts one device, and acknowledges its alert', async () => {
    const ruleName = `E2E 广告牌倾斜 ${Date.now()}`;
    const device = await billboardWithAlert(ruleName);

    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');

    // Devices: the side menu opens the list, paged by the server.
    await page.getByTestId('workbench-menu').getByText('设备', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/workbench/devices');
    const rows = tableRows(page, 'devices-table');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(5);

    // Filter by product: the URL keeps the filter and every row is of that product.
    await page.getByTestId('filter-product').click();
    await page.locator('.ant-select-item-option').filter({ hasText: BILLBOARD.name }).click();
    await page.waitForURL((url) => url.searchParams.get('product') === BILLBOARD.id);
    await expect
      .poll(
        async () => {
          const products = await rows.locator('td:nth-child(2)').allTextContents();
          return products.length > 0 && products.every((name) => name === BILLBOARD.name);
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    // The same filter on the map: the product's located devices as dots over the districts.
    await page.getByTestId('devices-view').getByText('地图').click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'map');
    await expect
      .poll(
        async () => Number(await page.getByTestId('device-map').getAttribute('data-device-count')),
        {
          timeout: 60_000,
        },
      )
      .toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'iot-device-map.png') });
    await page.getByTestId('devices-view').getByText('列表').click();
    await page.waitForURL((url) => !url.searchParams.has('view'));

    // Then by name, down to the one device.
    const search = page.getByTestId('filter-q').locator('input');
    await search.fill(device.name);
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === device.name);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'iot-devices.png') });
    await rows.getByRole('link', { name: device.name }).click();

    // Device detail: profile, latest values with units, and a drawn history chart.
    await page.waitForURL((url) => url.pathname === `/workbench/devices/${device.id}`);
    await expect
      .poll(() => page.getByTestId('device-title').textContent(), { timeout: 30_000 })
      .toBe(device.name);
    const credential = await page.getByTestId('device-credential').textContent();
    expect(credential).not.toContain(device.token);
    expect(credential).toContain('•');
    await expect
      .poll(() => page.getByTestId('latest-values').textContent(), { timeout: 15_000 })
      .toContain('8.5 °');
    const chart = page.getByTestId('telemetry-chart');
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 })
      .toBeGreaterThan(10);
    await chart.locator('canvas').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'iot-device-detail.png') });

    // Alerts: the rule's alert is there; its drawer shows the lifecycle; acknowledging moves it.
    await page.getByTestId('workbench-menu').getByText('告警', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/workbench/alerts');
    const alertRow = tableRows(page, 'alerts-table').filter({ hasText: ruleName });
    await expect.poll(() => alertRow.count(), { timeout: 30_000 }).toBe(1);
    await alertRow.getByTestId('alert-open').click();
    const drawer = page.getByTestId('alert-drawer');
    await drawer.getByTestId('alert-lifecycle').waitFor();
    expect(await drawer.textContent()).toContain(device.name);
    await drawer.getByTestId('alert-drawer-acknowledge').click();
    await page.getByTestId('alert-action-note').fill('现场已派人查看');
    await page.getByTestId('alert-action-ok').click();
    await expect
      .poll(() => drawer.getByTestId('alert-status').textContent(), { timeout: 15_000 })
      .toBe('已确认');
    await expect
      .poll(() => drawer.getByTestId('alert-lifecycle').textContent())
      .toContain('已确认');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'iot-alert-drawer.png') });

    expect(foreign, 'requests to hosts other than the platform').toEqual([]);
    expect(errors, 'errors in the page').toEqual([]);
  });

  it('creates "tilt > 5 for 2 minutes" on billboards in 黄浦区, refusing a key they do not report, then edits and disables it', async () => {
    const ruleName = `E2E 黄浦区广告牌倾斜 ${Date.now()}`;
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await logIn(page, 'commander', DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');
    await page.getByTestId('workbench-menu').getByText('告警规则', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/workbench/alert-rules');

    await page.getByTestId('rule-create').click();
    const editor = page.getByTestId('rule-editor');
    await page.getByTestId('rule-name').fill(ruleName);
    await page.getByTestId('rule-product').click();
    await page.locator('.ant-select-item-option').filter({ hasText: BILLBOARD.name }).click();
    await page.getByTestId('rule-region').click();
    await page.locator('.ant-select-dropdown:visible').getByText('黄浦区', { exact: true }).click();
    // "tilt" is not what billboards report (they send tiltX / tiltY): said beside the field.
    const key = editor.locator(
      '[data-testid=condition-key] input, input[data-testid=condition-key]',
    );
    const value = editor.locator(
      '[data-testid=condition-value] input, input[data-testid=condition-value]',
    );
    const forSeconds = editor.locator(
      '[data-testid=condition-for] input, input[data-testid=condition-for]',
    );
    await key.first().fill('tilt');
    await value.first().fill('5');
    await forSeconds.first().fill('120');
    await page.getByTestId('rule-save').click();
    await expect
      .poll(() => editor.textContent(), { timeout: 15_000 })
      .toContain('所选产品的物模型中没有这个属性');
    await key.first().fill('tiltX');
    await page.keyboard.press('Escape');
    await page.getByTestId('rule-save').click();

    const row = tableRows(page, 'rules-table').filter({ hasText: ruleName });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain('tiltX > 5 (120 s)');
    expect(await row.textContent()).toContain('黄浦区');

    // Edit: three minutes instead of two.
    await row.getByTestId('rule-edit').click();
    await forSeconds.first().fill('180');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('(180 s)');

    // Disable.
    await row.getByTestId('rule-enabled').click();
    await expect
      .poll(() => row.getByTestId('rule-enabled').getAttribute('aria-checked'), {
        timeout: 15_000,
      })
      .toBe('false');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'iot-rules.png') });

    expect(foreign, 'requests to hosts other than the platform').toEqual([]);
    expect(errors, 'errors in the page').toEqual([]);
  });

  it('lists the water plants with their health index and explains one', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');

    await page.getByTestId('workbench-menu').getByText('设施健康', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/workbench/facilities');
    const rows = tableRows(page, 'facilities-table');
    // The demo city has one water plant per district.
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(16);
    await rows.getByRole('link', { name: '黄浦区水厂' }).click();

    await page.waitForURL((url) => url.pathname.startsWith('/workbench/facilities/'));
    await page.getByTestId('facility-score').getByTestId('health-level').waitFor();
    const breakdown = tableRows(page, 'facility-breakdown');
    await expect.poll(() => breakdown.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await page.getByTestId('facility-model').textContent()).toContain('余氯');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'iot-facility.png') });

    expect(foreign, 'requests to hosts other than the platform').toEqual([]);
    expect(errors, 'errors in the page').toEqual([]);

    // A facility that is not there is said so in Chinese, not with the server's English.
    await page.goto('/workbench/facilities/no-such-plant');
    await expect
      .poll(() => page.locator('.ant-result').textContent(), { timeout: 15_000 })
      .toContain('没有这个设施');
  });
});
