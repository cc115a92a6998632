// After the incident: what really received the bad output, and how well the graph predicted it.
import type { Accuracy, DriftResult, NodeDocument, Observation, ObservationsResult, Scorecard } from '../../graph-schema/index.js';
import { edgeKey, ObservationsRequest } from '../../graph-schema/index.js';
import { computeAccuracy } from '../analysis/accuracy.js';
import { isoOrNull } from '../analysis/incident-time.js';
import { edgesOf } from '../analysis/radius-graph.js';
import { detectDrift } from '../analysis/drift.js';
import { buildGraph } from '../analysis/graph.js';
import { createNameResolver } from '../analysis/name-resolver.js';
import { isOtlpBody, readOtlpTraces } from '../analysis/otlp.js';
import { proposeRegistryPatch, type RegistryPatch } from '../analysis/registry-patch.js';
import { scorecard } from '../analysis/scorecard.js';
import { validate } from '../validate.js';
import type { GraphStore } from '../store/types.js';
import type { IncidentService } from './incidents.js';

export class ObservationService {
  constructor(
    private store: GraphStore,
    private incidents: IncidentService,
  ) {}

  private async currentDocs(): Promise<NodeDocument[]> {
    return this.store.nodes(await this.store.currentRevision());
  }

  /** Records a reached list or OTLP JSON; names are matched against registered names and aliases. */
  async add(id: string, body: unknown): Promise<ObservationsResult> {
    await this.incidents.record(id);
    const resolve = createNameResolver(await this.currentDocs());
    const recordedAt = new Date().toISOString();
    const result: ObservationsResult = { incident: id, recorded: 0, reached: [], hops: [], unmatched: [] };
    const observations: Observation[] = [];
    if (isOtlpBody(body)) {
      const traces = readOtlpTraces(body, resolve);
      Object.assign(result, { reached: traces.reached, hops: traces.hops, unmatched: traces.unmatched, spans: traces.spans });
      for (const r of traces.reached) observations.push({ ...r, via: 'otlp', recordedAt });
      for (const name of traces.unmatched) observations.push({ name, via: 'otlp', recordedAt, matched: false });
    } else {
      const request = validate(ObservationsRequest, body, 'body');
      const unmatched = new Set<string>();
      for (const entry of request.reached) {
        const name = resolve(entry.name);
        const from = entry.from === undefined ? undefined : resolve(entry.from);
        if (entry.from !== undefined && from === undefined) unmatched.add(entry.from);
        if (name === undefined) {
          unmatched.add(entry.name);
          observations.push({ name: entry.name, via: 'reached', recordedAt, matched: false, ...(entry.at ? { at: entry.at } : {}), ...(entry.evidence ? { evidence: entry.evidence } : {}) });
          continue;
        }
        const reached = { name, ...(from ? { from } : {}), ...(entry.at ? { at: new Date(entry.at).toISOString() } : {}), ...(entry.evidence ? { evidence: entry.evidence } : {}) };
        result.reached.push(reached);
        if (from) result.hops.push({ from, to: name });
        observations.push({ ...reached, via: 'reached', recordedAt });
      }
      result.unmatched = [...unmatched].sort();
    }
    if (observations.length > 0) {
      await this.store.addObservations(id, observations);
      void this.incidents.live.poke(id);
    }
    result.recorded = observations.length;
    return result;
  }

  async accuracy(id: string): Promise<Accuracy> {
    const snap = await this.incidents.states.snapshot(id);
    const { record, radius, facts } = snap;
    const observations = snap.state.log.observations;
    const arrival = new Map<string, string | null>();
    for (let i = 1; i < radius.graph.n; i++) arrival.set(radius.graph.names[i], isoOrNull(facts.timeline.arrival[i]));
    // hops are judged against the registry the prediction was made from
    const registered = new Set<string>();
    for (const doc of await this.store.nodes(record.revision)) for (const c of doc.spec.consumes) registered.add(edgeKey(c.from, doc.metadata.name));
    return computeAccuracy({
      incidentId: id,
      radius: { ...radius.radius, edges: edgesOf(radius.graph) },
      source: record.source,
      arrival,
      stops: new Map([...snap.state.log.decisions].filter(([, d]) => d.action === 'stop')),
      observations: observations.filter((o) => o.matched !== false),
      registeredEdges: (from, to) => registered.has(edgeKey(from, to)),
      unmatched: [...new Set(observations.filter((o) => o.matched === false).map((o) => o.name))],
    });
  }

  async registryPatch(id: string): Promise<RegistryPatch> {
    const accuracy = await this.accuracy(id);
    const docs = new Map((await this.currentDocs()).map((d) => [d.metadata.name, d]));
    return proposeRegistryPatch(accuracy, docs);
  }

  async scorecard(): Promise<Scorecard> {
    const records = await this.store.incidents();
    const items = await Promise.all(
      records.map(async (r) => ({
        incidentId: r.id,
        title: r.title,
        openedAt: r.openedAt,
        accuracy: (await this.incidents.states.current(r.id)).log.observations.length > 0 ? await this.accuracy(r.id) : null,
      })),
    );
    return scorecard(items);
  }

  /** Drift without an incident: traces against the current registry. */
  async drift(body: unknown): Promise<DriftResult> {
    const docs = await this.currentDocs();
    const traces = readOtlpTraces(body, createNameResolver(docs));
    return { ...detectDrift(traces.hops, buildGraph(docs)), unmatched: traces.unmatched, spans: traces.spans };
  }
}
