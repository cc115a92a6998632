import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../server/analysis/drift.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { createNameResolver } from '../../server/analysis/name-resolver.js';
import { readOtlpTraces } from '../../server/analysis/otlp.js';
import { jokePipeline } from './pipeline.js';
import { anyAgentToOtlp, node, readReal, readRealYaml } from './realdata.js';

describe('detectDrift', () => {
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
    const { graph, read } = jokePipeline();
    expect(detectDrift(read.hops, graph)).toEqual({
      missingEdges: [{ from: 'joke-agent', to: 'get-pun-suggestion', count: 1 }],
      // joke-agent → evaluator-agent is registered and both nodes ran, but evaluator-agent is in no hop
      unseenEdges: [],
    });
  });

  it('over three any-agent runs: the registered edge is seen, the unregistered endpoint counts as missing', () => {
    const docs = [node('any-agent', 'Agent'), node('write-file', 'System', ['any-agent']), node('get-current-time', 'System')];
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
