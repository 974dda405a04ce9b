import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { DEMO_ADMIN, logIn, openLogin } from './support/session.ts';

const baseUrl = inject('baseUrl');

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

describe('big screen and portal', () => {
  it('shows every district with its street count beside the dark map', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');

    await page.getByTestId('face-switcher').getByText('大屏').click();
    await page.waitForURL((url) => url.pathname === '/screen');
    const rows = page.getByTestId('screen-district');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(16);
    expect(await page.getByTestId('screen-districts').textContent()).toContain('浦东新区');
    await expect
      .poll(() => page.getByTestId('city-map').getAttribute('data-feature-count'), {
        timeout: 90_000,
      })
      .toBe('16');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'screen.png') });
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('locates a point in People’s Square down to its grid', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');
    await page.getByTestId('face-switcher').getByText('市民门户').click();
    await page.waitForURL((url) => url.pathname === '/portal');

    await page
      .getByTestId('locate-box')
      .getByRole('button', { name: /定\s*位/ })
      .click();
    const result = page.getByTestId('locate-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('黄浦区');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'portal-locate.png') });
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
