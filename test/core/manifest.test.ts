// Manifest parsing and validation (server/manifest/parse.ts, graph-schema/manifest.ts): every
// bad input of CONTRACT.md §1–2 is refused with the exact field path, and a batch with any
// problem yields no documents at all. Also the ISO 8601 durations of graph-schema/duration.ts.
import { describe, expect, it } from 'vitest';
import {
  ConsumesEntry,
  durationSeconds,
  edgesInto,
  formatSeconds,
  Metadata,
  NODE_NAME_PATTERN,
  NodeDocument,
  NodeName,
  type ErrorDetail,
} from '../../graph-schema/index.js';
import { issuePath, parseManifestText, validateBatch, type RawDocument } from '../../server/manifest/parse.js';

const API = 'blast-radius/v1';
const agent = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: API, kind: 'Agent', metadata: { name, owner: 'team' }, ...extra });
const raw = (...values: unknown[]): RawDocument[] => values.map((value, index) => ({ value, index, indexInFile: index }));

/** Parses and validates text as the API and the CLI do: parse errors first, then the batch's. */
function check(text: string, options: Parameters<typeof parseManifestText>[1] = {}) {
  const parsed = parseManifestText(text, options);
  const batch = validateBatch(parsed.documents);
  return { parsed, batch, errors: [...parsed.errors, ...batch.errors], documents: batch.documents };
}

/** One bad batch: exactly these paths are reported, and nothing is returned to apply. */
function expectRefused(values: unknown[], paths: string[]): ErrorDetail[] {
  const batch = validateBatch(raw(...values));
  expect(batch.errors.map((e) => e.path)).toEqual(paths);
  expect(batch.documents).toEqual([]);
  for (const e of batch.errors) expect(e.message.length).toBeGreaterThan(0);
  return batch.errors;
}

