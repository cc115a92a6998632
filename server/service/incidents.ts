// The incident workflow: open, decide, change status, plan containment. Each function does one
// user action against the store and announces what changed to live subscribers.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  ContainmentPlan,
  Decision,
  DecisionRequest,
  Incident,
  IncidentRecord,
  IncidentStatus,
  IncidentSummary,
  OpenIncidentRequest,
} from '../../graph-schema/index.js';
import { containmentPlan } from '../analysis/containment.js';
import { incidentView, stoppedNames } from '../analysis/exposure.js';
import { ApiError, invalid, notFound } from '../errors.js';
import { currentDecisions, type GraphStore } from '../store/types.js';

/** How far ahead of this clock a detection time may be, for clocks that disagree a little. */
const CLOCK_SKEW_MS = 5 * 60_000;

export type IncidentEvent =
  | { type: 'decision'; incident: string; decision: Decision }
  | { type: 'status'; incident: string; status: IncidentStatus; by: string; at: string }
  | { type: 'observations'; incident: string; count: number };

/** In-process fan-out to server-sent-event subscribers (one server process sees its own writes). */
export class IncidentEvents extends EventEmitter {
  publish(event: IncidentEvent): void {
    this.emit(event.incident, event);
  }
}

export class IncidentService {
  readonly events = new IncidentEvents();

  constructor(private store: GraphStore) {
    this.events.setMaxListeners(0);
  }

  async open(request: OpenIncidentRequest, by: string): Promise<Incident> {
    // A detection time ahead of this clock (beyond a little skew) is a typo, and would make every
    // estimated arrival look like the future.
    if (request.detectedAt && Date.parse(request.detectedAt) > Date.now() + CLOCK_SKEW_MS) {
      throw invalid('detectedAt is in the future', [{ path: 'body.detectedAt', message: 'must not be later than now' }]);
    }
    const revision = await this.store.currentRevision();
    const blastRadius = await this.store.blastRadius(request.source, { revision });
    const now = new Date().toISOString();
    const record: IncidentRecord = {
      id: `inc-${now.slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
      title: request.title,
      source: request.source,
      failureMode: request.failureMode,
      detectedAt: request.detectedAt ? new Date(request.detectedAt).toISOString() : now,
      openedAt: now,
      openedBy: by,
      status: 'open',
      revision,
      blastRadius,
    };
    if (request.outputRef !== undefined) record.outputRef = request.outputRef;
    await this.store.createIncident(record);
    return incidentView(record, [], []);
  }

  async record(id: string): Promise<IncidentRecord> {
    const record = await this.store.incident(id);
    if (!record) throw notFound('incident', id);
    return record;
  }

  async get(id: string): Promise<Incident> {
    const record = await this.record(id);
    const [history, statusHistory] = await Promise.all([this.store.history(id), this.store.statusHistory(id)]);
    return incidentView(record, history, statusHistory);
  }

  async list(): Promise<IncidentSummary[]> {
    const records = await this.store.incidents();
    const views = await Promise.all(records.map((r) => this.get(r.id)));
    return views
      .map(({ blastRadius: _radius, consumers: _consumers, remainingExposure: _exposure, statusHistory: _status, ...summary }) => summary)
      .sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0));
  }

  async decide(id: string, name: string, request: DecisionRequest, by: string): Promise<Decision> {
    const record = await this.record(id);
    if (!record.blastRadius.consumers.some((c) => c.name === name)) {
      throw new ApiError(404, 'consumer_not_found', `'${name}' is not a consumer in incident ${id}`, [
        { path: 'name', message: `'${name}' is not in this incident's blast radius` },
      ]);
    }
    const decision = await this.store.decide(id, name, { ...request, by, at: new Date().toISOString() });
    this.events.publish({ type: 'decision', incident: id, decision });
    return decision;
  }

  async setStatus(id: string, status: IncidentStatus, by: string, note?: string): Promise<Incident> {
    const record = await this.record(id);
    if (record.status !== status) {
      const at = new Date().toISOString();
      await this.store.setStatus(id, { status, previous: record.status, by, at, ...(note ? { note } : {}) });
      this.events.publish({ type: 'status', incident: id, status, by, at });
    }
    return this.get(id);
  }

  async containment(id: string): Promise<ContainmentPlan> {
    const record = await this.record(id);
    const decisions = currentDecisions(await this.store.history(id));
    return containmentPlan(id, record.blastRadius, stoppedNames(decisions));
  }

  /** Applies the current plan as stop decisions, each guarded by the version it was planned on. */
  async applyContainment(id: string, by: string, note?: string): Promise<{ plan: ContainmentPlan; applied: Decision[] }> {
    const plan = await this.containment(id);
    const decisions = currentDecisions(await this.store.history(id));
    const applied: Decision[] = [];
    for (const step of plan.stops) {
      applied.push(
        await this.decide(id, step.name, { action: 'stop', note: note ?? `containment plan: ${step.reason}`, expectedVersion: decisions.get(step.name)?.version ?? 0 }, by),
      );
    }
    return { plan, applied };
  }
}
