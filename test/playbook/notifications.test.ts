// Notifications (server/playbook/notifications.ts, templates.ts): reached and exposed Surfaces
// grouped by audience with owners and contacts, and a draft per audience from the repository's
// templates that names the failure mode in plain words, with every value escaped for Markdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIENCES, FailureMode, FAILURE_MODE_WORDS, NodeDocument, Notifications, type Clock } from '../../graph-schema/index.js';
import { notificationsFor, utcText, type NotificationConsumer, type NotificationIncident } from '../../server/playbook/notifications.js';
import { loadRegimes } from '../../server/playbook/regimes.js';
import { mdText } from '../../server/analysis/escape.js';
import { loadTemplates, parseTemplate, PLACEHOLDERS, renderTemplate, TemplateError } from '../../server/playbook/templates.js';

const templates = loadTemplates();
const regimes = loadRegimes();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const surface = (name: string, owner: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) =>
  NodeDocument.parse({ apiVersion: 'blast-radius/v1', kind: 'Surface', metadata: { name, owner, ...meta }, spec });
const nodes = new Map<string, NodeDocument>(
  [
    NodeDocument.parse({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'policy-agent', owner: 'cs-ai', title: 'Policy answer agent' } }),
    surface('chat-widget', 'digital', {}, { title: 'Website chat', contact: '#digital-oncall' }),
    surface('customer-email', 'comms', {}, { title: 'Customer email', contact: 'comms@example.com' }),
    surface('partner-api', 'partners', { audience: 'counterparty' }, { title: 'Partner API', contact: 'partners@example.com' }),
    surface('regulator-filing', 'legal', { audience: 'regulator' }, { title: 'Regulator filing' }),
    surface('help-center', 'knowledge', {}, { title: 'Help centre' }),
  ].map((d) => [d.metadata.name, d]),
);
const incident: NotificationIncident = {
  id: 'inc-7',
  title: 'Policy agent invents retroactive bereavement fares',
  source: 'policy-agent',
  failureMode: 'hallucination',
  outputRef: 'out-123',
  outputAt: '2026-12-01T02:41:00Z',
  detectedAt: '2026-12-01T03:05:00Z',
};
const consumers: NotificationConsumer[] = [
  { name: 'answer-composer', kind: 'Agent', reached: 'estimated', exposed: true, arrival: '2026-12-01T02:41:05Z', owner: 'cs-ai' },
  { name: 'customer-email', kind: 'Surface', reached: false, exposed: true, arrival: '2026-12-01T03:20:00Z', owner: 'comms', title: 'Customer email', contact: 'comms@example.com' },
  { name: 'chat-widget', kind: 'Surface', reached: 'estimated', exposed: false, arrival: '2026-12-01T02:42:00Z', owner: 'digital', title: 'Website chat', contact: '#digital-oncall', audience: 'customer' },
  { name: 'partner-api', kind: 'Surface', reached: 'observed', exposed: true, arrival: null, owner: 'partners', contact: 'partners@example.com' },
  { name: 'regulator-filing', kind: 'Surface', reached: false, exposed: true, arrival: null, owner: 'legal', title: 'Regulator filing' },
  // held and no longer exposed: nobody to tell
  { name: 'help-center', kind: 'Surface', reached: false, exposed: false, arrival: null, owner: 'knowledge' },
];
const clocks: Clock[] = [{ regime: 'gdpr-art33', name: 'notification', due: '2026-12-04T03:05:00.000Z', triggeredBy: ['crm'], status: 'pending' }];

