import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, paintedShare } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { DEMO_ADMIN, logIn, openLogin } from './support/session.ts';

const baseUrl = inject('baseUrl');
/** The light map's background colour (city-map-controller.ts). */
const MAP_BACKGROUND = '#e6edf5';

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

describe('workbench', () => {
  it('signs in as the demo admin and draws the 16 districts from our own data', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    expect(await page.getByTestId('demo-hint').textContent()).toContain(
      '演示账号 admin / OneCity@2026',
    );

    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');

    const map = page.getByTestId('city-map');
    await expect
      .poll(() => map.getAttribute('data-feature-count'), { timeout: 90_000, interval: 250 })
      .toBe('16');

    const labels = page.getByTestId('district-label');
    await expect.poll(() => labels.count(), { timeout: 30_000 }).toBe(16);
    const visible = await Promise.all((await labels.all()).map((label) => label.isVisible()));
    expect(visible.filter(Boolean)).toHaveLength(16);
    const names = await labels.allTextContents();
    expect(names).toEqual(expect.arrayContaining(['黄浦区', '浦东新区']));

    // The tree lists the same districts.
    await expect.poll(() => page.getByTestId('region-tree').getByText('浦东新区').count()).toBe(1);

    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'workbench-map.png') });

    // WebGL really drew the polygons: without it the canvas would be bare background.
    const overlays = await page.addStyleTag({
      content:
        '.maplibregl-marker, .maplibregl-ctrl, .onecity-map-breadcrumb { visibility: hidden }',
    });
    const canvasPng = await page.locator('[data-testid=city-map] canvas').screenshot();
    await overlays.evaluate((node) => node.parentNode?.removeChild(node));
    expect(await paintedShare(page, canvasPng, MAP_BACKGROUND)).toBeGreaterThan(0.2);

    await page.getByTestId('locale-en-US').click();
    await page.getByText('City operations workbench').waitFor();
    await expect.poll(() => page.getByText('Region map').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'workbench-map-en.png') });

    // The chosen language survives a reload, and so does the session (same tab).
    await page.reload();
    await page.getByText('City operations workbench').waitFor();
    expect(new URL(page.url()).pathname).toBe('/workbench');

    expect(foreign, 'requests to hosts other than the platform').toEqual([]);
    expect(errors, 'errors in the page').toEqual([]);
  });

  it('drills from a district into its streets on click', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign } = opened;
    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');
    const map = page.getByTestId('city-map');
    await expect.poll(() => map.getAttribute('data-feature-count'), { timeout: 90_000 }).toBe('16');

    await page.getByTestId('district-label').filter({ hasText: '浦东新区' }).click();
    const streetLabels = page.getByTestId('street-label');
    await expect.poll(() => streetLabels.count(), { timeout: 30_000 }).toBeGreaterThan(10);
    await expect.poll(() => page.getByTestId('region-details').textContent()).toContain('310115');
    // The districts stay drawn underneath.
    expect(await map.getAttribute('data-feature-count')).toBe('16');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'workbench-district.png') });
    expect(foreign).toEqual([]);
  });

  it('keeps a wrong password on the login page and says why', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign } = opened;
    await logIn(page, DEMO_ADMIN.username, 'not-the-password');

    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect((await error.textContent())?.trim()).not.toBe('');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.evaluate(() => sessionStorage.getItem('onecity.session'))).toBeNull();
    // The form is usable again for the next try.
    await expect.poll(() => page.getByTestId('login-submit').isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'login-wrong-password.png') });
    expect(foreign).toEqual([]);
  });
});
