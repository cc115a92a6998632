// Headless Chromium for the UI tests (playwright-core drives Debian's /usr/bin/chromium).
// describeBrowser runs its suite when Chromium is installed; without it the suite is skipped
// with a loud message, or fails when CI=true or REQUIRE_BROWSER=1 (a UI check must not pass
// silently in CI just because the browser is missing).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const SCREENSHOTS = path.resolve('test-results/ui');

export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export function describeBrowser(name: string, fn: () => void): void {
  if (hasChromium()) {
    describe(name, fn);
    return;
  }
  const required = process.env.CI === 'true' || process.env.REQUIRE_BROWSER === '1';
  const message = `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) to run the UI tests "${name}".`;
  if (required) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${message} They are required here (CI=true or REQUIRE_BROWSER=1).`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPING UI TESTS: ${message} ***\n`);
    describe.skip(name, fn);
  }
}

/** The built web app must exist: the server serves dist/web. */
export function assertWebBuilt(): void {
  if (!fs.existsSync(path.resolve('dist/web/index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build:web` first (`npm test` does it).');
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Console errors and failed requests end up in the test output instead of vanishing. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export interface BrowserSession {
  browser: Browser;
  ctx: BrowserContext;
  page: Page;
  /** Page errors and console errors, collected as they happen. */
  errors: string[];
}

/** A fresh browser, one 1600×1000 context signed in as `actor`, and a page in it. */
export async function openSession(actor: string, options: { acceptDownloads?: boolean } = {}): Promise<BrowserSession> {
  const browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: options.acceptDownloads ?? false });
  await ctx.addInitScript((name) => localStorage.setItem('blast-radius.actor', name), actor);
  const page = await ctx.newPage();
  return { browser, ctx, page, errors: collectPageErrors(page) };
}
