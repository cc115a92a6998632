import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, DomainError, statusOf } from '../../server/errors.js';
import { createNameResolver } from '../../server/analysis/name-resolver.js';
import { isOtlpBody, OtlpFormatError, readOtlpTraces } from '../../server/analysis/otlp.js';
import { readFixture, readFixtureJson } from './fixtures.js';
import { node } from './node-doc.js';
import { describeRealdata, readReal, readRealJson, readRealYaml } from './realdata.js';
import { anyAgentToOtlp, langfuseToOtlp } from './trace-formats.js';

const T = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const span = (spanId: string, parentSpanId: string, attrs: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  traceId: T,
  spanId,
  parentSpanId,
  name: `span ${spanId.slice(-2)}`,
  startTimeUnixNano: '1700000000000000000',
  attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })),
  ...extra,
});
const body = (service: string | undefined, spans: unknown[], field = 'scopeSpans') => ({
  resourceSpans: [
    {
      resource: { attributes: service ? [{ key: 'service.name', value: { stringValue: service } }] : [] },
      [field]: [{ spans }],
    },
  ],
});

function caught(fn: () => unknown): OtlpFormatError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OtlpFormatError) return err;
    throw err;
  }
  throw new Error('expected an OtlpFormatError');
}

describe('readOtlpTraces on the support desk fixture (fixtures/otlp/support-desk.otlp.json)', () => {
  const docs = [
    node('support-gateway', 'System'),
    node('triage-agent', 'Agent'),
    node('order-lookup', 'System'),
    node('refund-agent', 'Agent'),
    node('billing-ledger', 'System'),
    node('chat-widget', 'Surface'),
  ];
  const result = readOtlpTraces(readFixtureJson('otlp/support-desk.otlp.json'), createNameResolver(docs));
  const ev = (span: string, name: string) => `otlp trace c0ffee00000000000000000000000a01 span ${span} (${name})`;

  it('follows parent links across four services, through the chat span that names nothing', () => {
    expect(result.spans).toBe(8);
    expect(result.hops).toEqual([
      { from: 'refund-agent', to: 'billing-ledger' }, // the ledger's span is a child of the refund agent's tool call
      { from: 'support-gateway', to: 'triage-agent' },
      { from: 'triage-agent', to: 'chat-widget' },
      { from: 'triage-agent', to: 'order-lookup' }, // execute_tool order_lookup, under an unnamed chat span
      { from: 'triage-agent', to: 'refund-agent' },
    ]);
  });

  it('names each span by its agent, its registered tool or its service; an unregistered tool counts as its agent', () => {
    expect(result.reached).toEqual([
      { name: 'billing-ledger', from: 'refund-agent', at: '2026-03-02T10:00:00.060Z', evidence: ev('b000000000000007', 'POST /ledger/credits') },
      { name: 'chat-widget', from: 'triage-agent', at: '2026-03-02T10:00:00.070Z', evidence: ev('b000000000000008', 'render answer') },
      { name: 'order-lookup', from: 'triage-agent', at: '2026-03-02T10:00:00.030Z', evidence: ev('b000000000000004', 'execute_tool order_lookup') },
      { name: 'refund-agent', at: '2026-03-02T10:00:00.050Z', evidence: ev('b000000000000006', 'execute_tool issue_refund') },
      { name: 'refund-agent', from: 'triage-agent', at: '2026-03-02T10:00:00.040Z', evidence: ev('b000000000000005', 'invoke_agent refund_agent') },
      { name: 'support-gateway', at: '2026-03-02T10:00:00.000Z', evidence: ev('b000000000000001', 'POST /v1/chat') },
      { name: 'triage-agent', from: 'support-gateway', at: '2026-03-02T10:00:00.010Z', evidence: ev('b000000000000002', 'invoke_agent TriageAgent') },
    ]);
    // the runtime's service name and the unregistered tool were tried and matched nothing
    expect(result.unmatched).toEqual(['agent-runtime', 'issue_refund']);
  });

  it('is recognised as OTLP', () => {
    expect(isOtlpBody(readFixtureJson('otlp/support-desk.otlp.json'))).toBe(true);
  });
});

