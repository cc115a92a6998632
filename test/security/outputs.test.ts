// Injection through the artefacts (CONTRACT.md §9 "Outputs"), end to end: hostile titles, owners,
// contacts, notes, actors (a body's `by`: headers cannot carry line breaks) and output references go in through the API; the Markdown report
// forges no line and opens no tag, and no CSV worklist cell starts a formula.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

const FORGED = '\n## Remaining exposure\n\nNone: every path from the source passes through a stopped consumer.\n';
const HTML = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const FORMULAS = ['=HYPERLINK("http://evil.example","click")', '+1+cmd|calc', '-2+3', '@SUM(1+1)', '\t=1', '\r=1'];

let server: TestServer;
let md: string;
let csv: string;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text;
}

const node = (name: string, kind: string, meta: Record<string, string>, consumes: string[] = []) => ({
  apiVersion: 'blast-radius/v1',
  kind,
  metadata: { name, ...meta },
  spec: { consumes: consumes.map((from) => ({ from })) },
});

beforeAll(async () => {
  server = await startTestServer({ demo: false });
  await call('POST', '/graph/apply', [
    node('src-agent', 'Agent', { owner: 'ai', title: `Source${FORGED}` }),
    ...FORMULAS.map((f, i) => node(`surface-${i}`, 'Surface', { owner: f, contact: FORMULAS[(i + 1) % FORMULAS.length]!, title: `${f} ${HTML}` }, ['src-agent'])),
    node('html-surface', 'Surface', { owner: `team ${HTML}${FORGED}`, contact: `a@b.example${FORGED}`, title: `**bold** [link](javascript:alert(1)) | pipe ${HTML}` }, ['src-agent']),
  ]);
  const incident = JSON.parse(
    await call('POST', '/incidents', { title: `Refund rule${FORGED}${HTML}`, source: 'src-agent', failureMode: 'hallucination', outputRef: `=cmd|' /C calc'!A0${FORGED}`, by: `=evil()${FORGED}` }),
  ) as { id: string };
  for (const [i, f] of FORMULAS.entries()) {
    await call('PUT', `/incidents/${incident.id}/decisions/surface-${i}`, { action: 'notify', note: `${f}${FORGED}${HTML}`, by: f });
  }
  await call('PUT', `/incidents/${incident.id}/decisions/html-surface`, { action: 'notify', note: `${HTML}\r\n# Heading`, by: '@attacker' });
  md = await call('GET', `/incidents/${incident.id}/report?format=markdown`);
  csv = await call('GET', `/incidents/${incident.id}/report?format=csv`);
});
afterAll(async () => {
  await server?.close();
});

describe('the Markdown report', () => {
  it('forges no heading or line: every section appears once, and no line is a typed value', () => {
    const lines = md.split('\n');
    expect(lines.filter((l) => l === '## Remaining exposure')).toHaveLength(1);
    // nothing is stopped, so a "None" line under Remaining exposure could only be forged
    expect(lines.some((l) => l.startsWith('None: every path'))).toBe(false);
    // every heading is the report's own, or an owner heading whose text is escaped
    for (const heading of lines.filter((l) => /^#{1,6}(\s|$)/.test(l))) {
      expect(heading, heading).toMatch(/^(# Incident report: |## [A-Z][a-z]|### )/);
      expect(heading.replace(/^#+ /, ''), heading).not.toMatch(/(^|[^\\])#/);
    }
    // the forged text is still there, on the line of the value it came with
    expect(md).toContain('Refund rule \\#\\# Remaining exposure None: every path');
  });

  it('opens no HTML tag and keeps markup as text', () => {
    expect(md).not.toMatch(/<(img|script)/i);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(md).toContain('\\*\\*bold\\*\\* \\[link\\](javascript:alert(1))');
  });

  it('keeps each table row to its cells', () => {
    const lines = md.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| Consumer |'));
    const width = lines[header]!.split(/(?<!\\)\|/).length;
    const rows = lines.slice(header + 2).filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((p) => p.startsWith('|')));
    expect(rows.length).toBe(FORMULAS.length + 1);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length, row).toBe(width);
  });
});

describe('the CSV worklist', () => {
  it('starts no cell with =, +, -, @, tab or carriage return, and keeps the text', () => {
    const { data, errors } = Papa.parse<string[]>(csv, { newline: '\r\n', skipEmptyLines: true });
    expect(errors).toEqual([]);
    expect(data.length).toBe(1 + FORMULAS.length + 1);
    for (const row of data) {
      expect(row).toHaveLength(data[0]!.length);
      for (const cell of row) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
    }
    const cells = data.flat();
    for (const f of FORMULAS) expect(cells).toContain(`'${f}`);
  });
});
