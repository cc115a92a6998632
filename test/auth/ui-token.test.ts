// Token mode in the web UI: a token pasted into the top bar is used for every call, and the
// header names its holder; a token the server does not know is dropped again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertWebBuilt, describeBrowser, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { call, writeTokensFile } from './helpers.js';

describeBrowser('web UI: a pasted API token', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    assertWebBuilt();
    const written = writeTokensFile({ 'sam-token': ['commander'] });
    tokens = written.tokens;
    server = await startTestServer({ demo: true, env: { BLAST_RADIUS_AUTH: 'token', BLAST_RADIUS_TOKENS: written.file } });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses an unknown token, takes a good one, and writes as its holder', async () => {
    await page.goto(`${server.baseUrl}/#/`);
    await page.fill('#token-input', 'br_nobody-has-this');
    await page.click('.token-form button[type=submit]');
    await page.waitForSelector('#token-input');
    expect(await page.locator('#signed-in-as').count()).toBe(0);

    await page.fill('#token-input', tokens['sam-token']!);
    await page.click('.token-form button[type=submit]');
    await page.waitForSelector('#signed-in-as');
    expect(await page.locator('#signed-in-as').innerText()).toBe('sam-token');
    await page.waitForSelector('body[data-ready=true]');

    await page.click('#open-incident');
    await page.locator('#source').pressSequentially('pol');
    await page.locator('.picker-item[data-name="policy-agent"]').click();
    await page.selectOption('#failure-mode', 'hallucination');
    await page.click('#submit-incident');
    await page.waitForURL(/#\/incidents\//);
    const id = decodeURIComponent(page.url().split('#/incidents/')[1]!);
    const incident = await call(server.baseUrl, 'GET', `/api/v1/incidents/${encodeURIComponent(id)}`, { token: tokens['sam-token'] });
    expect(incident.body.openedBy).toBe('sam-token');

    await page.click('#sign-out');
    await page.waitForSelector('#token-input');
  });
});
