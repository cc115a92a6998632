// The graph the v2 incident suites share, laid out in time around "now" so that, for as long as a
// suite runs, some consumers are reached and others are still waiting for the travelling output:
//
//   src --(customer-communication, 30m)--> mailer --(2h)--> inbox (Surface, customer)
//   src --(financial-write, 2h)----------> ledger --(1h)--> statement (Surface, counterparty)
//                                                  \------> row01..row12 (Systems)
//   src --------------------------------> banner (Surface, public, gdpr-art33)
//   dispatch --(customer-communication)--> notifier;  dispatch --(financial-write)--> payout
//
// Incidents open with outputAt = T0 (an hour before the suite starts), so at "now": banner (T0)
// and mailer (T0+30m) are reached; ledger and the rows (T0+2h), inbox (T0+2h30) and statement
// (T0+3h) are pending, with at least half an hour to spare.
import type { JsonAnswer } from './http.js';

const MIN = 60_000;

const node = (name: string, kind: string, spec: object = {}, metadata: object = {}) => ({
  apiVersion: 'blast-radius/v1',
  kind,
  metadata: { name, owner: 'team-' + name.replace(/\d+$/, ''), ...metadata },
  spec,
});

export const ROWS = Array.from({ length: 12 }, (_, i) => `row${String(i + 1).padStart(2, '0')}`);

export const V2_GRAPH = [
  node('src', 'Agent', {
    actionClasses: ['customer-communication', 'financial-write'],
    containment: [{ actionClass: 'customer-communication', primitive: 'feature flag email.enabled=false', runbook: 'https://runbooks.example.com/email' }],
  }),
  node('mailer', 'Agent', { consumes: [{ from: 'src', actionClasses: ['customer-communication'], delay: 'PT30M' }] }, { contact: 'mail@example.com' }),
  node('ledger', 'System', { consumes: [{ from: 'src', actionClasses: ['financial-write'], channel: 'db', delay: 'PT2H' }] }),
  node('banner', 'Surface', { audience: 'public', regimes: ['gdpr-art33'], consumes: [{ from: 'src' }] }, { title: 'Site banner' }),
  node('inbox', 'Surface', { audience: 'customer', consumes: [{ from: 'mailer', delay: 'PT2H' }] }),
  node('statement', 'Surface', { audience: 'counterparty', consumes: [{ from: 'ledger', delay: 'PT1H', gate: 'human-review' }] }),
  ...ROWS.map((name, i) => node(name, 'System', { consumes: [{ from: 'ledger' }] }, { title: `Ledger Row ${i + 1}` })),
  // apart from src's radius: a source whose every out-edge carries one class
  node('dispatch', 'Agent', {
    actionClasses: ['customer-communication', 'financial-write'],
    containment: [{ actionClass: 'customer-communication', primitive: 'queue dispatch.email paused' }],
  }),
  node('notifier', 'Agent', { consumes: [{ from: 'dispatch', actionClasses: ['customer-communication'] }] }),
  node('payout', 'System', { consumes: [{ from: 'dispatch', actionClasses: ['financial-write'] }] }),
];

/** Every edge of the radius of src, as "from>to". */
export const V2_EDGES = ['src>mailer', 'src>ledger', 'src>banner', 'mailer>inbox', 'ledger>statement', ...ROWS.map((r) => `ledger>${r}`)];

/** Times of one suite run: T0 an hour ago; each arrival from it. */
export function timesFrom(now = Date.now()) {
  const t0 = Math.floor((now - 60 * MIN) / 1000) * 1000;
  const iso = (offsetMin: number) => new Date(t0 + offsetMin * MIN).toISOString();
  return {
    iso,
    outputAt: iso(0),
    detectedAt: iso(10),
    arrival: { banner: iso(0), mailer: iso(30), ledger: iso(120), row: iso(120), inbox: iso(150), statement: iso(180) },
  };
}

export type Call = (path: string, init?: RequestInit & { body?: string }) => Promise<JsonAnswer>;

export async function applyV2Graph(call: Call): Promise<void> {
  const applied = await call('/api/v1/graph/apply', { method: 'POST', body: JSON.stringify(V2_GRAPH) });
  if (applied.status !== 200) throw new Error(`apply failed: ${JSON.stringify(applied.body)}`);
}

/** Opens an incident on src at T0 (fields may be overridden); answers its id and the opening answer. */
export async function openV2Incident(call: Call, times: ReturnType<typeof timesFrom>, extra: object = {}): Promise<{ id: string; opened: JsonAnswer }> {
  const opened = await call('/api/v1/incidents', {
    method: 'POST',
    body: JSON.stringify({ title: 'Mailer sent invented refunds', source: 'src', failureMode: 'tool-routing-error', outputAt: times.outputAt, detectedAt: times.detectedAt, ...extra }),
  });
  if (opened.status !== 201) throw new Error(`open failed: ${JSON.stringify(opened.body)}`);
  return { id: opened.body.id, opened };
}

/** Every kind of write the API takes, with a valid body on the v2 fixture and its incident `id`. */
export const fixtureWrites = (id: string): [method: string, path: string, body?: object][] => [
  ['POST', '/api/v1/graph/apply', [{ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'crm', owner: 'sales' }, spec: { consumes: [{ from: 'src' }] } }]],
  ['DELETE', '/api/v1/nodes/row12'],
  ['POST', '/api/v1/incidents', { title: 'Second', source: 'src', failureMode: 'hallucination' }],
  ['PUT', `/api/v1/incidents/${id}/decisions/ledger`, { action: 'stop' }],
  ['POST', `/api/v1/incidents/${id}/decisions`, { names: ['row01', 'row02'], action: 'correct' }],
  ['POST', `/api/v1/incidents/${id}/containment/apply`, {}],
  ['PATCH', `/api/v1/incidents/${id}`, { status: 'contained' }],
  ['POST', `/api/v1/incidents/${id}/observations`, { reached: [{ name: 'ledger' }] }],
  ['POST', `/api/v1/incidents/${id}/communications`, { audience: 'public', channel: 'banner', summary: 'We are on it' }],
];

export const byName = (list: { name: string }[], name: string): any => list.find((c) => c.name === name);
