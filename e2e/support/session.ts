import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext, watchForeignRequests, watchPageErrors } from './browser.ts';

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Requests to any origin but the platform's. */
  foreign: string[];
  /** Uncaught exceptions and console errors. */
  errors: string[];
}

/** A fresh context (no session, default language) on the login page. */
export async function openLogin(browser: Browser, baseUrl: string): Promise<OpenedPage> {
  const context = await newContext(browser, baseUrl);
  const page = await context.newPage();
  const foreign = watchForeignRequests(page, baseUrl);
  const errors = watchPageErrors(page);
  await page.goto('/login');
  // /login leaves for the OpenID provider and comes back with the form: two page loads and a
  // few redirects, so a loaded machine gets more than the default 30 s.
  await page.getByTestId('demo-hint').waitFor({ timeout: 60_000 });
  return { context, page, foreign, errors };
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export const DEMO_ADMIN = { username: 'admin', password: 'OneCity@2026' } as const;
