// The incident workflow (CONTRACT.md §3, §5, §6): open, read (whole, header, pages), decide (one or
// many, atomically), change status, plan and apply containment, record communications. Each
// method is one user action; live subscribers hear of every write through the LogFollower.
import { randomBytes } from 'node:crypto';
import type {
  Accuracy,
  ApplyContainmentResult,
  Clock,
  Notifications,
  BulkDecisionRequest,
  BulkDecisionResult,
  Communication,
  CommunicationRequest,
  ConsumersPage,
  ConsumersQuery,
  ContainmentPlan,
  DecisionRequest,
  DecisionResult,
  EdgesPage,
  HistoryEntry,
  Incident,
  IncidentHeader,
  IncidentRecord,
  IncidentStatus,
  IncidentSummary,
  LogEntry,
  OpenIncidentRequest,
} from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';
import { containmentPlan } from '../analysis/containment.js';
import { consumersPage, edgesPage, orderOf } from '../analysis/consumer-page.js';
import { CLOCK_SKEW_MS, decisionInputs, type DecisionAsk } from '../analysis/decision-rules.js';
import { decisionOf } from '../analysis/incident-log.js';
import { consumerAt, progressOf, reachedOf } from '../analysis/incident-view.js';
import { clocksFor, regimeTriggers } from '../playbook/clocks.js';
import { loadPlaybook, type Playbook } from '../playbook/load.js';
import { notificationsFor } from '../playbook/notifications.js';
import { checkCommunication, type RegimeCatalog } from '../playbook/regimes.js';
import { invalid } from '../errors.js';
import type { GraphStore } from '../store/types.js';
import { IncidentStates, type Snapshot } from './incident-state.js';
import { LogFollower } from './live.js';
import type { RadiusService } from './radius.js';


/** The history entries among written log entries, each with its link in the hash chain. */
const historyOf = (written: LogEntry[]): HistoryEntry[] =>
  written.flatMap((e) => (e.type === 'decision' ? [e.hash !== undefined ? { ...e.entry, hash: e.hash } : e.entry] : []));

export class IncidentService {
  readonly states: IncidentStates;
  readonly live: LogFollower;
  private playbook: Playbook | undefined;

  constructor(
    private store: GraphStore,
    readonly radii: RadiusService,
  ) {
    this.states = new IncidentStates(store, radii);
    this.live = new LogFollower(store);
  }

  /** The regimes and audience templates (§7); without them an incident has no clocks or drafts. */
  usePlaybook(playbook: Playbook): void {
    this.playbook = playbook;
  }

  /** The regimes in force, for the report's clocks; undefined without a playbook. */
  get regimes(): RegimeCatalog | undefined {
    return this.playbook?.regimes;
  }

  private accuracyOf: ((id: string) => Promise<Accuracy>) | undefined;

  /** Where the report's control review reads accuracy (the observation service built on this one). */
  useAccuracy(accuracyOf: (id: string) => Promise<Accuracy>): void {
    this.accuracyOf = accuracyOf;
  }

  /** The accuracy for the report: undefined when nothing was observed, or no observation service is wired. */
  async reportAccuracy(id: string): Promise<Accuracy | undefined> {
    if (!this.accuracyOf || (await this.states.current(id)).log.observations.length === 0) return undefined;
    return this.accuracyOf(id);
  }

  /** Every clock of every regime the source, or a consumer reached or exposed, names. */
  private clocksOf(snap: Snapshot): Clock[] {
    if (!this.playbook) return [];
    const { g } = snap.facts;
    const withRegimes = function* () {
      for (let id = 1; id < g.n; id++) {
        if (g.radius.consumers[id - 1].regimes) yield { name: g.names[id], reached: reachedOf(snap.facts, id), exposed: snap.facts.timeline.exposed[id] === 1 };
      }
    };
    const regimesOf = (name: string) => (name === snap.record.source ? snap.radius.sourceDoc?.spec.regimes : g.radius.consumers[g.ids.get(name)! - 1]?.regimes);
    return clocksFor({
      regimes: this.playbook.regimes.regimes,
      detectedAt: snap.record.detectedAt,
      triggers: regimeTriggers(snap.record.source, withRegimes(), regimesOf),
      communications: snap.state.log.communications,
      now: new Date(snap.facts.asOfMs),
    });
  }

  /** Per audience, the reached and exposed Surfaces and a draft naming the failure mode. */
  async notifications(id: string, asOf?: string): Promise<Notifications> {
    const snap = await this.states.snapshot(id, asOf === undefined ? undefined : Date.parse(asOf));
    const { g } = snap.facts;
    const surfaces = function* () {
      for (let i = 1; i < g.n; i++) if (g.radius.consumers[i - 1].kind === 'Surface') yield consumerAt(snap.facts, i);
    };
    const nodes = new Map(snap.radius.sourceDoc ? [[snap.record.source, snap.radius.sourceDoc]] : []);
    return notificationsFor(snap.record, surfaces(), nodes, {
      templates: this.playbook?.templates ?? loadPlaybook().templates,
      clocks: this.clocksOf(snap),
      regimes: this.playbook?.regimes.regimes ?? [],
      notLegalAdvice: this.playbook?.regimes.notLegalAdvice,
    });
  }