describe('readOtlpTraces on the framework-shaped fixtures (fixtures/otlp), converted to OTLP', () => {
  it('any-agent run: decimal ids above 2^53 survive, the agent calls the registered write_file tool', () => {
    const resolve = createNameResolver([node('any-agent', 'Agent'), node('write-file', 'System')]);
    const result = readOtlpTraces(anyAgentToOtlp(readFixture('otlp/any-agent-run.json')), resolve);
    expect(result.spans).toBe(5);
    expect(result.hops).toEqual([{ from: 'any-agent', to: 'write-file' }]);
    expect(result.reached).toEqual([
      // 17446744073709551601 and 241761539215330498017360785346912345678, in hex
      { name: 'any-agent', at: '2026-02-10T09:30:00.000Z', evidence: 'otlp trace b5e1942ac4bbe72d7d1b19acddc45e4e span f21f494c589bfff1 (invoke_agent [any_agent])' },
      { name: 'write-file', from: 'any-agent', at: '2026-02-10T09:30:00.400Z', evidence: 'otlp trace b5e1942ac4bbe72d7d1b19acddc45e4e span bdf28428cc0e8e9a (execute_tool write_file)' },
    ]);
    expect(result.unmatched).toEqual(['get_current_time', 'unknown_service']);
  });

  it('joke generator (Langfuse export): two agents, the hop to a tool skips the unnamed "running 3 tools" span', () => {
    const resolve = createNameResolver([node('joke-agent', 'Agent'), node('evaluator-agent', 'Agent'), node('get-pun-suggestion', 'System')]);
    const result = readOtlpTraces(langfuseToOtlp(readFixture('otlp/joke-generator.langfuse.json')), resolve);
    const ev = (span: string, name: string) => `otlp trace 5e1f0c0ffee0b1a5d0c0ffee0b1a5d01 span ${span} (${name})`;
    expect(result.spans).toBe(12);
    expect(result.hops).toEqual([{ from: 'joke-agent', to: 'get-pun-suggestion' }]);
    expect(result.reached).toEqual([
      { name: 'evaluator-agent', at: '2026-02-10T09:30:04.000Z', evidence: ev('a00000000000000b', 'evaluator_agent run') },
      { name: 'get-pun-suggestion', from: 'joke-agent', at: '2026-02-10T09:30:01.501Z', evidence: ev('a000000000000005', 'running tool: get_pun_suggestion') },
      // two joke_agent runs: the earlier one is the evidence
      { name: 'joke-agent', at: '2026-02-10T09:30:00.010Z', evidence: ev('a000000000000002', 'joke_agent run') },
    ]);
    // tool spans carry gen_ai.tool.name without gen_ai.operation.name: still tool spans
    expect(result.unmatched).toEqual(['get_dad_joke_suggestion', 'get_one_liner_suggestion', 'unknown_service']);
  });
});

describeRealdata('readOtlpTraces on the canonical OTLP example (realdata: otlp-proto-examples/trace.json)', () => {
  let trace: unknown;
  beforeAll(() => {
    trace = readRealJson('otel/otlp-proto-examples/trace.json');
  });

  it('names the node its resource service.name matches, through the normalised form', () => {
    const result = readOtlpTraces(trace, createNameResolver([node('my-service', 'System')]));
    expect(result).toEqual({
      reached: [
        {
          name: 'my-service',
          at: '2018-12-13T14:51:00.000Z',
          evidence: "otlp trace 5b8efff798038103d269b633813fc60c span eee19b7ec3c1b174 (I'm a server span)",
        },
      ],
      hops: [],
      unmatched: [],
      spans: 1,
    });
  });

  it('reports the service name as unmatched when nothing is registered; its parent is not in the body, so no hop', () => {
    const result = readOtlpTraces(trace, createNameResolver([]));
    expect(result.reached).toEqual([]);
    expect(result.unmatched).toEqual(['my.service']);
    expect(result.spans).toBe(1);
  });

  it('is recognised as OTLP', () => {
    expect(isOtlpBody(trace)).toBe(true);
    expect(isOtlpBody({ reached: [] })).toBe(false);
  });
});

describeRealdata('readOtlpTraces on the collector service-graph test data (realdata: OTLP as YAML)', () => {
  const resolve = createNameResolver([node('foo-server', 'System'), node('bar-requester', 'System')]);
  it.each(['extra-dimensions-queue-db-trace.yaml', 'messaging-system-trace.yaml'])('%s: one hop foo-server → bar-requester', (file) => {
    const result = readOtlpTraces(readRealYaml('otel/collector-servicegraph-testdata', file), resolve);
    expect(result.spans).toBe(2);
    expect(result.hops).toEqual([{ from: 'foo-server', to: 'bar-requester' }]);
    expect(result.reached).toEqual([
      {
        name: 'bar-requester',
        from: 'foo-server',
        at: '2027-01-15T08:00:00.000Z',
        evidence: 'otlp trace a0000000000000000000000000000000 span a000000000000001 (HTTP GET /ready)',
      },
      { name: 'foo-server', at: '2027-01-15T08:00:00.000Z', evidence: 'otlp trace a0000000000000000000000000000000 span a000000000000000 (server)' },
    ]);
    expect(result.unmatched).toEqual([]);
  });
});