describe('parseManifestText', () => {
  it('reads multi-document YAML with a trailing ---, filling defaults', () => {
    const text = `apiVersion: blast-radius/v1
kind: Agent
metadata:
  name: triage-agent
  owner: support
---
# a comment between documents
apiVersion: blast-radius/v1
kind: Agent
metadata: { name: refund-agent, owner: payments, contact: pay@example.com, labels: { env: prod } }
spec:
  actionClasses: [financial-write]
  consumes:
    - from: triage-agent
      channel: queue
      delay: PT2M
---
`;
    const { parsed, errors, documents } = check(text);
    expect(errors).toEqual([]);
    expect(parsed.documents.map((d) => [d.index, d.indexInFile])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(documents).toEqual([
      { apiVersion: API, kind: 'Agent', metadata: { name: 'triage-agent', owner: 'support' }, spec: { consumes: [] } },
      {
        apiVersion: API,
        kind: 'Agent',
        metadata: { name: 'refund-agent', owner: 'payments', contact: 'pay@example.com', labels: { env: 'prod' } },
        spec: { actionClasses: ['financial-write'], consumes: [{ from: 'triage-agent', channel: 'queue', mode: 'async', gate: 'none', delay: 'PT2M' }] },
      },
    ]);
    expect(edgesInto(documents[1])).toEqual([{ from: 'triage-agent', to: 'refund-agent', channel: 'queue', mode: 'async', gate: 'none', delaySeconds: 120 }]);
  });

  it('reads a leading --- and skips empty documents', () => {
    const { errors, documents } = check(`---\n${'apiVersion: blast-radius/v1\nkind: System\nmetadata: {name: crm, owner: ops}\n'}---\n---\n`);
    expect(errors).toEqual([]);
    expect(documents.map((d) => d.metadata.name)).toEqual(['crm']);
  });

  it('reads a JSON object and a JSON array', () => {
    const one = check(JSON.stringify(agent('a')));
    expect(one.errors).toEqual([]);
    expect(one.documents).toEqual([{ apiVersion: API, kind: 'Agent', metadata: { name: 'a', owner: 'team' }, spec: { consumes: [] } }]);
    const many = check(`  \n${JSON.stringify([agent('a'), agent('b', { spec: { consumes: [{ from: 'a', gate: 'human-review' }] } })])}`);
    expect(many.errors).toEqual([]);
    expect(many.documents.map((d) => d.metadata.name)).toEqual(['a', 'b']);
    expect(many.documents[1].spec.consumes).toEqual([{ from: 'a', channel: 'api', mode: 'async', gate: 'human-review' }]);
  });

  it('reads a YAML sequence of documents as several documents', () => {
    const { errors, documents } = check(`- apiVersion: blast-radius/v1\n  kind: Agent\n  metadata: {name: a, owner: o}\n- apiVersion: blast-radius/v1\n  kind: Surface\n  metadata: {name: b, owner: o}\n`);
    expect(errors).toEqual([]);
    expect(documents.map((d) => [d.metadata.name, d.kind])).toEqual([
      ['a', 'Agent'],
      ['b', 'Surface'],
    ]);
  });

  it('reads YAML written in flow style, which starts with { like JSON', () => {
    // valid YAML (the manifest format of §2); the parser says it tries JSON *first*
    const { errors, documents } = check('{apiVersion: blast-radius/v1, kind: Agent, metadata: {name: a, owner: o}}');
    expect(errors).toEqual([]);
    expect(documents.map((d) => d.metadata.name)).toEqual(['a']);
  });

  it('names bad JSON as the body, with the file', () => {
    const { parsed, errors, documents } = check('{"apiVersion": ', { file: 'agents/a.json', format: 'json' });
    expect(parsed.errors).toEqual([{ path: 'body', file: 'agents/a.json', message: expect.stringMatching(/^agents\/a\.json: not valid JSON/) }]);
    expect(errors.map((e) => e.path)).toEqual(['body', 'documents']);
    expect(documents).toEqual([]);
  });

  it('names bad YAML by document index, counted across files, and the file', () => {
    const text = `apiVersion: blast-radius/v1\nkind: Agent\nmetadata: {name: a, owner: o}\n---\nkind: [unclosed\n`;
    const { parsed, errors } = check(text, { file: 'agents/b.yaml', startIndex: 3 });
    expect(parsed.errors).toEqual([
      { path: 'documents[4]', document: 4, file: 'agents/b.yaml', message: expect.stringMatching(/^agents\/b\.yaml document 2: YAML: /) },
    ]);
    expect(errors).toHaveLength(1);
    expect(parsed.documents.map((d) => d.index)).toEqual([3, 4]);
  });

  it('refuses a YAML alias bomb with an error instead of throwing', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '',
    ].join('\n');
    let result: ReturnType<typeof check> | undefined;
    expect(() => (result = check(bomb))).not.toThrow();
    expect(result!.errors.map((e) => e.path)).toContain('documents[0]');
    expect(result!.documents).toEqual([]);
  });

  it('labels each document of a file with its number in the file and its index in the batch', () => {
    const text = `apiVersion: blast-radius/v1\nkind: Agent\nmetadata: {name: good, owner: o}\n---\napiVersion: blast-radius/v1\nkind: Agent\nmetadata: {name: Bad, owner: o}\n`;
    const { errors } = check(text, { file: 'team/agents.yaml', startIndex: 5 });
    expect(errors).toEqual([
      {
        path: 'documents[6].metadata.name',
        document: 6,
        file: 'team/agents.yaml',
        message: expect.stringMatching(/^team\/agents\.yaml document 2: metadata\.name: must be 1 to 63 characters/),
      },
    ]);
  });
});