  /** Opens the incident and answers its header (the caller reads the consumers if it wants them). */
  async open(request: Omit<OpenIncidentRequest, 'by'>, by: string): Promise<IncidentHeader> {
    const now = Date.now();
    const detectedMs = request.detectedAt ? Date.parse(request.detectedAt) : now;
    const outputMs = request.outputAt ? Date.parse(request.outputAt) : detectedMs;
    const problems = [];
    // ahead of this clock (beyond a little skew) is a typo, and would make every arrival look like the future
    if (detectedMs > now + CLOCK_SKEW_MS) problems.push({ path: 'body.detectedAt', message: 'must not be more than 5 minutes after now' });
    if (outputMs > detectedMs) problems.push({ path: 'body.outputAt', message: 'must not be after detectedAt: the output was produced before anyone saw it' });
    if (problems.length > 0) throw invalid(`Cannot open the incident: ${problems.map((p) => p.message).join('; ')}`, problems);
    const revision = await this.store.currentRevision();
    const actionClasses = request.actionClasses ? [...new Set(request.actionClasses)].sort() : null;
    const radius = await this.radii.get({ revision, source: request.source, actionClasses });
    const at = new Date(now).toISOString();
    const record: IncidentRecord = {
      id: `inc-${at.slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`,
      title: request.title,
      source: request.source,
      sourceKind: radius.radius.sourceKind,
      failureMode: request.failureMode,
      outputAt: new Date(outputMs).toISOString(),
      detectedAt: new Date(detectedMs).toISOString(),
      openedAt: at,
      openedBy: by,
      status: 'open',
      revision,
      actionClasses,
      size: {
        consumers: radius.radius.consumers.length,
        surfaces: radius.radius.consumers.filter((c) => c.kind === 'Surface').length,
        edges: radius.graph.outTo.length,
      },
    };
    if (request.outputRef !== undefined) record.outputRef = request.outputRef;
    await this.store.createIncident(record);
    return this.header(record.id);
  }

  async record(id: string): Promise<IncidentRecord> {
    return (await this.states.current(id)).record;
  }

  async header(id: string, asOf?: string): Promise<IncidentHeader> {
    return this.headerOf(await this.states.snapshot(id, asOf === undefined ? undefined : Date.parse(asOf)));
  }

  private headerOf(snap: Snapshot): IncidentHeader {
    const summary = this.states.summaryOf(snap);
    return {
      ...snap.record,
      asOf: summary.asOf,
      sourceActionClasses: snap.radius.sourceDoc?.spec.actionClasses ?? [],
      summary,
      progress: progressOf(summary),
      statusHistory: snap.state.log.statusHistory,
      clocks: this.clocksOf(snap),
      lastSeq: snap.state.log.lastSeq,
    };
  }

  async get(id: string, asOf?: string): Promise<Incident> {
    const snap = await this.states.snapshot(id, asOf === undefined ? undefined : Date.parse(asOf));
    const consumers = [];
    for (let i = 1; i < snap.radius.graph.n; i++) consumers.push(consumerAt(snap.facts, i));
    return {
      ...this.headerOf(snap),
      consumers,
      remainingExposure: consumers.filter((c) => c.exposed).map((c) => ({ name: c.name, kind: c.kind, depth: c.depth })),
    };
  }

  async consumers(id: string, query: ConsumersQuery): Promise<ConsumersPage> {
    const snap = await this.states.snapshot(id, query.asOf === undefined ? undefined : Date.parse(query.asOf));
    let order = snap.state.orders.get(query.sort);
    if (!order) snap.state.orders.set(query.sort, (order = orderOf(snap.facts, query.sort)));
    return consumersPage(snap.facts, query, order);
  }

  async edges(id: string, limit: number, cursor?: string): Promise<EdgesPage> {
    return edgesPage((await this.states.snapshot(id)).facts, limit, cursor);
  }

  /** Every incident, newest first, from records and logs alone: no radius is read. */
  async list(): Promise<IncidentSummary[]> {
    const records = await this.store.incidents();
    const items = await Promise.all(
      records.map(async (r) => {
        const state = await this.states.current(r.id);
        const counts = { stop: 0, correct: 0, notify: 0 };
        for (const d of state.log.decisions.values()) if (d.name !== r.source) counts[d.action]++;
        const decided = counts.stop + counts.correct + counts.notify;
        return { ...state.record, progress: { total: r.size.consumers, ...counts, undecided: r.size.consumers - decided }, lastSeq: state.log.lastSeq };
      }),
    );
    return items.sort((a, b) => byName(b.openedAt, a.openedAt)); // newest first
  }

