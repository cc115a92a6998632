// Incidents on Neo4j as graph data: an (:Incident) with flat properties (never a copy of its
// radius, which its revision determines), one (:Decision) node per decision with a sequence
// number, and one (:IncidentEvent) per other log entry (status, observations, communication).
// Writes take the incident node's write lock first, so concurrent writers through any number of
// API instances are serialised, and a batch of decisions is one transaction: all or nothing.
import type { ManagedTransaction } from 'neo4j-driver';
import type { Communication, HistoryEntry, IncidentRecord, LogEntry, Observation, StatusChange } from '../../../graph-schema/index.js';
import { conflictError, planDecisions, type DecisionInput } from '../../analysis/incident-log.js';
import { conflict, notFound } from '../../errors.js';
import { GENESIS, chainHash, verifyChain, type ChainCheck } from '../hash-chain.js';
import { chunks, stripUndefined, withoutNulls, type Neo4jSession, type Row } from './session.js';

const RECORD_FIELDS = 'i {.id, .title, .source, .sourceKind, .failureMode, .outputRef, .outputAt, .detectedAt, .openedAt, .openedBy, .status, .revision, .actionClasses, .consumers, .surfaces, .edges}';
const DECISION_FIELDS = 'd {.seq, .batch, .name, .action, .previousAction, .note, .version, .by, .at, .effectiveAt, .actionClasses, .hash}';

function recordOf(row: Row): IncidentRecord {
  const r = withoutNulls(row);
  const { consumers, surfaces, edges, ...rest } = r as Row & { consumers: number; surfaces: number; edges: number };
  return { ...(rest as unknown as IncidentRecord), actionClasses: (r.actionClasses as string[] | undefined) ?? null, size: { consumers, surfaces, edges } };
}

function historyOf(row: Row): HistoryEntry {
  const h = withoutNulls(row) as unknown as HistoryEntry;
  return { ...h, previousAction: h.previousAction ?? null };
}

/** A decision node as a log entry: the hash belongs to the entry, not to the history line. */
function decisionEntry(h: HistoryEntry): LogEntry {
  const { hash, ...entry } = h;
  const e: LogEntry = { seq: h.seq, type: 'decision', entry };
  if (hash !== undefined) e.hash = hash;
  return e;
}

type EventRow = { seq: number; type: 'status' | 'observations' | 'communication'; payload: string; hash: string | null };

function eventEntry(row: EventRow): LogEntry {
  const payload = JSON.parse(row.payload) as unknown;
  const base = { seq: row.seq, ...(row.hash ? { hash: row.hash } : {}) };
  switch (row.type) {
    case 'status':
      return { ...base, type: 'status', change: payload as StatusChange };
    case 'observations':
      return { ...base, type: 'observations', list: payload as Observation[] };
    case 'communication':
      return { ...base, type: 'communication', communication: payload as Communication };
  }
}

/** The chained form of a decision entry: the hash covers the log entry, as in the embedded store. */
function chainDecisions(previous: string, entries: HistoryEntry[]): { entries: HistoryEntry[]; last: string } {
  let last = previous;
  const out = entries.map((h) => {
    const { hash: _h, ...plain } = h;
    last = chainHash(last, { seq: h.seq, type: 'decision', entry: plain });
    return { ...plain, hash: last };
  });
  return { entries: out, last };
}

export class Neo4jIncidents {
  constructor(private db: Neo4jSession) {}

  async createIncident(record: IncidentRecord): Promise<void> {
    await this.db.write(async (tx) => {
      const existing = await tx.run('MATCH (i:Incident {id: $id}) RETURN i.id', { id: record.id });
      if (existing.records.length > 0) throw conflict(`Incident ${record.id} exists`, [], 'incident_exists');
      const { size, ...fields } = record;
      await tx.run('CREATE (i:Incident) SET i = $fields, i.seq = 0, i.lastHash = $genesis', {
        fields: stripUndefined({ ...fields, ...size }),
        genesis: GENESIS,
      });
    });
  }

  async incident(id: string): Promise<IncidentRecord | undefined> {
    const res = await this.db.read((tx) => tx.run(`MATCH (i:Incident {id: $id}) RETURN ${RECORD_FIELDS} AS i`, { id }));
    const r = res.records[0];
    return r ? recordOf(r.get('i') as Row) : undefined;
  }

  async incidents(): Promise<IncidentRecord[]> {
    const res = await this.db.read((tx) => tx.run(`MATCH (i:Incident) RETURN ${RECORD_FIELDS} AS i ORDER BY i.openedAt`));
    return res.records.map((r) => recordOf(r.get('i') as Row));
  }

  async lastSeq(id: string): Promise<number> {
    const res = await this.db.read((tx) => tx.run('MATCH (i:Incident {id: $id}) RETURN i.seq AS seq', { id }));
    if (res.records.length === 0) throw notFound('incident', id);
    return res.records[0].get('seq') as number;
  }

  async log(id: string, afterSeq = 0): Promise<LogEntry[]> {
    return this.db.read(async (tx) => {
      const exists = await tx.run('MATCH (i:Incident {id: $id}) RETURN i.seq AS seq', { id });
      if (exists.records.length === 0) throw notFound('incident', id);
      return readLog(tx, id, afterSeq);
    });
  }