describe('validateBatch: every bad input of the contract', () => {
  it('an unknown kind', () => {
    const [e] = expectRefused([agent('a', { kind: 'Robot' })], ['documents[0].kind']);
    expect(e.message).toBe('kind: kind must be one of Agent, System, Surface');
    expect(e.document).toBe(0);
  });

  it.each([
    ['uppercase', 'Refund-Agent'],
    ['64 characters', 'a'.repeat(64)],
    ['a leading dash', '-refund'],
    ['a trailing dash', 'refund-'],
    ['an underscore', 'refund_agent'],
    ['a dot', 'refund.agent'],
    ['a space', 'refund agent'],
    ['a non-ASCII letter', 'rèfund'],
    ['nothing', ''],
    ['a Cypher injection', "a'}) DETACH DELETE n //"],
  ])('a name with %s', (_label, name) => {
    const [e] = expectRefused([agent('ok-one'), agent(name)], ['documents[1].metadata.name']);
    expect(e.message).toContain('1 to 63 characters');
  });

  it.each([['a'], ['0'], ['a'.repeat(63)], ['a-b'], ['a--b'], ['9lives'], ['x1-2-3']])('accepts the name %s', (name) => {
    expect(validateBatch(raw(agent(name))).errors).toEqual([]);
    expect(NODE_NAME_PATTERN.test(name)).toBe(true);
    expect(NodeName.safeParse(name).success).toBe(true);
  });

  it('a Cypher injection in a from', () => {
    expectRefused([agent('a', { spec: { consumes: [{ from: "x'}) DETACH DELETE n //" }] } })], ['documents[0].spec.consumes[0].from']);
  });

  it('a missing or empty owner', () => {
    const [missing] = expectRefused([{ apiVersion: API, kind: 'Agent', metadata: { name: 'a' } }], ['documents[0].metadata.owner']);
    expect(missing.message).toMatch(/owner is required/);
    expectRefused([{ apiVersion: API, kind: 'Agent', metadata: { name: 'a', owner: '' } }], ['documents[0].metadata.owner']);
  });

  it('a self-edge', () => {
    const [e] = expectRefused([agent('ok'), agent('loop', { spec: { consumes: [{ from: 'ok' }, { from: 'loop' }] } })], ['documents[1].spec.consumes[1].from']);
    expect(e.message).toMatch(/self-edge/);
  });

  it('the same node twice in one batch, also across kinds', () => {
    const errors = expectRefused(
      [agent('x'), agent('y'), { apiVersion: API, kind: 'System', metadata: { name: 'x', owner: 'o' } }, agent('x')],
      ['documents[2].metadata.name', 'documents[3].metadata.name'],
    );
    expect(errors[0].message).toMatch(/'x' is defined twice/);
    expect(errors[0].document).toBe(2);
  });

  it('the same from twice in one consumes list', () => {
    const [e] = expectRefused([agent('a', { spec: { consumes: [{ from: 'p' }, { from: 'q' }, { from: 'p', gate: 'human-review' }] } })], ['documents[0].spec.consumes[2].from']);
    expect(e.message).toMatch(/'p' is listed twice/);
  });

  it('consumes that is not a list', () => {
    const [e] = expectRefused([agent('a', { spec: { consumes: 'crm' } })], ['documents[0].spec.consumes']);
    // the field is there, with the wrong type: the message must not say it is missing
    expect(e.message).not.toMatch(/required/);
    expect(e.message).toMatch(/array|list/i);
  });

  it('an owner of the wrong type is not reported as missing', () => {
    const [e] = expectRefused([{ apiVersion: API, kind: 'Agent', metadata: { name: 'a', owner: 42 } }], ['documents[0].metadata.owner']);
    expect(e.message).not.toMatch(/required/);
  });

  it('a gate that is not one of the three', () => {
    const [e] = expectRefused([agent('a', { spec: { consumes: [{ from: 'b', gate: 'maybe' }] } }), agent('b')], ['documents[0].spec.consumes[0].gate']);
    expect(e.message).toMatch(/none.*human-review.*automated-check/);
  });

  it('a bad channel, mode and delay, each named', () => {
    expectRefused(
      [agent('a', { spec: { consumes: [{ from: 'b', channel: 'carrier-pigeon', mode: 'eventually', delay: 'P1M' }] } })],
      ['documents[0].spec.consumes[0].channel', 'documents[0].spec.consumes[0].mode', 'documents[0].spec.consumes[0].delay'],
    );
  });

  it('an unknown field (consume: typo) names the field', () => {
    const text = `apiVersion: blast-radius/v1\nkind: Agent\nmetadata: {name: a, owner: o}\nspec:\n  consume:\n    - from: b\n`;
    const { errors, documents } = check(text, { file: 'agents/a.yaml' });
    expect(errors).toEqual([{ path: 'documents[0].spec', document: 0, file: 'agents/a.yaml', message: "agents/a.yaml document 1: spec: unknown field 'consume'" }]);
    expect(documents).toEqual([]);
    // at every level, several at once
    const [meta, top, entry] = expectRefused(
      [
        { apiVersion: API, kind: 'Agent', metadata: { name: 'a', owner: 'o', ownr: 'x', tittle: 'y' } },
        { ...agent('b'), extra: true },
        agent('c', { spec: { consumes: [{ from: 'a', gaet: 'none' }] } }),
      ],
      ['documents[0].metadata', 'documents[1]', 'documents[2].spec.consumes[0]'],
    );
    expect(meta.message).toBe("metadata: unknown fields 'ownr', 'tittle'");
    expect(top.message).toBe("document: unknown field 'extra'");
    expect(entry.message).toMatch(/'gaet'/);
  });

  it('actionClasses on a System or a Surface', () => {
    expectRefused(
      [
        { apiVersion: API, kind: 'System', metadata: { name: 'crm', owner: 'o' }, spec: { actionClasses: ['db-write'] } },
        { apiVersion: API, kind: 'Surface', metadata: { name: 'mail', owner: 'o' }, spec: { actionClasses: ['x'] } },
        agent('ok', { spec: { actionClasses: ['customer-communication'] } }),
      ],
      ['documents[0].spec.actionClasses', 'documents[1].spec.actionClasses'],
    );
  });

  it('a wrong apiVersion, a missing metadata and a document that is not an object', () => {
    expectRefused([{ ...agent('a'), apiVersion: 'blast-radius/v2' }], ['documents[0].apiVersion']);
    expectRefused([{ apiVersion: API, kind: 'Agent' }], ['documents[0].metadata']);
    expectRefused(['just a string'], ['documents[0]']);
    expectRefused([null, agent('a')], ['documents[0]']);
  });

  it('reports every problem of one document, each with its own path', () => {
    expectRefused(
      [{ apiVersion: API, kind: 'Robot', metadata: { name: 'X', extra: 1 } }],
      ['documents[0].kind', 'documents[0].metadata.name', 'documents[0].metadata.owner', 'documents[0].metadata'],
    );
  });

  it('an empty batch, whatever its form', () => {
    for (const text of ['[]', '', '---\n', '---\n---\n', '# only a comment\n']) {
      const { errors, documents } = check(text);
      expect(errors, JSON.stringify(text)).toEqual([{ path: 'documents', message: expect.stringMatching(/empty/) }]);
      expect(documents).toEqual([]);
    }
    expectRefused([], ['documents']);
  });

  it('ambiguous aliases: an alias naming another node, or the same alias on two nodes', () => {
    const [e] = expectRefused([agent('x', { spec: { aliases: ['legacy', 'y'] } }), agent('y')], ['documents[0].spec.aliases[1]']);
    expect(e.message).toMatch(/alias 'y' is ambiguous/);
    const [twice] = expectRefused([agent('x', { spec: { aliases: ['svc'] } }), agent('y', { spec: { aliases: ['old', 'svc'] } })], ['documents[1].spec.aliases[1]']);
    expect(twice.message).toBe("alias 'svc' is ambiguous: it also names 'x'");
    // the node declared later is blamed when the alias is a name declared after it
    expectRefused([agent('y'), agent('x', { spec: { aliases: ['y'] } })], ['documents[1].spec.aliases[0]']);
  });

  it('accepts an alias equal to its own name, repeated, or unique', () => {
    expect(validateBatch(raw(agent('x', { spec: { aliases: ['x', 'x-old', 'x-old'] } }), agent('y', { spec: { aliases: ['y-svc'] } }))).errors).toEqual([]);
  });

  it('a good document next to a bad one: neither is returned', () => {
    const batch = validateBatch(raw(agent('fresh'), agent('bad', { spec: { consumes: [{ from: 'fresh', gate: 'maybe' }] } })));
    expect(batch.errors.map((e) => e.path)).toEqual(['documents[1].spec.consumes[0].gate']);
    expect(batch.documents).toEqual([]);
  });

  it('bad YAML next to a good document: validateBatch hands back nothing to apply', () => {
    // parseManifestText marks the unparseable document with value undefined; validateBatch skips
    // it as "already reported" and returns the good one, so a caller that forgets to merge the
    // parse errors would apply half a batch.
    const parsed = parseManifestText(`apiVersion: blast-radius/v1\nkind: Agent\nmetadata: {name: a, owner: o}\n---\nkind: [unclosed\n`);
    expect(parsed.errors).toHaveLength(1);
    expect(validateBatch(parsed.documents).documents).toEqual([]);
  });

  it('issuePath writes indices in brackets and keys with dots', () => {
    expect(issuePath('documents[1]', ['spec', 'consumes', 0, 'from'])).toBe('documents[1].spec.consumes[0].from');
    expect(issuePath('documents[0]', [])).toBe('documents[0]');
  });
});

