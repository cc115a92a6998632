// Request examples for the OpenAPI document, one line of the table per operation (as access.ts):
// a small support desk (an agent, the CRM it writes, the customer email fed from it) walked
// through from registration to drift. test/api/openapi.test.ts sends every one, in this order, to
// a fresh server, so an example that stops working fails a test.
import type { BulkDecisionRequest, CommunicationRequest, DecisionRequest, OpenIncidentRequest } from '../../graph-schema/index.js';

export interface BodyExample {
  summary: string;
  /** A JSON value, or the text of a YAML body. */
  value: unknown;
}

/** Per operation (`METHOD /express/path`), per media type, the named examples. */
export type ExampleTable = Record<string, Record<string, Record<string, BodyExample>>>;

const MANIFEST = [
  { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'triage-agent', owner: 'support-ai', title: 'Ticket triage agent' }, spec: { actionClasses: ['refund', 'reply'] } },
  { apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'crm', owner: 'crm-team' }, spec: { consumes: [{ from: 'triage-agent', channel: 'api', mode: 'sync' }] } },
  {
    apiVersion: 'blast-radius/v1',
    kind: 'Surface',
    metadata: { name: 'customer-email', owner: 'cx', contact: 'cx@example.com' },
    spec: { consumes: [{ from: 'crm', channel: 'queue', gate: 'human-review', delay: 'PT15M' }] },
  },
];

const MANIFEST_YAML = `apiVersion: blast-radius/v1
kind: Agent
metadata: { name: triage-agent, owner: support-ai, title: Ticket triage agent }
spec: { actionClasses: [refund, reply] }
---
apiVersion: blast-radius/v1
kind: System
metadata: { name: crm, owner: crm-team }
spec:
  consumes:
    - { from: triage-agent, channel: api, mode: sync }
---
apiVersion: blast-radius/v1
kind: Surface
metadata: { name: customer-email, owner: cx, contact: cx@example.com }
spec:
  consumes:
    - { from: crm, channel: queue, gate: human-review, delay: PT15M }
`;

/** A trace: the agent's run, and inside it the CRM tool call (a hop triage-agent → crm). */
const OTLP = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'triage-agent' } }] },
      scopeSpans: [
        {
          spans: [
            { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'invoke_agent triage-agent', startTimeUnixNano: '1767261600000000000' },
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b175',
              parentSpanId: 'eee19b7ec3c1b174',
              name: 'execute_tool crm',
              startTimeUnixNano: '1767261601000000000',
              attributes: [
                { key: 'gen_ai.operation.name', value: { stringValue: 'execute_tool' } },
                { key: 'gen_ai.tool.name', value: { stringValue: 'crm' } },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const json = (summary: string, value: unknown) => ({ 'application/json': { example: { summary, value } } });

export const EXAMPLES: ExampleTable = {
  'POST /api/v1/graph/validate': json('Three documents, checked before they are applied', MANIFEST),
  'POST /api/v1/graph/apply': {
    'application/json': { batch: { summary: 'An agent, the CRM it writes, the email fed from the CRM', value: MANIFEST } },
    'application/yaml': { batch: { summary: 'The same documents as YAML, separated by ---', value: MANIFEST_YAML } },
  },
  'POST /api/v1/incidents': json('The triage agent invented a refund rule', {
    title: 'Triage agent invented a refund rule',
    source: 'triage-agent',
    failureMode: 'hallucination',
    outputRef: 'ticket-4821',
    actionClasses: ['refund'],
  } satisfies OpenIncidentRequest),
  'PUT /api/v1/incidents/:id/decisions/:name': json('Correct the CRM records, first decision', {
    action: 'correct',
    note: 'Revert refund notes written since 09:00',
    expectedVersion: 0,
  } satisfies DecisionRequest),
  'POST /api/v1/incidents/:id/decisions': json('Notify every listed surface at once', {
    action: 'notify',
    names: ['customer-email'],
    expectedVersions: { 'customer-email': 0 },
    note: 'Customers told the refund offer was sent in error',
  } satisfies BulkDecisionRequest),
  'PATCH /api/v1/incidents/:id': json('Contained', { status: 'contained', note: 'Source stopped, CRM corrected' }),
  'POST /api/v1/incidents/:id/communications': json('The customer email sent', {
    audience: 'customer',
    channel: 'email',
    to: 'affected customers',
    summary: 'The refund offer in your ticket reply was sent in error; no refund is due',
  } satisfies CommunicationRequest),
  'POST /api/v1/incidents/:id/containment/apply': json('Apply the plan, the source stop too', { includeSource: true, note: 'Plan applied from the incident view' }),
  'POST /api/v1/incidents/:id/observations': {
    'application/json': {
      reached: { summary: 'What was seen to receive the output', value: { reached: [{ name: 'crm', from: 'triage-agent', at: '2026-01-01T10:00:01Z', evidence: 'CRM audit log 8812' }] } },
      otlp: { summary: 'The same, from OTLP traces', value: OTLP },
    },
  },
  'POST /api/v1/drift': json('Traces checked against the registry', OTLP),
};