  async decide(id: string, inputs: DecisionInput[]): Promise<LogEntry[]> {
    return this.db.write(async (tx) => {
      // the lock first, then (in the same query, for the first chunk of names) the latest decisions:
      // a decision is two round trips to the database, not four
      const [first, ...rest] = [...chunks([...new Set(inputs.map((i) => i.name))])];
      const { seq, lastHash, latest: found } = await lockIncident(tx, id, first ?? []);
      const latest = new Map<string, HistoryEntry>();
      const keep = (rows: Row[]) => {
        for (const row of rows) {
          const h = historyOf(row);
          latest.set(h.name, h);
        }
      };
      keep(found);
      for (const names of rest) {
        const res = await tx.run(`UNWIND $names AS name ${LATEST_DECISION} RETURN ${DECISION_FIELDS} AS d`, { id, names });
        keep(res.records.map((r) => r.get('d') as Row));
      }
      const plan = planDecisions(inputs, latest, seq + 1);
      if (plan.conflicts.length > 0) throw conflictError(plan.conflicts);
      const chained = chainDecisions(lastHash, plan.entries);
      const parts = [...chunks(chained.entries)];
      for (const [i, part] of parts.entries()) {
        const last = i === parts.length - 1;
        await tx.run(
          `UNWIND $entries AS e CREATE (d:Decision) SET d = e, d.incident = $id
           ${last ? 'WITH count(*) AS written MATCH (i:Incident {id: $id}) SET i.seq = $seq, i.lastHash = $hash' : ''}`,
          { id, entries: part.map((e) => stripUndefined(e)), ...(last ? { seq: seq + chained.entries.length, hash: chained.last } : {}) },
        );
      }
      return chained.entries.map(decisionEntry);
    });
  }

  async setStatus(id: string, change: StatusChange): Promise<LogEntry> {
    return this.appendEvent(id, 'status', change, (seq) => ({ seq, type: 'status', change }), { status: change.status });
  }

  async addObservations(id: string, list: Observation[]): Promise<LogEntry> {
    return this.appendEvent(id, 'observations', list, (seq) => ({ seq, type: 'observations', list }));
  }

  async addCommunication(id: string, communication: Omit<Communication, 'seq'>): Promise<LogEntry> {
    return this.appendEvent(id, 'communication', null, (seq) => ({ seq, type: 'communication', communication: { ...communication, seq } }));
  }

  private async appendEvent(
    id: string,
    type: EventRow['type'],
    payload: unknown,
    entryAt: (seq: number) => LogEntry,
    set: Record<string, unknown> = {},
  ): Promise<LogEntry> {
    return this.db.write(async (tx) => {
      const { seq, lastHash } = await lockIncident(tx, id);
      const entry = entryAt(seq + 1);
      entry.hash = chainHash(lastHash, entry);
      const body = payload ?? (entry.type === 'communication' ? entry.communication : null);
      await tx.run(
        `CREATE (:IncidentEvent {incident: $id, seq: $seq, type: $type, payload: $payload, hash: $hash})
         WITH 1 AS one MATCH (i:Incident {id: $id}) SET i.seq = $seq, i.lastHash = $hash, i += $set`,
        { id, seq: entry.seq, type, payload: JSON.stringify(body), hash: entry.hash, set },
      );
      return entry;
    });
  }

  /** Every incident log's chain; the revision chain is checked by the registry. */
  async verify(): Promise<ChainCheck[]> {
    return this.db.read(async (tx) => {
      const ids = await tx.run('MATCH (i:Incident) RETURN i.id AS id ORDER BY id');
      const checks: ChainCheck[] = [];
      for (const r of ids.records) {
        const id = r.get('id') as string;
        checks.push(verifyChain(await readLog(tx, id, 0), (e) => `incident ${id} seq ${e.seq}`));
      }
      return checks;
    });
  }
}

/** Takes the incident's write lock (a SET) and reads where its log stands. */
/** The latest decision on `name` in incident $id, as `d` (no row when there is none). */
const LATEST_DECISION = 'CALL (name) { MATCH (d:Decision {incident: $id, name: name}) RETURN d ORDER BY d.version DESC LIMIT 1 }';

/** Takes the incident's write lock; with `names`, also reads their latest decisions under it. */
async function lockIncident(tx: ManagedTransaction, id: string, names: string[] = []): Promise<{ seq: number; lastHash: string; latest: Row[] }> {
  // not `SET i.seq = i.seq`: its right side is read before the lock is held and the stale value
  // written back, so concurrent writers (through any instance) would append the same seq
  const res = await tx.run(
    `MATCH (i:Incident {id: $id}) SET i.lockedAt = timestamp() WITH i
     CALL (i) { UNWIND $names AS name ${LATEST_DECISION} RETURN collect(${DECISION_FIELDS}) AS latest }
     RETURN i.seq AS seq, i.lastHash AS lastHash, latest`,
    { id, names },
  );
  if (res.records.length === 0) throw notFound('incident', id);
  const r = res.records[0];
  return { seq: r.get('seq') as number, lastHash: (r.get('lastHash') as string | null) ?? GENESIS, latest: r.get('latest') as Row[] };
}

async function readLog(tx: ManagedTransaction, id: string, afterSeq: number): Promise<LogEntry[]> {
  const decisions = await tx.run(`MATCH (d:Decision {incident: $id}) WHERE d.seq > $after RETURN ${DECISION_FIELDS} AS d ORDER BY d.seq`, { id, after: afterSeq });
  const events = await tx.run(
    'MATCH (e:IncidentEvent {incident: $id}) WHERE e.seq > $after RETURN e {.seq, .type, .payload, .hash} AS e ORDER BY e.seq',
    { id, after: afterSeq },
  );
  const entries = [
    ...decisions.records.map((r) => decisionEntry(historyOf(r.get('d') as Row))),
    ...events.records.map((r) => eventEntry(r.get('e') as EventRow)),
  ];
  return entries.sort((a, b) => a.seq - b.seq);
}