describe('the zod schemas', () => {
  it('fill defaults and refuse unknown keys at every level', () => {
    expect(ConsumesEntry.parse({ from: 'a' })).toEqual({ from: 'a', channel: 'api', mode: 'async', gate: 'none' });
    expect(ConsumesEntry.safeParse({ from: 'a', unknown: 1 }).success).toBe(false);
    expect(Metadata.safeParse({ name: 'a', owner: 'o', labels: { env: 'prod' } }).success).toBe(true);
    expect(Metadata.safeParse({ name: 'a', owner: 'o', labels: { env: 5 } }).success).toBe(false);
    expect(NodeDocument.parse({ apiVersion: API, kind: 'Surface', metadata: { name: 's', owner: 'o' } })).toEqual({
      apiVersion: API,
      kind: 'Surface',
      metadata: { name: 's', owner: 'o' },
      spec: { consumes: [], audience: 'customer' },
    });
  });

  it('the self-edge and duplicate-from refinements point at the offending entry', () => {
    const r = NodeDocument.safeParse(agent('a', { spec: { consumes: [{ from: 'a' }, { from: 'b' }, { from: 'b' }] } }));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toEqual([
      ['spec', 'consumes', 0, 'from'],
      ['spec', 'consumes', 2, 'from'],
    ]);
  });
});