describeRealdata('readOtlpTraces on real agent frameworks converted to OTLP (realdata)', () => {
  // any-agent (OpenTelemetry Python SDK span dumps): invoke_agent [any_agent] → call_llm / execute_tool spans
  const anyAgent = createNameResolver([node('any-agent', 'Agent'), node('write-file', 'System')]);

  it('any-agent OPENAI: the agent calls the write_file tool, a registered System (execute_tool + gen_ai.tool.name)', () => {
    const result = readOtlpTraces(anyAgentToOtlp(readReal('otel/any-agent-traces/OPENAI_trace.json')), anyAgent);
    expect(result.spans).toBe(6);
    expect(result.hops).toEqual([{ from: 'any-agent', to: 'write-file' }]);
    expect(result.reached.map((r) => [r.name, r.from, r.at])).toEqual([
      ['any-agent', undefined, '2025-09-16T12:43:13.209Z'],
      ['write-file', 'any-agent', '2025-09-16T12:43:13.769Z'],
    ]);
    // the unregistered tool, and the SDK default service name on every span that names nothing else
    expect(result.unmatched).toEqual(['get_current_time', 'unknown_service']);
  });

  it('any-agent LANGCHAIN: the same shape over 7 spans', () => {
    const result = readOtlpTraces(anyAgentToOtlp(readReal('otel/any-agent-traces/LANGCHAIN_trace.json')), anyAgent);
    expect(result.spans).toBe(7);
    expect(result.hops).toEqual([{ from: 'any-agent', to: 'write-file' }]);
  });

  it('any-agent GOOGLE: the tool spans\' parents were not exported, so the tool is reached without a hop', () => {
    const result = readOtlpTraces(anyAgentToOtlp(readReal('otel/any-agent-traces/GOOGLE_trace.json')), anyAgent);
    expect(result.spans).toBe(7);
    expect(result.hops).toEqual([]);
    expect(result.reached.map((r) => [r.name, r.from])).toEqual([
      ['any-agent', undefined],
      ['write-file', undefined],
    ]);
    expect(result.unmatched).toEqual(['final_output', 'get_current_time', 'unknown_service']);
  });

  it('Pydantic AI (Langfuse export): two agents, the hop to a tool skips the unnamed "running 3 tools" span', () => {
    const resolve = createNameResolver([node('joke-agent', 'Agent'), node('evaluator-agent', 'Agent'), node('get-pun-suggestion', 'System')]);
    const result = readOtlpTraces(langfuseToOtlp(readReal('otel/langfuse-framework-traces/pydantic-ai-tools-2025-12-04.json')), resolve);
    expect(result.spans).toBe(12);
    // joke_agent run → running 3 tools (names nothing) → running tool: get_pun_suggestion
    expect(result.hops).toEqual([{ from: 'joke-agent', to: 'get-pun-suggestion' }]);
    expect(result.reached).toEqual([
      {
        name: 'evaluator-agent',
        at: '2025-12-04T14:51:27.420Z',
        evidence: 'otlp trace 7a38edd8123db47ad8dcb8aa4c5e3926 span 227eb5c856efa3d3 (evaluator_agent run)',
      },
      {
        name: 'get-pun-suggestion',
        from: 'joke-agent',
        at: '2025-12-04T14:51:24.416Z',
        evidence: 'otlp trace 7a38edd8123db47ad8dcb8aa4c5e3926 span 99ec63d0b5ecdbf5 (running tool: get_pun_suggestion)',
      },
      // two joke_agent runs: the earlier one is the evidence
      { name: 'joke-agent', at: '2025-12-04T14:51:22.050Z', evidence: 'otlp trace 7a38edd8123db47ad8dcb8aa4c5e3926 span 5b5c52d029f28206 (joke_agent run)' },
    ]);
    // Pydantic's tool spans carry gen_ai.tool.name without gen_ai.operation.name: still tool spans
    expect(result.unmatched).toEqual(['get_dad_joke_suggestion', 'get_one_liner_suggestion', 'unknown_service']);
  });

  it('Microsoft Agent Framework (Langfuse export): the agent is named by a UUID, matched through an alias', () => {
    const resolve = createNameResolver([
      node('weather-agent', 'Agent', [], { aliases: ['99981f6a-abd1-4d09-9fba-00e2ab172193'] }),
      node('weather-api', 'System', [], { aliases: ['get_weather'] }),
    ]);
    const result = readOtlpTraces(langfuseToOtlp(readReal('otel/langfuse-framework-traces/microsoft-agent-2025-10-14.json')), resolve);
    expect(result.spans).toBe(4);
    expect(result.hops).toEqual([{ from: 'weather-agent', to: 'weather-api' }]);
    expect(result.unmatched).toEqual(['agent_framework']);
  });
});