  async history(id: string): Promise<HistoryEntry[]> {
    return (await this.states.current(id)).log.history;
  }

  async decide(id: string, name: string, request: DecisionRequest, by: string): Promise<DecisionResult> {
    const { expectedVersion, ...rest } = request;
    const result = await this.decideMany(id, { ...rest, names: [name], ...(expectedVersion !== undefined ? { expectedVersions: { [name]: expectedVersion } } : {}) }, by);
    const entry = result.decisions[0];
    // the decision this write put in force (null after a clear), without reading the log again
    return { decision: decisionOf(entry), entry, summary: result.summary };
  }

  /** One atomic write: every decision or none (409 naming every conflict, 404 every stranger). */
  async decideMany(id: string, request: Omit<BulkDecisionRequest, 'by'>, by: string): Promise<BulkDecisionResult> {
    const snap = await this.states.snapshot(id);
    const ask: DecisionAsk = { ...request, by };
    const inputs = decisionInputs(snap.radius.graph, snap.state.log, ask, Date.now(), id);
    const written = await this.store.decide(id, inputs);
    // the answer is the incident as of this write: no second trip to the store for it
    const held = this.states.absorb(id, written);
    void this.live.poke(id);
    const after = await this.states.snapshot(id, undefined, held);
    return { decisions: historyOf(written), summary: this.states.summaryOf(after) };
  }

  async setStatus(id: string, status: IncidentStatus, by: string, note?: string): Promise<IncidentHeader> {
    const record = await this.record(id);
    if (record.status !== status) {
      await this.store.setStatus(id, { status, previous: record.status, by, at: new Date().toISOString(), ...(note ? { note } : {}) });
      void this.live.poke(id);
    }
    return this.header(id);
  }

  async containment(id: string, asOf?: string): Promise<ContainmentPlan> {
    const snap = await this.states.snapshot(id, asOf === undefined ? undefined : Date.parse(asOf));
    const doc = snap.radius.sourceDoc;
    const spec = (doc?.spec ?? {}) as { actionClasses?: string[]; containment?: ContainmentPlan['source']['primitives'] };
    return containmentPlan(snap.facts, { record: snap.record, declared: spec.actionClasses ?? [], containment: spec.containment ?? [] });
  }

  /** The plan's stops, and the source stop when asked, as ONE bulk decision guarded by the versions planned on. */
  async applyContainment(id: string, by: string, options: { note?: string; includeSource?: boolean }): Promise<ApplyContainmentResult> {
    const plan = await this.containment(id);
    const snap = await this.states.snapshot(id);
    const versions = (names: string[]) => Object.fromEntries(names.map((n) => [n, snap.state.log.versions.get(n) ?? 0]));
    const now = Date.now();
    const inputs = [];
    if (options.includeSource && !plan.source.done) {
      const names = [plan.source.name];
      inputs.push(
        ...decisionInputs(snap.radius.graph, snap.state.log, {
          names,
          action: 'stop',
          note: options.note ?? `containment plan: ${plan.source.reason}`,
          ...(plan.source.actionClasses ? { actionClasses: plan.source.actionClasses } : {}),
          expectedVersions: versions(names),
          by,
        }, now, id),
      );
    }
    const names = plan.stops.map((s) => s.name);
    if (names.length > 0) {
      inputs.push(
        ...decisionInputs(snap.radius.graph, snap.state.log, { names, action: 'stop', note: options.note ?? `containment plan: stop ${names.length} not yet reached`, expectedVersions: versions(names), by }, now, id),
      );
    }
    const written = inputs.length > 0 ? await this.store.decide(id, inputs) : [];
    this.states.absorb(id, written);
    if (written.length > 0) void this.live.poke(id);
    const after = await this.states.snapshot(id);
    return { plan, applied: historyOf(written), summary: this.states.summaryOf(after) };
  }

  async communications(id: string): Promise<Communication[]> {
    return (await this.states.current(id)).log.communications;
  }

  async addCommunication(id: string, request: CommunicationRequest, by: string): Promise<Communication> {
    await this.record(id);
    const now = new Date().toISOString();
    const { by: _by, ...fields } = request;
    if (this.playbook) {
      const problems = checkCommunication(fields, this.playbook.regimes);
      if (problems.length > 0) throw invalid(`The communication names ${problems.map((p) => p.message).join('; ')}`, problems);
    }
    if (fields.sentAt !== undefined && Date.parse(fields.sentAt) > Date.now() + CLOCK_SKEW_MS) {
      throw invalid('sentAt is in the future', [{ path: 'body.sentAt', message: 'must not be more than 5 minutes after now' }]);
    }
    const entry = await this.store.addCommunication(id, { ...fields, sentAt: fields.sentAt ? new Date(fields.sentAt).toISOString() : now, by, recordedAt: now });
    void this.live.poke(id);
    if (entry.type !== 'communication') throw new Error('store returned another entry type');
    return entry.communication;
  }
}