describe('durationSeconds', () => {
  it.each([
    ['PT30S', 30],
    ['PT15M', 900],
    ['PT2H', 7200],
    ['PT2H30M', 9000],
    ['P1D', 86400],
    ['P1DT1H', 90000],
    ['P1W', 604800],
    ['P1WT1S', 604801],
    ['PT0S', 0],
    ['PT1.5S', 2],
    ['PT0.25H', 900],
    ['P0D', 0],
  ])('%s is %d seconds', (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', 'P1DT', 'P1M', 'P1Y', 'PT15m', 'pt15m', '15M', 'PT-1S', ' PT1M', 'PT1M ', 'PT1H1H', 'P1D1W', 'T1M', 'PT1,5S'])('refuses %j', (text) => {
    expect(durationSeconds(text)).toBeUndefined();
  });
});

describe('formatSeconds', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [1, '1s'],
    [59, '59s'],
    [60, '1m'],
    [90, '1m 30s'],
    [3600, '1h'],
    [3601, '1h 1s'],
    [3661, '1h 1m'],
    [7200, '2h'],
    [86400, '1d'],
    [90061, '1d 1h'],
    [59.6, '1m'],
    [604800, '7d'],
  ])('%d seconds is %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it('never answers an empty string for a positive duration under half a second', () => {
    expect(formatSeconds(0.4)).toBe('0s');
  });

  it('round-trips durationSeconds for whole units', () => {
    for (const [iso, text] of [
      ['PT15M', '15m'],
      ['PT2H30M', '2h 30m'],
      ['P1DT2H', '1d 2h'],
    ] as const) {
      expect(formatSeconds(durationSeconds(iso)!)).toBe(text);
    }
  });
});
