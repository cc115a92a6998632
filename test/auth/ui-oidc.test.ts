// The web UI signs in through a real OpenID Provider (CONTRACT.md §9): in Chromium, against the
// server in oidc mode, the app sends the browser to the provider's login, comes back through
// the authorization-code flow with PKCE (oidc-client-ts), shows who is signed in, and makes
// writes with the bearer token; the server records the signed-in identity as `by`.
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertWebBuilt, collectPageErrors, describeBrowser, launchBrowser, screenshot } from '../support/browser.js';
import { reserveOidcProvider, type RunningOidcProvider } from '../support/oidc-provider.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { call } from './helpers.js';

describeBrowser('web UI: sign-in with OpenID Connect', () => {
  let idp: RunningOidcProvider;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const apiRequests: Request[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    const reserved = await reserveOidcProvider();
    server = await startTestServer({ demo: true, env: reserved.env });
    idp = await reserved.start({
      uiRedirectUri: `${server.baseUrl}/`,
      people: { sam: { email: 'sam@example.com', roles: ['commander'] }, vic: { email: 'vic@example.com', roles: ['viewer'] } },
      machines: { 'ci-admin': { secret: 'admin-secret', roles: ['admin'] } },
    });
    browser = await launchBrowser();
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    page = await ctx.newPage();
    errors = collectPageErrors(page);
    page.on('request', (r) => {
      if (r.url().startsWith(`${server.baseUrl}/api/v1/`)) apiRequests.push(r);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  const signIn = async (login: string) => {
    await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/interaction/`));
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'any password');
    await screenshot(page, 'auth-01-provider-login');
    await page.click('button[type=submit]');
    // the provider asks once to let the UI use the API on the person's behalf
    await page.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' });
    await page.click('button[type=submit]');
  };

  it('sends the browser to the provider, and back to the incident list signed in', async () => {
    await page.goto(`${server.baseUrl}/#/`);
    await signIn('sam');
    await page.waitForURL(`${server.baseUrl}/#/`);
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.locator('#signed-in-as').innerText()).toBe('sam@example.com');
    expect((await page.locator('#auth').innerText()).replace(/\s+/g, ' ')).toBe('Signed in as sam@example.com · Sign out');
    expect(await page.locator('label.actor').isHidden()).toBe(true);
    // the code came back in the query; the app took it and left a clean address
    expect(page.url()).toBe(`${server.baseUrl}/#/`);
    // from here on, only the app's own pages (the provider's dev login page loads web fonts it cannot reach here)
    errors.length = 0;
    await screenshot(page, 'auth-02-signed-in');
  });

  it('opens an incident through the UI; the server records the signed-in identity', async () => {
    await page.click('#open-incident');
    await page.locator('#source').pressSequentially('pol');
    await page.locator('.picker-item[data-name="policy-agent"]').click();
    await page.selectOption('#failure-mode', 'hallucination');
    await page.click('#submit-incident');
    await page.waitForURL(/#\/incidents\//);
    await page.waitForSelector('body[data-ready=true]');
    const id = decodeURIComponent(page.url().split('#/incidents/')[1]!);

    const admin = await idp.clientToken('ci-admin');
    const incident = await call(server.baseUrl, 'GET', `/api/v1/incidents/${encodeURIComponent(id)}`, { token: admin });
    expect(incident.status).toBe(200);
    expect(incident.body.openedBy).toBe('sam@example.com');

    // every API call after sign-in carried the bearer token, and none an X-Actor
    const after = apiRequests.filter((r) => !r.url().includes('/auth/config'));
    expect(after.length).toBeGreaterThan(3);
    for (const r of after) {
      const headers = await r.allHeaders();
      if (r.url().includes('/events?')) expect(r.url()).toMatch(/access_token=/);
      else expect(headers.authorization, r.url()).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(headers['x-actor']).toBeUndefined();
    }
    // the live stream is connected with the token too
    await expect.poll(() => page.evaluate(() => document.querySelector('.live')?.textContent ?? '')).toMatch(/live/);
    expect(errors).toEqual([]);
  });

  it('signs out through the provider', async () => {
    await page.goto(`${server.baseUrl}/#/`);
    await page.waitForSelector('#sign-out');
    await page.click('#sign-out');
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user')))).toEqual([]);
  });

  it('a viewer signs in, reads, and is told it may not open an incident', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    page = await ctx.newPage();
    await page.goto(`${server.baseUrl}/#/`);
    await signIn('vic');
    await page.waitForURL(`${server.baseUrl}/#/`);
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.locator('#signed-in-as').innerText()).toBe('vic@example.com');
    expect(await page.locator('a.incident-title').count()).toBeGreaterThan(0);
    const refused = await page.evaluate(async () => {
      const token = JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user'))!)!).access_token as string;
      const res = await fetch('/api/v1/incidents', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ title: 'x', source: 'policy-agent', failureMode: 'hallucination' }) });
      return { status: res.status, body: await res.json() };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/vic@example\.com may not POST/);
    await ctx.close();
  });
});
