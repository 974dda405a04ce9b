import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, never a downloaded build. WebGL comes from SwiftShader (software
 * Vulkan through ANGLE) because the machines have no GPU and MapLibre needs WebGL. Chromium
 * 156 falls back to SwiftShader on its own; the flags keep it so on versions that do not.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export function newContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1600, height: 900 },
  });
}

/**
 * Records every request the page makes to an origin other than the platform's. The app
 * must work on a closed network: no tile server, font CDN or analytics.
 */
export function watchForeignRequests(page: Page, baseUrl: string): string[] {
  const allowed = new URL(baseUrl).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    // data: and blob: never leave the browser.
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return;
    if (url.origin !== allowed) foreign.push(request.url());
  });
  return foreign;
}

/** Uncaught exceptions and console errors, to be shown when an assertion fails. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * Share of the element's pixels that differ from `background`, read by the browser itself
 * from a PNG screenshot (no image library needed on the Node side).
 */
export async function paintedShare(page: Page, png: Buffer, background: string): Promise<number> {
  return page.evaluate(
    async ({ dataUrl, background }) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      if (!context) return 0;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      const bg = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16));
      let painted = 0;
      let total = 0;
      for (let i = 0; i < data.length; i += 4 * 3) {
        total += 1;
        const differs = [0, 1, 2].some((c) => Math.abs((data[i + c] ?? 0) - (bg[c] ?? 0)) > 6);
        if (differs) painted += 1;
      }
      return total ? painted / total : 0;
    },
    { dataUrl: `data:image/png;base64,${png.toString('base64')}`, background },
  );
}

/**
 * One browser for a test file (launched before its tests, closed after them) and the
 * contexts its tests open, each closed when its test ends: call once at the top of a file.
 */
export function browserForFile(): {
  browser: () => Browser;
  keep: (context: BrowserContext) => BrowserContext;
} {
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    while (contexts.length) await contexts.pop()?.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    keep: (context) => {
      contexts.push(context);
      return context;
    },
  };
}