describe('notificationsFor', () => {
  const result = notificationsFor(incident, consumers, nodes, { templates, clocks, regimes: regimes.regimes, notLegalAdvice: regimes.notLegalAdvice });

  it('groups reached and exposed Surfaces by audience, in the audience order, earliest arrival first', () => {
    expect(Notifications.parse(result)).toEqual(result);
    expect(result.audiences.map((g) => [g.audience, g.surfaces.map((s) => s.name)])).toEqual([
      ['customer', ['chat-widget', 'customer-email']],
      ['counterparty', ['partner-api']],
      ['regulator', ['regulator-filing']],
    ]);
    expect(result.audiences[0].surfaces[0]).toEqual({ name: 'chat-widget', title: 'Website chat', owner: 'digital', contact: '#digital-oncall', reached: 'estimated', exposed: false, arrival: '2026-12-01T02:42:00Z' });
    expect(result.audiences[0].owners).toEqual(['comms', 'digital']);
    expect(result.audiences[0].contacts).toEqual(['#digital-oncall', 'comms@example.com']);
    // the audience comes from the node when the consumer does not say it; the title too
    expect(result.audiences[1].surfaces[0].title).toBe('Partner API');
  });

  it('names the failure mode in plain words in every draft, and what to do and whom to contact', () => {
    expect(result.failureModeText).toBe('gave information that was not true');
    for (const g of result.audiences) {
      expect(g.draft.body, g.audience).toContain('gave information that was not true');
      expect(g.draft.body, g.audience).toMatch(/\*\*What to do\.\*\*|\*\*Measures taken\.\*\*/);
      expect(g.draft.body, g.audience).toMatch(/\*\*(Who to contact|Contact)\.\*\*/);
      expect(g.draft.body, g.audience).not.toMatch(/\{\{/);
      expect(g.draft.subject, g.audience).toContain('inc-7');
    }
    const customer = result.audiences[0].draft.body;
    expect(customer).toContain('From 2026-12-01 02:41 UTC');
    expect(customer).toContain('Website chat, Customer email');
    // the customer is not told internal agent names
    expect(customer).not.toContain('policy-agent');
  });

  it('lists the clocks and the legal caveat for the regulator, with times in UTC', () => {
    const regulator = result.audiences.find((g) => g.audience === 'regulator')!.draft.body;
    expect(regulator).toContain('- GDPR, Article 33: notification of a personal data breach to the supervisory authority, notification: due 2026-12-04 03:05 UTC (pending; triggered by crm)');
    expect(regulator).toMatch(/Not legal advice/);
    expect(regulator).toContain('Output reference: out-123');
    expect(regulator).toContain('- Regulator filing (regulator-filing): not reached yet; still exposed to new bad output');
    const partner = result.audiences[1].draft.body;
    expect(partner).toContain('- Partner API (partner-api): reached (observed); still exposed to new bad output');
    expect(partner).toContain('- partners: partners@example.com');
  });

  it('has a plain-words text for every failure mode', () => {
    for (const mode of FailureMode.options) {
      expect(FAILURE_MODE_WORDS[mode]).toMatch(/^[a-z ]+$/);
      const r = notificationsFor({ ...incident, failureMode: mode }, consumers, nodes, { templates });
      expect(r.audiences[0].draft.body).toContain(FAILURE_MODE_WORDS[mode]);
    }
  });

  it('escapes every value it did not write itself', () => {
    const hostile = new Map(nodes);
    hostile.set('policy-agent', NodeDocument.parse({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'policy-agent', owner: 'x', title: '[click](https://evil.example) <script>' } }));
    const evil: NotificationConsumer[] = [
      { name: 'internal-wiki', kind: 'Surface', reached: 'estimated', exposed: false, arrival: '2026-12-01T03:00:00Z', owner: '**owner**', title: 'Wiki\n# Forged heading', contact: '`x`', audience: 'internal' },
    ];
    const r = notificationsFor({ ...incident, title: '_urgent_ ![img](x)' }, evil, hostile, { templates });
    const draft = r.audiences[0].draft;
    expect(r.audiences[0].audience).toBe('internal');
    // the report's own escaping (server/analysis/escape.ts), whatever set of characters it covers
    expect(draft.subject).toContain(mdText('_urgent_ ![img](x)'));
    expect(draft.subject).not.toContain('[img]');
    expect(draft.body).toContain(`${mdText('[click](https://evil.example) <script>')} (policy-agent)`);
    expect(draft.body).not.toContain('<script>');
    expect(draft.body).toContain(`${mdText('Wiki\n# Forged heading')} (internal-wiki)`);
    expect(draft.body).not.toMatch(/^# Forged/m);
    expect(draft.body).toContain(`- ${mdText('**owner**')}: ${mdText('`x`')}`);
    expect(draft.body).not.toContain('**owner**');
  });

  it('answers no group when no Surface is reached or exposed', () => {
    expect(notificationsFor(incident, [consumers[0], consumers[5]], nodes, { templates }).audiences).toEqual([]);
  });

  it('writes times in UTC with the zone, and "not yet" for none', () => {
    expect(utcText('2026-12-01T03:41:00+01:00')).toBe('2026-12-01 02:41 UTC');
    expect(utcText(null)).toBe('not yet');
  });
});

describe('templates', () => {
  it('has one per audience in the repository, each with a subject and only known placeholders', () => {
    expect(Object.keys(templates).sort()).toEqual([...AUDIENCES].sort());
    for (const a of AUDIENCES) {
      expect(templates[a].subject.length, a).toBeGreaterThan(0);
      expect(templates[a].body, a).toContain('{{failureMode}}');
    }
  });

  it('refuses an unknown placeholder and a missing subject, naming the file', () => {
    expect(() => parseTemplate('Subject: x\n\n{{nope}} {{failureMode}}', 'a.md')).toThrow(/a\.md uses unknown placeholder\(s\) \{\{nope\}\}/);
    expect(() => parseTemplate('Hello', 'b.md')).toThrow(TemplateError);
    fs.writeFileSync(path.join(tmp, 'customer.md'), 'Subject: s\n\nbody\n');
    expect(() => loadTemplates(tmp)).toThrow(/Cannot read the counterparty template .*counterparty\.md: ENOENT/);
  });

  it('renders strings inline and lists as one bullet per item, escaped', () => {
    expect(renderTemplate('a {{ incidentId }} b\n{{ownerList}}\n{{outputRef}}.', { incidentId: 'x*y', ownerList: ['o_1', 'o2'] })).toBe(`a ${mdText('x*y')} b\n- ${mdText('o_1')}\n- o2\n.`);
    expect(PLACEHOLDERS).toContain('clockList');
  });
});
