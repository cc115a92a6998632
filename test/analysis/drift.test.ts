import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../server/analysis/drift.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { createNameResolver } from '../../server/analysis/name-resolver.js';
import { readOtlpTraces } from '../../server/analysis/otlp.js';
import { readFixture, readFixtureJson } from './fixtures.js';
import { node } from './node-doc.js';
import { jokePipeline, realJokeTrace } from './pipeline.js';
import { describeRealdata, readReal, readRealYaml } from './realdata.js';
import { anyAgentToOtlp } from './trace-formats.js';

const anyAgentDocs = () => [node('any-agent', 'Agent'), node('write-file', 'System', ['any-agent']), node('get-current-time', 'System')];

describe('detectDrift on the project fixtures', () => {
  it('on the support desk trace: the unregistered hops are missing, the registered edges nobody traced unseen', () => {
    const docs = [
      node('support-gateway', 'System'),
      node('triage-agent', 'Agent', ['support-gateway']),
      node('order-lookup', 'System', ['triage-agent']),
      node('refund-agent', 'Agent'), // triage hands over to it, but that edge is not registered
      node('billing-ledger', 'System', ['refund-agent']),
      node('chat-widget', 'Surface', ['triage-agent', 'billing-ledger']),
    ];
    const { hops } = readOtlpTraces(readFixtureJson('otlp/support-desk.otlp.json'), createNameResolver(docs));
    expect(detectDrift(hops, buildGraph(docs))).toEqual({
      missingEdges: [{ from: 'triage-agent', to: 'refund-agent', count: 1 }],
      // billing-ledger ran (after the refund agent), but nothing it sent reached the widget
      unseenEdges: [{ from: 'billing-ledger', to: 'chat-widget' }],
    });
  });

  it('on the joke generator trace: one missing edge, nothing unseen among traced nodes', () => {
    const { graph, read } = jokePipeline();
    expect(detectDrift(read.hops, graph)).toEqual({
      missingEdges: [{ from: 'joke-agent', to: 'get-pun-suggestion', count: 1 }],
      // joke-agent → evaluator-agent is registered and both nodes ran, but evaluator-agent is in no hop
      unseenEdges: [],
    });
  });

  it('on an any-agent run: the registered edge is seen, the unregistered tool call and endpoint count as missing', () => {
    const docs = anyAgentDocs();
    const { hops } = readOtlpTraces(anyAgentToOtlp(readFixture('otlp/any-agent-run.json')), createNameResolver(docs));
    expect(hops).toHaveLength(2);
    expect(detectDrift([...hops, { from: 'any-agent', to: 'any-agent' }, { from: 'any-agent', to: 'shadow-db' }], buildGraph(docs))).toEqual({
      missingEdges: [
        { from: 'any-agent', to: 'get-current-time', count: 1 },
        { from: 'any-agent', to: 'shadow-db', count: 1 },
      ],
      unseenEdges: [],
    });
  });
});

describeRealdata('detectDrift on the public traces (realdata)', () => {
  it('on the collector service-graph traces: the observed hop is missing (seen twice), the registered reverse edge unseen', () => {
    const docs = [
      node('foo-server', 'System', ['bar-requester']),
      node('bar-requester', 'System'),
      node('orders-db', 'System', ['foo-server']), // foo-server → orders-db: orders-db never traced, so not listed
    ];
    const resolve = createNameResolver(docs);
    const hops = ['extra-dimensions-queue-db-trace.yaml', 'messaging-system-trace.yaml'].flatMap(
      (f) => readOtlpTraces(readRealYaml('otel/collector-servicegraph-testdata', f), resolve).hops,
    );
    expect(detectDrift(hops, buildGraph(docs))).toEqual({
      missingEdges: [{ from: 'foo-server', to: 'bar-requester', count: 2 }],
      unseenEdges: [{ from: 'bar-requester', to: 'foo-server' }],
    });
  });

  it('on the Pydantic AI trace: one missing edge, nothing unseen among traced nodes', () => {
    const { graph, read } = jokePipeline(realJokeTrace());
    expect(detectDrift(read.hops, graph)).toEqual({
      missingEdges: [{ from: 'joke-agent', to: 'get-pun-suggestion', count: 1 }],
      unseenEdges: [],
    });
  });

  it('over three any-agent runs: the registered edge is seen, the unregistered endpoint counts as missing', () => {
    const docs = anyAgentDocs();
    const resolve = createNameResolver(docs);
    const hops = ['OPENAI', 'LANGCHAIN', 'GOOGLE'].flatMap(
      (f) => readOtlpTraces(anyAgentToOtlp(readReal(`otel/any-agent-traces/${f}_trace.json`)), resolve).hops,
    );
    // OPENAI and LANGCHAIN show both tools under the agent; GOOGLE lost the tools' parents
    expect(hops).toHaveLength(4);
    expect(detectDrift([...hops, { from: 'any-agent', to: 'any-agent' }, { from: 'any-agent', to: 'shadow-db' }], buildGraph(docs))).toEqual({
      missingEdges: [
        { from: 'any-agent', to: 'get-current-time', count: 2 },
        { from: 'any-agent', to: 'shadow-db', count: 1 },
      ],
      unseenEdges: [],
    });
  });
});
