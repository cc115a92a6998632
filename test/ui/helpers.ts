// Shared helpers for the UI tests: the API from the test's side, and reading the page's state.
import type { Page } from 'playwright-core';
import type { Decision, Incident } from '../../graph-schema/index.js';

export function apiClient(baseUrl: string) {
  const call = async <T>(method: string, path: string, body?: unknown, actor = 'test-runner'): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Actor': actor },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    call,
    incident: (id: string) => call<Incident>('GET', `/incidents/${id}`),
    open: (source: string, title = `${source} test`) => call<Incident>('POST', '/incidents', { title, source, failureMode: 'hallucination' }),
    decide: (id: string, name: string, action: string, actor: string, expectedVersion?: number, note?: string) =>
      call<Decision>('PUT', `/incidents/${id}/decisions/${name}`, { action, expectedVersion, note }, actor),
  };
}

/** The number a header tile shows (data-value), e.g. #count-decided. */
export async function stat(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`#${id}`).getAttribute('data-value'));
}

export async function nodeData(page: Page, name: string): Promise<{ decision: string; exposed: boolean; plan: boolean; fill: string; border: string; dim: boolean } | null> {
  return page.evaluate((n) => {
    const cy = window.__blastRadius?.cy;
    const node = cy?.getElementById(n);
    if (!node || node.empty()) return null;
    return {
      decision: node.data('decision') as string,
      exposed: node.hasClass('exposed'),
      plan: node.hasClass('plan'),
      dim: node.hasClass('dim'),
      fill: node.style('background-color') as string,
      border: node.style('border-color') as string,
    };
  }, name);
}

/** Clicks a node where it is drawn on one of the page's graphs (brought to the middle first, except
 * on the accuracy graph, which sits in a scrolling page and is scrolled into view instead). */
export async function clickOnGraph(page: Page, graph: 'incident' | 'registry' | 'accuracy', name: string): Promise<void> {
  if (graph === 'accuracy') await page.locator('#accuracy-graph').scrollIntoViewIfNeeded();
  const pt = await page.evaluate(([g, n]) => {
    const cy = g === 'registry' ? window.__registryCy! : g === 'accuracy' ? window.__blastRadius!.accuracyCy! : window.__blastRadius!.cy!;
    const node = cy.getElementById(n);
    if (node.empty()) throw new Error(`no node ${n} on the ${g} graph`);
    // Cytoscape re-reads where its container is 100 ms after a resize (a banner appearing moves
    // it); a test clicks faster than a person, so refresh that now
    cy.resize();
    if (g !== 'accuracy') cy.center(node);
    const p = node.renderedPosition();
    const r = cy.container()!.getBoundingClientRect();
    // a few pixels off centre: Cytoscape's polygon hit test misses a point exactly below a vertex
    return { x: r.left + p.x + 2.5, y: r.top + p.y + 1.5 };
  }, [graph, name] as const);
  await page.mouse.click(pt.x, pt.y);
}

/** Clicks a node of the incident graph. */
export const clickNode = (page: Page, name: string): Promise<void> => clickOnGraph(page, 'incident', name);

export async function selectedName(page: Page): Promise<string | null> {
  return page.locator('#panel .panel-body[data-name]').getAttribute('data-name', { timeout: 5000 }).catch(() => null);
}

export const rgb = {
  stop: 'rgb(46,160,67)',
  correct: 'rgb(56,139,253)',
  notify: 'rgb(163,113,247)',
  exposed: 'rgb(255,77,79)',
};
