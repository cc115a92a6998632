// The playbook's manifest fields (CONTRACT.md §1): an Agent's containment registry, the regimes
// a node triggers, a Surface's audience (defaulted), and the cross-document rule that an edge's
// actionClasses are among its producer's, checked by planApply whether the producer is in the
// batch, already registered, or narrows its classes under registered consumers.
import { describe, expect, it } from 'vitest';
import { AUDIENCES, Audience, NodeDocument, type NodeDocumentInput } from '../../graph-schema/index.js';
import { narrowedProducers, planApply } from '../../server/analysis/apply-plan.js';
import { validateBatch } from '../../server/manifest/parse.js';

const API = 'blast-radius/v1';
type Kind = 'Agent' | 'System' | 'Surface';
const node = (name: string, kind: Kind, spec: NodeDocumentInput['spec'] = {}): NodeDocument =>
  NodeDocument.parse({ apiVersion: API, kind, metadata: { name, owner: 'team' }, spec });
const issues = (value: unknown) => {
  const r = NodeDocument.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const agentDoc = (spec: Record<string, unknown>) => ({ apiVersion: API, kind: 'Agent', metadata: { name: 'a', owner: 'o' }, spec });

describe('spec.containment', () => {
  it('is kept as written on an Agent whose classes it names', () => {
    const doc = node('refund-agent', 'Agent', {
      actionClasses: ['financial-write', 'customer-communication'],
      containment: [
        { actionClass: 'financial-write', primitive: 'flag refunds.enabled=false', runbook: 'https://runbooks.example/refunds' },
        { actionClass: 'customer-communication', primitive: 'route replies to the human queue' },
      ],
    });
    expect(doc.spec.containment).toEqual([
      { actionClass: 'financial-write', primitive: 'flag refunds.enabled=false', runbook: 'https://runbooks.example/refunds' },
      { actionClass: 'customer-communication', primitive: 'route replies to the human queue' },
    ]);
  });

  it('refuses a class the Agent does not declare, a class listed twice, and a bad primitive or runbook', () => {
    expect(
      issues(
        agentDoc({
          actionClasses: ['x'],
          containment: [
            { actionClass: 'x', primitive: 'p' },
            { actionClass: 'y', primitive: 'p' },
            { actionClass: 'x', primitive: 'again' },
            { actionClass: 'x', primitive: '' },
            { actionClass: 'x', primitive: 'p'.repeat(501) },
            { actionClass: 'x', primitive: 'p', runbook: 'javascript:alert(1)' },
            { actionClass: 'x', primitive: 'p', runbook: 'not a url' },
            { actionClass: 'x', primitive: 'p', extra: 1 },
          ],
        }),
      ).map((i) => i.path),
    ).toEqual(expect.arrayContaining([
      'spec.containment.1.actionClass',
      'spec.containment.2.actionClass',
      'spec.containment.3.primitive',
      'spec.containment.4.primitive',
      'spec.containment.5.runbook',
      'spec.containment.6.runbook',
      'spec.containment.7',
    ]));
    // once the entries themselves are well formed, the cross-field rules speak
    expect(issues(agentDoc({ actionClasses: ['x'], containment: [{ actionClass: 'x', primitive: 'p' }, { actionClass: 'y', primitive: 'p' }, { actionClass: 'x', primitive: 'q' }] }))).toEqual([
      { path: 'spec.containment.1.actionClass', message: "'y' is not in spec.actionClasses (x)" },
      { path: 'spec.containment.2.actionClass', message: "'x' has a containment entry already" },
    ]);
    expect(issues(agentDoc({ containment: [{ actionClass: 'x', primitive: 'p' }] }))).toEqual([
      { path: 'spec.containment.0.actionClass', message: "'x' is not in spec.actionClasses (none declared)" },
    ]);
  });

  it('belongs to Agents only', () => {
    const sys = { apiVersion: API, kind: 'System', metadata: { name: 's', owner: 'o' }, spec: { containment: [{ actionClass: 'x', primitive: 'p' }] } };
    expect(issues(sys)).toEqual([{ path: 'spec.containment', message: 'only an Agent has a containment registry' }]);
  });

  it('names the file, document and field through validateBatch', () => {
    const batch = validateBatch([{ value: agentDoc({ actionClasses: ['x'], containment: [{ actionClass: 'z', primitive: 'p' }] }), index: 0, indexInFile: 0, file: 'agents/a.yaml' }]);
    expect(batch.errors).toEqual([
      expect.objectContaining({ path: 'documents[0].spec.containment[0].actionClass', file: 'agents/a.yaml', message: expect.stringContaining('agents/a.yaml document 1') }),
    ]);
  });
});

describe('spec.regimes', () => {
  it('is allowed on every kind and refuses a malformed or repeated id', () => {
    for (const kind of ['Agent', 'System', 'Surface'] as const) expect(node('n', kind, { regimes: ['gdpr-art33'] }).spec.regimes).toEqual(['gdpr-art33']);
    expect(issues(agentDoc({ regimes: ['GDPR 33'] })).map((i) => i.path)).toEqual(['spec.regimes.0']);
    expect(issues(agentDoc({ regimes: ['dora', 'dora'] }))).toEqual([{ path: 'spec.regimes.1', message: "'dora' is listed twice in regimes" }]);
  });
});

describe('spec.audience', () => {
  it('defaults to customer on a Surface, and appears on no other kind', () => {
    expect(node('s', 'Surface').spec.audience).toBe('customer');
    expect(node('s', 'Surface', { audience: 'regulator' }).spec.audience).toBe('regulator');
    expect('audience' in node('a', 'Agent').spec).toBe(false);
    expect('audience' in node('y', 'System').spec).toBe(false);
  });

  it('refuses an unknown audience and an audience on a non-Surface', () => {
    const surface = { apiVersion: API, kind: 'Surface', metadata: { name: 's', owner: 'o' }, spec: { audience: 'press' } };
    expect(issues(surface).map((i) => i.path)).toEqual(['spec.audience']);
    expect(issues(agentDoc({ audience: 'board' }))).toEqual([{ path: 'spec.audience', message: 'only a Surface has an audience' }]);
  });

  it('has the same values as the API schema', () => {
    expect([...AUDIENCES]).toEqual(Audience.options);
  });

  it('shows up in the JSON Schema of the OpenAPI document as one plain object', async () => {
    const { z } = await import('zod');
    const schema = z.toJSONSchema(NodeDocument) as { $defs?: Record<string, { properties?: Record<string, unknown> }>; properties?: Record<string, unknown> };
    const root = schema.properties ?? Object.values(schema.$defs ?? {})[0].properties!;
    const spec = root.spec as { properties: Record<string, { enum?: string[] }> };
    expect(spec.properties.audience.enum).toEqual([...AUDIENCES]);
  });
});

describe("planApply: edge actionClasses among the producer's", () => {
  const none = new Map<string, NodeDocument>();
  const producer = node('p', 'Agent', { actionClasses: ['financial-write', 'customer-communication'] });

  it('accepts declared classes of a producer in the batch or registered', () => {
    const consumer = node('c', 'System', { consumes: [{ from: 'p', actionClasses: ['financial-write'] }] });
    expect(planApply([producer, consumer], none, none).errors).toEqual([]);
    expect(planApply([consumer], none, new Map([['p', producer]])).errors).toEqual([]);
  });

  it('names the document and the field of each undeclared class, in the batch or registered', () => {
    const consumer = node('c', 'System', { consumes: [{ from: 'x' }, { from: 'p', actionClasses: ['financial-write', 'code-commit'] }] });
    const x = node('x', 'System');
    for (const plan of [planApply([x, producer, consumer], none, none), planApply([consumer], none, new Map([['p', producer], ['x', x]]))]) {
      const i = plan.errors[0].document;
      expect(plan.errors).toEqual([
        { path: `documents[${i}].spec.consumes[1].actionClasses[1]`, document: i, message: "'code-commit' is not an action class of 'p' (it declares financial-write, customer-communication)" },
      ]);
    }
  });

  it('refuses any class over an edge out of a System or a Surface, and out of an Agent that declares none', () => {
    const sys = node('s', 'System');
    const bare = node('b', 'Agent');
    const consumer = node('c', 'Surface', { consumes: [{ from: 's', actionClasses: ['a'] }, { from: 'b', actionClasses: ['a'] }] });
    expect(planApply([consumer], none, new Map([['s', sys], ['b', bare]])).errors.map((e) => e.message)).toEqual([
      "'a' is not an action class of 's' (a System: only an Agent producer has action classes)",
      "'a' is not an action class of 'b' (it declares none)",
    ]);
  });

  it('still reports an unregistered producer once, with no class error on top', () => {
    const consumer = node('c', 'System', { consumes: [{ from: 'ghost', actionClasses: ['a'] }] });
    expect(planApply([consumer], none, none).errors.map((e) => e.path)).toEqual(['documents[0].spec.consumes[0].from']);
  });

  it('refuses a producer that stops declaring a class a registered consumer still carries', () => {
    const before = producer;
    const after = node('p', 'Agent', { actionClasses: ['customer-communication'] });
    const registeredConsumer = node('pay', 'System', { consumes: [{ from: 'p', actionClasses: ['financial-write'] }] });
    const current = new Map([['p', before]]);
    expect(narrowedProducers([after], current)).toEqual(['p']);
    expect(narrowedProducers([before], current)).toEqual([]);
    expect(narrowedProducers([node('new', 'Agent')], current)).toEqual([]);
    // an Agent turned System declares nothing any more
    expect(narrowedProducers([node('p', 'System')], current)).toEqual(['p']);
    const plan = planApply([after], current, none, [registeredConsumer, registeredConsumer]);
    expect(plan.errors).toEqual([
      {
        path: 'documents[0].spec.actionClasses',
        document: 0,
        message: "the registered edge p -> pay carries 'financial-write', which 'p' would no longer declare: change that edge in the same batch, or keep declaring it",
      },
    ]);
    // fixing the consumer in the same batch is fine
    const fixed = node('pay', 'System', { consumes: [{ from: 'p' }] });
    expect(planApply([after, fixed], current, none, [registeredConsumer]).errors).toEqual([]);
  });
});