describe('readOtlpTraces: which node a span names', () => {
  const resolve = createNameResolver([
    node('policy-agent', 'Agent'),
    node('answer-composer', 'Agent'),
    node('agent-host', 'System'),
    node('crm', 'System'),
    node('chat-widget', 'Surface'),
  ]);

  it('takes gen_ai.agent.name before gen_ai.agent.id before service.name, and lists the unmatched ones tried first', () => {
    const result = readOtlpTraces(
      body('agent-host', [
        span('0000000000000001', '', { 'gen_ai.agent.name': 'PolicyAgent', 'gen_ai.agent.id': 'answer-composer' }),
        span('0000000000000002', '0000000000000001', { 'gen_ai.agent.name': 'Ghost Agent', 'gen_ai.agent.id': 'answer_composer' }),
        span('0000000000000003', '0000000000000002', { 'gen_ai.agent.name': 'nobody' }),
      ]),
      resolve,
    );
    expect(result.reached.map((r) => [r.name, r.from])).toEqual([
      ['agent-host', 'answer-composer'],
      ['answer-composer', 'policy-agent'],
      ['policy-agent', undefined],
    ]);
    expect(result.unmatched).toEqual(['Ghost Agent', 'nobody']);
  });

  it('walks up through spans that name nothing, and stops at the nearest named ancestor (A → X → B gives A→X and X→B)', () => {
    const result = readOtlpTraces(
      body(undefined, [
        span('0000000000000001', '', { 'gen_ai.agent.name': 'policy-agent' }),
        span('0000000000000002', '0000000000000001', { 'gen_ai.operation.name': 'chat' }),
        span('0000000000000003', '0000000000000002', {}),
        span('0000000000000004', '0000000000000003', { 'gen_ai.agent.name': 'answer-composer' }),
        span('0000000000000005', '0000000000000004', { 'gen_ai.operation.name': 'chat' }),
        span('0000000000000006', '0000000000000005', { 'gen_ai.agent.name': 'chat-widget' }),
        span('0000000000000007', '0000000000000004', { 'gen_ai.agent.name': 'answer-composer' }),
      ]),
      resolve,
    );
    expect(result.hops).toEqual([
      { from: 'answer-composer', to: 'chat-widget' },
      { from: 'policy-agent', to: 'answer-composer' },
    ]);
    expect(result.spans).toBe(7);
  });

  it('counts an execute_tool span whose gen_ai.tool.name is registered as that node; else as its agent', () => {
    const result = readOtlpTraces(
      body(undefined, [
        span('0000000000000001', '', { 'gen_ai.agent.name': 'policy-agent', 'gen_ai.operation.name': 'invoke_agent' }),
        span('0000000000000002', '0000000000000001', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'CRM', 'gen_ai.agent.name': 'policy-agent' }),
        span('0000000000000003', '0000000000000001', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_faq', 'gen_ai.agent.name': 'policy-agent' }),
        // a chat span that mentions a tool is not a tool span
        span('0000000000000004', '0000000000000001', { 'gen_ai.operation.name': 'chat', 'gen_ai.tool.name': 'crm' }),
      ]),
      resolve,
    );
    expect(result.hops).toEqual([{ from: 'policy-agent', to: 'crm' }]);
    expect(result.reached.map((r) => r.name)).toEqual(['crm', 'policy-agent']);
    expect(result.unmatched).toEqual(['lookup_faq']);
  });

  it('finds parents across resources and in instrumentationLibrarySpans, by (traceId, parentSpanId)', () => {
    const a = body('policy-agent', [span('00000000000000aa', '', {})]);
    const b = body('crm', [span('00000000000000bb', '00000000000000AA', {})], 'instrumentationLibrarySpans');
    const other = body('chat-widget', [{ ...span('00000000000000cc', '00000000000000aa', {}), traceId: 'b'.repeat(32) }]);
    const result = readOtlpTraces({ resourceSpans: [...b.resourceSpans, ...a.resourceSpans, ...other.resourceSpans] }, resolve);
    // the chat-widget span is in another trace: its parent id does not point at policy-agent's span
    expect(result.hops).toEqual([{ from: 'policy-agent', to: 'crm' }]);
    expect(result.spans).toBe(3);
  });

  it('reads span links as hops (a consumer span linked to the producer span in another trace)', () => {
    const producer = span('00000000000000aa', '', { 'gen_ai.agent.name': 'policy-agent' });
    const consumer = {
      ...span('00000000000000bb', '', { 'gen_ai.agent.name': 'answer-composer' }),
      traceId: 'c'.repeat(32),
      links: [{ traceId: T, spanId: '00000000000000aa' }],
    };
    const result = readOtlpTraces(body(undefined, [producer, consumer]), resolve);
    expect(result.hops).toEqual([{ from: 'policy-agent', to: 'answer-composer' }]);
    expect(result.reached.find((r) => r.name === 'answer-composer')?.evidence).toBe(
      `otlp trace ${'c'.repeat(32)} span 00000000000000bb (span bb) linked from span 00000000000000aa of trace ${T}`,
    );
  });

  it('accepts base64 ids (protobuf JSON mapping) and treats an all-zero parent as none', () => {
    const traceB64 = Buffer.from(T, 'hex').toString('base64');
    const parentB64 = Buffer.from('00000000000000aa', 'hex').toString('base64');
    const result = readOtlpTraces(
      body(undefined, [
        span('00000000000000aa', '0000000000000000', { 'gen_ai.agent.name': 'policy-agent' }),
        { ...span('00000000000000bb', '', { 'gen_ai.agent.name': 'crm' }), traceId: traceB64, parentSpanId: parentB64 },
      ]),
      resolve,
    );
    expect(result.hops).toEqual([{ from: 'policy-agent', to: 'crm' }]);
  });

  it('survives a parent cycle in the data', () => {
    const result = readOtlpTraces(
      body(undefined, [
        span('0000000000000001', '0000000000000002', {}),
        span('0000000000000002', '0000000000000001', {}),
        span('0000000000000003', '0000000000000001', { 'gen_ai.agent.name': 'crm' }),
      ]),
      resolve,
    );
    expect(result.hops).toEqual([]);
    expect(result.reached.map((r) => r.name)).toEqual(['crm']);
  });
});

