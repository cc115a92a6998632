// The built web UI under the Content-Security-Policy (CONTRACT.md §9): every view works with no
// violation reported, the graphs draw, and an injected inline script does not run.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertWebBuilt, describeBrowser, openSession } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

declare global {
  interface Window {
    __cspViolations?: string[];
    __inlineRan?: boolean;
  }
}

describeBrowser('the web UI under the CSP', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let incidentId: string;

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer({ demo: true });
    const res = await fetch(`${server.baseUrl}/api/v1/incidents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'CSP <img src=x onerror="window.__inlineRan=true"> check', source: 'policy-agent', failureMode: 'hallucination' }),
    });
    incidentId = ((await res.json()) as { id: string }).id;
    ({ browser, page, errors } = await openSession('csp-check'));
    // the browser reports every blocked load or inline use here, before the app's code runs
    await page.context().addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const visit = async (hash: string) => {
    await page.goto(`${server.baseUrl}/${hash}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
  };

  it('shows every view without a single CSP violation, graphs drawn', async () => {
    for (const [hash, canvases] of [
      ['#/', 0],
      ['#/new', 0],
      [`#/incidents/${incidentId}`, 1],
      ['#/registry', 0],
      ['#/registry/policy-agent', 1],
      ['#/what-if/policy-agent', 1],
    ] as const) {
      await visit(hash);
      if (canvases > 0) await expect.poll(() => page.locator('canvas').count(), { message: hash }).toBeGreaterThan(0);
      expect(await page.evaluate(() => window.__cspViolations), hash).toEqual([]);
    }
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    // a stored title with markup is shown as text and ran nothing
    await visit(`#/incidents/${incidentId}`);
    await expect.poll(() => page.locator('#app').innerText()).toContain('<img src=x onerror=');
    expect(await page.evaluate(() => window.__inlineRan)).toBeUndefined();
  });

  it('blocks an inline script injected into the page, and reports it', async () => {
    await visit('#/');
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 200));
      return window.__inlineRan === true;
    });
    expect(ran).toBe(false);
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([expect.stringMatching(/^script-src/)]);
  });
});
