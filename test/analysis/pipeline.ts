// The journey-3 pipeline, shared by the accuracy, patch and drift tests: a registered graph
// around a Pydantic AI joke generator, an incident on joke-agent, the observations read from its
// Langfuse export converted to OTLP, and their accuracy. The project's fixture by default; the
// real export (../shared/realdata) has the same shape and gives the same answers.
import type { Observation } from '../../graph-schema/index.js';
import { computeAccuracy } from '../../server/analysis/accuracy.js';
import { blastRadius } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { createNameResolver } from '../../server/analysis/name-resolver.js';
import { readOtlpTraces } from '../../server/analysis/otlp.js';
import { readFixture } from './fixtures.js';
import { node } from './node-doc.js';
import { readReal } from './realdata.js';
import { langfuseToOtlp } from './trace-formats.js';

export const fixtureJokeTrace = () => readFixture('otlp/joke-generator.langfuse.json');
export const realJokeTrace = () => readReal('otel/langfuse-framework-traces/pydantic-ai-tools-2025-12-04.json');

export function jokePipeline(langfuseExport: string = fixtureJokeTrace()) {
  const docs = [
    node('joke-agent', 'Agent'),
    node('evaluator-agent', 'Agent', ['joke-agent']),
    node('get-dad-joke-suggestion', 'System', ['joke-agent']),
    node('get-pun-suggestion', 'System'), // registered, but nobody says joke-agent feeds it
    node('joke-board', 'Surface', [{ from: 'evaluator-agent', gate: 'human-review' }]),
  ];
  const graph = buildGraph(docs);
  const radius = blastRadius(graph, 'joke-agent', { revision: 3 });
  const read = readOtlpTraces(
    langfuseToOtlp(langfuseExport),
    createNameResolver(docs),
  );
  const observations: Observation[] = read.reached.map((r) => ({ ...r, via: 'otlp', recordedAt: '2025-12-05T09:00:00.000Z' }));
  // the incident inc-joke, scored as the accuracy check would score it
  const accuracy = computeAccuracy({
    incidentId: 'inc-joke',
    radius,
    source: 'joke-agent',
    observations,
    registeredEdges: (from, to) => graph.hasDirectedEdge(from, to),
    unmatched: read.unmatched,
  });
  return { docs, graph, radius, read, observations, accuracy };
}
