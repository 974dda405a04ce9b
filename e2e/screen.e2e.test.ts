import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { logIn, openLogin } from './support/session.ts';
import { platformApi } from './support/api.ts';

const baseUrl = inject('baseUrl');
const { call, token: tokenOf } = platformApi(baseUrl);
const PASSWORD = 'OneCity@2026';
const HUANGPU = { id: '310101', name: '黄浦区' } as const;
/** 人民广场, inside 黄浦区. */
const PEOPLES_SQUARE = { lng: 121.4737, lat: 31.2304 } as const;

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

/** Calls the platform's API the way another staff member's client would (not through the page). */

/**
 * A billboard monitor reports a tilt over a threshold rule, through the device HTTP API like
 * real telemetry: the platform raises an alert.
 */
async function raiseBillboardAlert(): Promise<void> {
  const admin = await tokenOf('admin');
  const list = await call<{ items: Array<{ id: string }> }>(
    '/api/v1/iot/devices?product=billboard-tilt&limit=1&offset=0',
    {},
    admin,
  );
  const first = list.items[0];
  if (!first) throw new Error('the demo city has no billboard monitor');
  const device = await call<{ id: string; token?: string }>(
    `/api/v1/iot/devices/${first.id}`,
    {},
    admin,
  );
  if (!device.token) throw new Error('the admin should see the device credential');
  await call(
    '/api/v1/alert-rules',
    {
      method: 'POST',
      body: JSON.stringify({
        name: `E2E 大屏告警 ${Date.now()}`,
        severity: 'critical',
        deviceId: device.id,
        condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
      }),
    },
    admin,
  );
  await call(`/api/v1/${device.token}/telemetry`, {
    method: 'POST',
    body: JSON.stringify({ tiltX: 8.5 }),
  });
}

