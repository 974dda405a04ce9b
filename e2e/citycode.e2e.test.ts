import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { logIn, openLogin } from './support/session.ts';

const baseUrl = inject('baseUrl');
const PASSWORD = 'OneCity@2026';
/** The demo city's clinic scanner (its key is public, like the demo password). */
const CLINIC_KEY = 'clinic-ruijin-01.OneCity-demo-scanner-2026';
const METRO_KEY = 'metro-line-2-01.OneCity-demo-scanner-2026';

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

describe('city code in the portal', () => {
  it('shows a refreshing QR code and, after a clinic scans it, where it was scanned', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await logIn(page, 'citizen.realname', PASSWORD);
    await page.waitForURL((url) => url.pathname === '/portal');

    const issued = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/citycode/codes') && r.request().method() === 'POST',
    );
    await page.getByTestId('citycode-entry').getByRole('button').click();
    await page.waitForURL((url) => url.pathname === '/portal/citycode');
    const { code } = (await (await issued).json()) as { code: string };
    expect(code).toMatch(/^OC1\./);
    await page.getByTestId('citycode-qr').locator('img').waitFor();
    expect(await page.getByTestId('citycode-countdown').textContent()).toMatch(/\d+ 秒后自动更新/);

    // A clinic desk scans the code shown on screen.
    const scan = await fetch(`${baseUrl}/api/v1/citycode/scans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-scanner-key': CLINIC_KEY },
      body: JSON.stringify({ code }),
    });
    expect(scan.status).toBe(200);
    expect(await scan.json()).toMatchObject({ decision: 'allow' });

    // The list's reload button shows the scan at once, without waiting for the next code.
    await page.getByTestId('citycode-scans-reload').click();
    const scans = page.getByTestId('citycode-scan');
    await expect.poll(() => scans.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await scans.first().textContent()).toContain('瑞金医院门诊挂号');
    expect(await scans.first().textContent()).toContain('通过');

    // Renewing the code also reloads the list of scans.
    const metro = await fetch(`${baseUrl}/api/v1/citycode/scans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-scanner-key': METRO_KEY },
      body: JSON.stringify({ code }),
    });
    expect(await metro.json()).toMatchObject({ decision: 'allow' });
    await page.getByRole('button', { name: '立即更新' }).click();
    await expect
      .poll(() => scans.first().textContent(), { timeout: 20_000 })
      .toContain('地铁2号线闸机');
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'portal-citycode.png'),
      fullPage: true,
    });
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('asks an unverified citizen to verify their name first', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page } = opened;
    await logIn(page, 'citizen', PASSWORD);
    await page.waitForURL((url) => url.pathname === '/portal');
    await page.getByTestId('citycode-entry').getByRole('button').click();
    const alert = page.getByTestId('citycode-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('实名认证');
  });

  it('tells a staff account that city codes are for citizens, with nothing to retry', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page } = opened;
    await logIn(page, 'admin', PASSWORD);
    await page.waitForURL((url) => url.pathname === '/workbench');
    await page.goto('/portal/citycode');
    const alert = page.getByTestId('citycode-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('随申码只发给市民个人账号');
    expect(await alert.getByRole('button').count()).toBe(0);
  });
});