describe('readOtlpTraces: malformed input is an invalid DomainError (a 400) with every problem named', () => {
  const resolve = createNameResolver([node('crm', 'System')]);

  it('a body that is not an object', () => {
    const err = caught(() => readOtlpTraces('resourceSpans', resolve));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).not.toBeInstanceOf(ApiError);
    expect(err.kind).toBe('invalid');
    expect(statusOf(err)).toBe(400);
    expect(err.details).toEqual([{ path: 'body', message: expect.stringContaining('resourceSpans') }]);
  });

  it('resourceSpans that is not an array', () => {
    const err = caught(() => readOtlpTraces({ resourceSpans: { spans: [] } }, resolve));
    expect(err.details.map((d) => d.path)).toEqual(['resourceSpans']);
  });

  it('bad ids, a bad timestamp and bad attributes, each at its path', () => {
    const err = caught(() =>
      readOtlpTraces(
        body('crm', [
          { traceId: 'not-hex', name: 'x' },
          { ...span('0000000000000001', 'xyz', {}), startTimeUnixNano: 'yesterday', attributes: { 'service.name': 'crm' } },
          span('0000000000000000', '', {}),
          'span',
        ]),
        resolve,
      ),
    );
    expect(err.details.map((d) => d.path)).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[0].traceId',
      'resourceSpans[0].scopeSpans[0].spans[0].spanId',
      'resourceSpans[0].scopeSpans[0].spans[1].parentSpanId',
      'resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano',
      'resourceSpans[0].scopeSpans[0].spans[1].attributes',
      'resourceSpans[0].scopeSpans[0].spans[2].spanId',
      'resourceSpans[0].scopeSpans[0].spans[3]',
    ]);
    expect(err.code).toBe('invalid');
  });

  it('an empty resourceSpans is valid: nothing reached', () => {
    expect(readOtlpTraces({ resourceSpans: [] }, resolve)).toEqual({ reached: [], hops: [], unmatched: [], spans: 0 });
  });
});
