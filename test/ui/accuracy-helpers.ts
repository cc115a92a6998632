// Helpers for the accuracy view's browser test: a small OTLP JSON trace, and reading the page's
// accuracy graph (exposed as window.__blastRadius.accuracyCy).
import type { Page } from 'playwright-core';
import { clickOnGraph } from './helpers.js';

type Attr = { key: string; value: { stringValue: string } };
const attr = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });

export interface SpanSpec {
  id: string; // 16 hex digits
  parent?: string;
  name: string;
  agent?: string; // gen_ai.agent.name
}

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
let clock = 1_772_420_000_000_000_000n; // 2026-03-02T03:33:20Z in ns

function span(s: SpanSpec) {
  clock += 1_000_000_000n;
  return {
    traceId: TRACE,
    spanId: s.id,
    ...(s.parent ? { parentSpanId: s.parent } : {}),
    name: s.name,
    kind: 1,
    startTimeUnixNano: String(clock),
    endTimeUnixNano: String(clock + 500_000_000n),
    attributes: s.agent ? [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.name', s.agent)] : [attr('gen_ai.operation.name', 'chat')],
  };
}

/** OTLP JSON: one resource without a service name, and one whose service.name matches nothing. */
export function otlpTrace(named: SpanSpec[], unknownService: { name: string; span: SpanSpec }): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('deployment.environment', 'prod')] },
        scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai_agents', version: '0.1.0' }, spans: named.map(span) }],
      },
      {
        resource: { attributes: [attr('service.name', unknownService.name)] },
        scopeSpans: [{ scope: { name: 'manual' }, spans: [span(unknownService.span)] }],
      },
    ],
  };
}

export interface AccGraph {
  nodes: Record<string, { classes: string[]; x: number; kind: string; border: string; label: string }>;
  edges: Record<string, { classes: string[]; lineStyle: string; width: number }>;
}

export async function accGraph(page: Page): Promise<AccGraph> {
  return page.evaluate(() => {
    const cy = window.__blastRadius?.accuracyCy;
    if (!cy) throw new Error('no accuracy graph on the page');
    const nodes: AccGraph['nodes'] = {};
    cy.nodes().forEach((n) => {
      nodes[n.id()] = { classes: n.classes(), x: n.position('x'), kind: n.data('kind') as string, border: n.style('border-style') as string, label: n.data('label') as string };
    });
    const edges: AccGraph['edges'] = {};
    cy.edges().forEach((e) => {
      edges[e.id()] = { classes: e.classes(), lineStyle: e.style('line-style') as string, width: parseFloat(e.style('width') as string) };
    });
    return { nodes, edges };
  });
}

/** The raw value behind a number tile (data-value). */
export async function tile(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id}`).getAttribute('data-value')) ?? '';
}

/** The text a tile shows in big. */
export async function tileText(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id} .stat-value`).innerText()).replace(/^[✓○!]\s*/, '').trim();
}

/** Clicks a node of the accuracy graph where it is drawn. */
export const clickAccNode = (page: Page, name: string): Promise<void> => clickOnGraph(page, 'accuracy', name);

/** Toasts fade by themselves; a screenshot should not wait for them. */
export async function clearToasts(page: Page): Promise<void> {
  await page.evaluate(() => document.getElementById('toasts')?.replaceChildren());
}