/** The integer a panel shows, e.g. "1,234" → 1234. */
async function valueOf(page: Page, name: string): Promise<number> {
  const text = (await page.getByTestId(`screen-value-${name}`).textContent()) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

async function waitForRegion(page: Page, regionId: string | null): Promise<void> {
  await page.waitForURL((url) => url.searchParams.get('region') === regionId);
  if (regionId) {
    await expect
      .poll(() => page.getByTestId('screen').getAttribute('data-region-id'), { timeout: 30_000 })
      .toBe(regionId);
  }
}

describe('big screen (一屏观天下)', () => {
  it('loads the city with values, changes live, drills down to a district and a street, and back', async () => {
    const acceptorToken = await tokenOf('acceptor');
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await logIn(page, 'commander', PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto('/screen');

    // First meaningful render: the map and its device layer have drawn with data.
    await page.waitForFunction(() => document.body.dataset.screenReady === '1', undefined, {
      timeout: 90_000,
    });
    const readyAt = await page.evaluate(
      () => (window as { __onecityScreenReady?: number }).__onecityScreenReady ?? -1,
    );
    console.log(`[screen] ready ${Math.round(readyAt)} ms after navigation start`);
    expect(readyAt).toBeGreaterThan(0);

    const map = page.getByTestId('city-map');
    await expect.poll(() => map.getAttribute('data-feature-count'), { timeout: 60_000 }).toBe('16');
    expect(Number(await map.getAttribute('data-device-count'))).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('screen-district').count()).toBe(16);
    expect(await page.getByTestId('screen-breadcrumb').textContent()).toContain('上海市');
    for (const panel of ['devices', 'alerts', 'cases', 'services', 'citycode']) {
      await page.getByTestId(`screen-panel-${panel}`).waitFor();
    }
    const cityDevices = await valueOf(page, 'devices-total');
    expect(cityDevices).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('screen-live').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('open');

    // Live: a case reported elsewhere shows on the screen without a reload.
    const openBefore = await valueOf(page, 'cases-open');
    const todayBefore = await valueOf(page, 'cases-today');
    const reportedAt = Date.now();
    await call(
      '/api/v1/cases',
      {
        method: 'POST',
        body: JSON.stringify({
          classId: 'E0302',
          description: `E2E 大屏实时 ${reportedAt}`,
          ...PEOPLES_SQUARE,
        }),
      },
      acceptorToken,
    );
    await expect
      .poll(() => valueOf(page, 'cases-today'), { timeout: 15_000, interval: 100 })
      .toBeGreaterThan(todayBefore);
    console.log(`[screen] new case on the screen ${Date.now() - reportedAt} ms after reporting`);
    expect(await valueOf(page, 'cases-open')).toBeGreaterThan(openBefore);

    // Live: an alert raised by telemetry shows in the panel and pulses on the map.
    const alertsBefore = await valueOf(page, 'alerts-active');
    const raisedAt = Date.now();
    await raiseBillboardAlert();
    await expect
      .poll(() => valueOf(page, 'alerts-active'), { timeout: 15_000, interval: 100 })
      .toBeGreaterThan(alertsBefore);
    console.log(`[screen] new alert on the screen ${Date.now() - raisedAt} ms after the reading`);
    await expect
      .poll(async () => Number(await map.getAttribute('data-alert-count')), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.waitForTimeout(1_200); // let the charts' transitions settle for the picture
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'screen-city.png') });

    // Drill down by clicking the district on the map: panels filter, the URL keeps the state.
    const cityOpen = await valueOf(page, 'cases-open');
    await page.locator(`.onecity-screen-map-label[data-region-id="${HUANGPU.id}"]`).click();
    await waitForRegion(page, HUANGPU.id);
    expect(await page.getByTestId('screen-breadcrumb').textContent()).toContain(HUANGPU.name);
    await expect
      .poll(() => valueOf(page, 'devices-total'), { timeout: 30_000 })
      .toBeLessThan(cityDevices);
    const districtOpen = await valueOf(page, 'cases-open');
    expect(districtOpen).toBeLessThan(cityOpen);
    expect(districtOpen).toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await map.getAttribute('data-feature-count')), { timeout: 60_000 })
      .toBeGreaterThan(3);
    const streets = page.getByTestId('screen-district');
    await expect
      .poll(async () => Number(await map.getAttribute('data-feature-count')), { timeout: 30_000 })
      .toBe(await streets.count());
    await page.waitForTimeout(1_000); // let the fly-to finish for the picture
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'screen-district.png') });

    // One level further: a street, from the ranking beside the map.
    const street = streets.first();
    const streetId = await street.getAttribute('data-region-id');
    const streetName = (await street.locator('button').textContent()) ?? '';
    await street.locator('button').click();
    await waitForRegion(page, streetId);
    const crumbs = await page.getByTestId('screen-breadcrumb').textContent();
    expect(crumbs).toContain(HUANGPU.name);
    expect(crumbs).toContain(streetName);
    expect(await valueOf(page, 'cases-open')).toBeLessThanOrEqual(districtOpen);

    // The breadcrumb leads back: to the district, then to the whole city.
    await page.getByTestId('screen-crumb-district').click();
    await waitForRegion(page, HUANGPU.id);
    await page.getByTestId('screen-crumb-city').click();
    await waitForRegion(page, null);
    await expect.poll(() => valueOf(page, 'devices-total'), { timeout: 30_000 }).toBe(cityDevices);
    await expect.poll(() => map.getAttribute('data-feature-count'), { timeout: 60_000 }).toBe('16');

    // A reload of a drilled-down URL opens the same state.
    await page.goto(`/screen?region=${HUANGPU.id}`);
    await expect
      .poll(() => page.getByTestId('screen-breadcrumb').textContent(), { timeout: 30_000 })
      .toContain(HUANGPU.name);

    expect(foreign, 'requests to hosts other than the platform').toEqual([]);
    expect(errors, 'errors in the page').toEqual([]);
  });

  it('draws 100,000 devices on the map (first meaningful render is logged)', async () => {
    // The demo city has a few thousand devices; the payload is widened to 100,000 in the
    // browser so the map, not the database, is what is measured here.
    const n = 100_000;
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const payload = {
      generatedAt: new Date().toISOString(),
      count: n,
      id: Array.from({ length: n }, (_, i) => `d${i}`),
      lng: Array.from({ length: n }, () => Math.round((121.0 + random() * 0.9) * 1e5) / 1e5),
      lat: Array.from({ length: n }, () => Math.round((30.75 + random() * 0.75) * 1e5) / 1e5),
      state: Array.from({ length: n }, () => {
        const r = random();
        return r < 0.9 ? 0 : r < 0.98 ? 1 : 2;
      }),
    };
    const body = JSON.stringify(payload);

    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.route('**/api/v1/screen/devices*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
    await logIn(page, 'commander', PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto('/screen');
    await page.waitForFunction(() => document.body.dataset.screenReady === '1', undefined, {
      timeout: 90_000,
    });
    const readyAt = await page.evaluate(
      () => (window as { __onecityScreenReady?: number }).__onecityScreenReady ?? -1,
    );
    console.log(
      `[screen] 100,000 devices (${(body.length / 1e6).toFixed(1)} MB): ready ${Math.round(readyAt)} ms after navigation start`,
    );
    expect(await page.getByTestId('city-map').getAttribute('data-device-count')).toBe(String(n));
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'screen-100k.png') });
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
