// Reading the registry explorer's state in the browser: the graph is window.__registryCy.
import type { Page } from 'playwright-core';
import { clickOnGraph } from './helpers.js';

/** The node names on the neighbourhood graph, sorted, without the "+N more" placeholders. */
export async function graphNodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cy = window.__registryCy;
    if (!cy) return [];
    return cy
      .nodes()
      .not('.more')
      .map((n) => n.id())
      .sort();
  });
}

/** The "+N more" placeholders: which node, which side, how many. */
export async function moreNodes(page: Page): Promise<{ of: string; dir: string; count: number }[]> {
  return page.evaluate(() =>
    (window.__registryCy?.nodes('.more') ?? []).map((n) => ({ of: n.data('of') as string, dir: n.data('dir') as string, count: n.data('count') as number })),
  );
}

export async function hasClass(page: Page, name: string, cls: string): Promise<boolean> {
  return page.evaluate(([n, c]) => !!window.__registryCy?.getElementById(n).hasClass(c), [name, cls] as const);
}

/** Clicks a node of the neighbourhood graph where it is drawn. */
export const clickGraphNode = (page: Page, id: string): Promise<void> => clickOnGraph(page, 'registry', id);

/** The name the details panel shows, and the revision it shows it at ("current" or a number). */
export async function panelNode(page: Page): Promise<{ name: string | null; revision: string | null }> {
  const el = page.locator('#panel .rg-details');
  if ((await el.count()) === 0) return { name: null, revision: null };
  return { name: await el.getAttribute('data-name'), revision: await el.getAttribute('data-revision') };
}

/** Navigate to a hash and wait until the view says it is ready. */
export async function open(page: Page, baseUrl: string, hash: string): Promise<void> {
  // a hash-only change stays in the document: clear the flag so the old view's "ready" does not count
  await page.evaluate(() => document.body && (document.body.dataset.ready = 'false')).catch(() => undefined);
  await page.goto(`${baseUrl}/${hash}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
}
