// Incidents on Neo4j: the incident, its decisions and its other log entries as graph data.
import type { Decision, HistoryEntry, IncidentRecord, Observation, StatusChange } from '../../../graph-schema/index.js';
import { ApiError, conflict, notFound } from '../../errors.js';
import { currentDecisions, type DecisionInput } from '../types.js';
import { stripUndefined, withoutNulls, type Neo4jSession, type Row } from './session.js';

export class Neo4jIncidents {
  constructor(private db: Neo4jSession) {}


  async createIncident(record: IncidentRecord): Promise<void> {
    await this.db.write(async (tx) => {
      const existing = await tx.run('MATCH (i:Incident {id: $id}) RETURN i.id', { id: record.id });
      if (existing.records.length > 0) throw new ApiError(409, 'incident_exists', `Incident ${record.id} exists`);
      await tx.run('CREATE (:Incident {id: $id, openedAt: $openedAt, status: $status, record: $record, seq: 0, statusSeq: 0})', {
        id: record.id,
        openedAt: record.openedAt,
        status: record.status,
        record: JSON.stringify(record),
      });
    });
  }

  async incident(id: string): Promise<IncidentRecord | undefined> {
    const res = await this.db.read((tx) => tx.run('MATCH (i:Incident {id: $id}) RETURN i.record AS record, i.status AS status', { id }));
    const r = res.records[0];
    return r ? { ...(JSON.parse(r.get('record') as string) as IncidentRecord), status: r.get('status') } : undefined;
  }

  async incidents(): Promise<IncidentRecord[]> {
    const res = await this.db.read((tx) => tx.run('MATCH (i:Incident) RETURN i.record AS record, i.status AS status ORDER BY i.openedAt'));
    return res.records.map((r) => ({ ...(JSON.parse(r.get('record') as string) as IncidentRecord), status: r.get('status') }));
  }

  async decide(id: string, name: string, input: DecisionInput): Promise<Decision> {
    return this.db.write(async (tx) => {
      // taking the incident's write lock first serialises concurrent decisions on it
      const locked = await tx.run('MATCH (i:Incident {id: $id}) SET i.seq = i.seq + 1 RETURN i.seq AS seq', { id });
      if (locked.records.length === 0) throw notFound('incident', id);
      const seq = locked.records[0].get('seq') as number;
      const last = await tx.run(
        'MATCH (d:DecisionEvent {incident: $id, name: $name}) RETURN d.version AS version, d.action AS action ORDER BY d.version DESC LIMIT 1',
        { id, name },
      );
      const version = (last.records[0]?.get('version') as number | undefined) ?? 0;
      if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
        throw conflict(`The decision on '${name}' is at version ${version}, not ${input.expectedVersion}: someone changed it first`, [
          { path: 'expectedVersion', message: `current version is ${version}` },
        ]);
      }
      const entry: HistoryEntry = {
        seq,
        name,
        action: input.action,
        previousAction: (last.records[0]?.get('action') as HistoryEntry['action'] | undefined) ?? null,
        version: version + 1,
        by: input.by,
        at: input.at,
      };
      if (input.note !== undefined) entry.note = input.note;
      await tx.run('CREATE (d:DecisionEvent) SET d = $entry, d.incident = $id', { id, entry: stripUndefined(entry) });
      return currentDecisions([entry]).get(name)!;
    });
  }

  async history(id: string): Promise<HistoryEntry[]> {
    await this.mustExist(id);
    const res = await this.db.read((tx) =>
      tx.run('MATCH (d:DecisionEvent {incident: $id}) RETURN d {.seq, .name, .action, .previousAction, .note, .version, .by, .at} AS d ORDER BY d.seq', { id }),
    );
    return res.records.map((r) => withoutNulls(r.get('d') as Row) as unknown as HistoryEntry).map((h) => ({ ...h, previousAction: h.previousAction ?? null }));
  }

  async setStatus(id: string, change: StatusChange): Promise<void> {
    await this.db.write(async (tx) => {
      const res = await tx.run('MATCH (i:Incident {id: $id}) SET i.status = $status, i.statusSeq = i.statusSeq + 1 RETURN i.statusSeq AS seq', {
        id,
        status: change.status,
      });
      if (res.records.length === 0) throw notFound('incident', id);
      await tx.run('CREATE (e:StatusEvent) SET e = $change, e.incident = $id, e.seq = $seq', { id, change: stripUndefined(change), seq: res.records[0].get('seq') });
    });
  }

  async statusHistory(id: string): Promise<StatusChange[]> {
    await this.mustExist(id);
    const res = await this.db.read((tx) =>
      tx.run('MATCH (e:StatusEvent {incident: $id}) RETURN e {.status, .previous, .by, .at, .note} AS e ORDER BY e.seq', { id }),
    );
    return res.records.map((r) => withoutNulls(r.get('e') as Row) as unknown as StatusChange);
  }

  async addObservations(id: string, list: Observation[]): Promise<void> {
    await this.db.write(async (tx) => {
      const res = await tx.run('MATCH (i:Incident {id: $id}) SET i.obsSeq = coalesce(i.obsSeq, 0) + 1 RETURN i.obsSeq AS seq', { id });
      if (res.records.length === 0) throw notFound('incident', id);
      await tx.run('CREATE (:Observation {incident: $id, seq: $seq, list: $list})', { id, seq: res.records[0].get('seq'), list: JSON.stringify(list) });
    });
  }

  async observations(id: string): Promise<Observation[]> {
    await this.mustExist(id);
    const res = await this.db.read((tx) => tx.run('MATCH (o:Observation {incident: $id}) RETURN o.list AS list ORDER BY o.seq', { id }));
    return res.records.flatMap((r) => JSON.parse(r.get('list') as string) as Observation[]);
  }

  private async mustExist(id: string): Promise<void> {
    const res = await this.db.read((tx) => tx.run('MATCH (i:Incident {id: $id}) RETURN i.id', { id }));
    if (res.records.length === 0) throw notFound('incident', id);
  }
}
