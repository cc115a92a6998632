// axe-core in the page under test: serious and critical violations, with what and where, so a
// failing test names the element. The page's CSP forbids inline scripts, so axe is evaluated
// through the DevTools protocol (page.evaluate), not injected as a <script>.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  nodes: number;
  help: string;
  targets: string[];
}

export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return found;
}

/** Only what blocks people: serious and critical. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  return (await axeFindings(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
