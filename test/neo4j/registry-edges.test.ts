// The Neo4j registry's FEEDS relationships: an apply ends and creates only the edges that change,
// every revision still reads as it was, and the packed out lists always match the live edges.
import type { Driver } from 'neo4j-driver';
import { beforeEach, expect, it } from 'vitest';
import { edgesInto, type FeedsEdge, type NodeDocument } from '../../graph-schema/index.js';
import { blastRadius } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { Neo4jStore } from '../../server/store/neo4j.js';
import { OUT_SEP, unescapeClass } from '../../server/store/neo4j/out-edges.js';
import { doc, generateGraph, rng } from '../support/graphs.js';
import { clearNeo4j, describeNeo4j, neo4jConnection, suiteDriver } from '../support/neo4j.js';

const by = { by: 'registry-test' };

interface Rel {
  id: string;
  from: string;
  to: string;
  fromRev: number;
  toRev: number | null;
}

async function rels(driver: Driver, database: string): Promise<Rel[]> {
  const { records } = await driver.executeQuery(
    'MATCH (a:Node)-[r:FEEDS]->(b:Node) RETURN elementId(r) AS id, a.name AS from, b.name AS to, r.fromRev AS fromRev, r.toRev AS toRev ORDER BY from, to, fromRev',
    {},
    { database },
  );
  return records.map((r) => ({ id: r.get('id'), from: r.get('from'), to: r.get('to'), fromRev: Number(r.get('fromRev')), toRev: r.get('toRev') === null ? null : Number(r.get('toRev')) }));
}

/** Every FEEDS relationship valid at `rev`, as the edge it stands for. */
async function edgesAt(driver: Driver, database: string, rev: number): Promise<string[]> {
  const { records } = await driver.executeQuery(
    `MATCH (a:Node)-[r:FEEDS]->(b:Node) WHERE r.fromRev <= $rev AND (r.toRev IS NULL OR r.toRev > $rev)
     RETURN a.name AS from, b.name AS to, r.gate AS gate, r.channel AS channel, r.mode AS mode, r.delaySeconds AS delay, r.actionClasses AS classes`,
    { rev },
    { database },
  );
  return records
    .map((r) => key({ from: r.get('from'), to: r.get('to'), gate: r.get('gate'), channel: r.get('channel'), mode: r.get('mode'), delaySeconds: r.get('delay') ?? undefined, actionClasses: r.get('classes') ?? undefined }))
    .sort();
}

const key = (e: FeedsEdge) => `${e.from}->${e.to} ${e.gate} ${e.channel} ${e.mode} ${e.delaySeconds ?? '-'} ${e.actionClasses?.length ? e.actionClasses.join(',') : '-'}`;
const edgesOf = (docs: Iterable<NodeDocument>) => [...docs].flatMap((d) => edgesInto(d)).map(key).sort();

describeNeo4j('neo4j registry: edges change only where the documents do', () => {
  const conn = neo4jConnection()!;
  const driverOf = suiteDriver(conn);
  let store: Neo4jStore;
  beforeEach(async () => {
    await clearNeo4j(conn, driverOf());
    store = new Neo4jStore(conn);
    await store.init();
    return () => store.close();
  });

  const small = () => [
    doc('triage-agent', 'Agent'),
    doc('intake-agent', 'Agent'),
    doc('refund-agent', 'Agent', [{ from: 'triage-agent', channel: 'queue', delay: 'PT15M' }, { from: 'intake-agent' }]),
    doc('crm', 'System', [{ from: 'refund-agent', mode: 'sync' }, { from: 'triage-agent' }, { from: 'intake-agent', gate: 'automated-check' }]),
  ];

  it('an apply that leaves consumes unchanged keeps every FEEDS relationship, element ids included', async () => {
    await store.apply(small(), by);
    const before = await rels(driverOf(), conn.database);
    expect(before).toHaveLength(5);
    // new titles, a new owner: documents change, their consumes do not
    const retitled = small().map((d) => ({ ...d, metadata: { ...d.metadata, title: `now ${d.metadata.name}` } }));
    expect(await store.apply(retitled, by)).toMatchObject({ revision: 2, updated: 4 });
    expect(await rels(driverOf(), conn.database)).toEqual(before);
    expect((await store.blastRadius('triage-agent', { revision: 2 })).consumers.map((c) => c.title)).toEqual(['now crm', 'now refund-agent']);
  });

  it('changing one edge ends and recreates that edge alone; removing and adding touch only those', async () => {
    await store.apply(small(), by);
    const before = await rels(driverOf(), conn.database);
    const crm = small()[3];
    // crm: the edge from triage-agent gets a gate, the one from intake-agent goes, one from a new node comes
    const next = [doc('billing', 'System'), doc('crm', 'System', [{ from: 'refund-agent', mode: 'sync' }, { from: 'triage-agent', gate: 'human-review' }, { from: 'billing' }])];
    expect(crm.spec.consumes).toHaveLength(3);
    await store.apply(next, by);
    const after = await rels(driverOf(), conn.database);
    const id = (list: Rel[], from: string, to: string, live = true) => list.find((r) => r.from === from && r.to === to && (r.toRev === null) === live)?.id;
    // untouched: the refund-agent edges, and crm's edge from refund-agent
    for (const [from, to] of [['triage-agent', 'refund-agent'], ['intake-agent', 'refund-agent'], ['refund-agent', 'crm']]) {
      expect(id(after, from, to)).toBe(id(before, from, to));
    }
    expect(after.filter((r) => r.toRev === 2).map((r) => `${r.from}->${r.to}`).sort()).toEqual(['intake-agent->crm', 'triage-agent->crm']);
    expect(after.filter((r) => r.fromRev === 2).map((r) => `${r.from}->${r.to}`).sort()).toEqual(['billing->crm', 'triage-agent->crm']);
    expect(after).toHaveLength(7);
    // both revisions read as they were
    expect(await edgesAt(driverOf(), conn.database, 1)).toEqual(edgesOf(small()));
    expect(await edgesAt(driverOf(), conn.database, 2)).toEqual(edgesOf([...small().slice(0, 3), ...next]));
  });

  it('through random edits and deletes, every revision keeps its edges, radii and packed lists', async () => {
    const random = rng(7);
    const docs = new Map(generateGraph(13, 45).map((d) => [d.metadata.name, d]));
    // one class holds the packing's separator and escape characters
    const odd = 'talk\u001fto\u001e0';
    const withClasses = (d: NodeDocument): NodeDocument => (d.kind === 'Agent' ? { ...d, spec: { ...d.spec, actionClasses: ['write', odd] } } : d);
    for (const [name, d] of docs) docs.set(name, withClasses(d));
    await store.apply([...docs.values()], by);
    const history = new Map<number, NodeDocument[]>([[1, [...docs.values()]]]);
    const gates = ['none', 'human-review'] as const;
    for (let step = 0; step < 8; step++) {
      const names = [...docs.keys()];
      const pick = () => names[Math.floor(random() * names.length)];
      const batch = new Map<string, NodeDocument>();
      for (const name of [pick(), pick(), pick()]) {
        const old = docs.get(name)!;
        // keep some edges as they were, change the gate of one, drop one, add one
        const consumes = old.spec.consumes.filter(() => random() < 0.6).map((c, i) => (i === 0 ? { ...c, gate: gates[Math.floor(random() * 2)] } : c));
        const from = pick();
        if (from !== name && !consumes.some((c) => c.from === from)) {
          const producer = docs.get(from)!;
          consumes.push({ from, channel: 'event', mode: 'batch', gate: 'none', ...(producer.kind === 'Agent' && random() < 0.5 ? { actionClasses: random() < 0.5 ? ['write'] : [odd, 'write'] } : {}) });
        }
        batch.set(name, { ...old, spec: { ...old.spec, consumes } });
      }
      await store.apply([...batch.values()], by);
      for (const d of batch.values()) docs.set(d.metadata.name, d);
      if (step % 3 === 2) {
        const victim = pick();
        await store.deleteNode(victim, by);
        docs.delete(victim);
        for (const [name, d] of docs) {
          if (d.spec.consumes.some((c) => c.from === victim)) docs.set(name, { ...d, spec: { ...d.spec, consumes: d.spec.consumes.filter((c) => c.from !== victim) } });
        }
      }
      history.set(await store.currentRevision(), [...docs.values()]);
    }
    const current = await store.currentRevision();
    for (const [rev, list] of history) {
      expect(await edgesAt(driverOf(), conn.database, rev)).toEqual(edgesOf(list));
      const graph = buildGraph(list);
      for (const source of list.slice(0, 6).map((d) => d.metadata.name)) {
        expect(await store.blastRadius(source, { revision: rev })).toEqual(blastRadius(graph, source, { revision: rev }));
        const declared = list.find((d) => d.metadata.name === source)!.spec.actionClasses;
        if (declared) {
          const options = { revision: rev, actionClasses: ['write'], maxDepth: 2 };
          expect(await store.blastRadius(source, options)).toEqual(blastRadius(graph, source, options));
        }
      }
    }
    // every node's packed list is exactly its live out-edges
    const { records } = await driverOf().executeQuery('MATCH (n:Node) WHERE n.alive RETURN n.name AS name, n.out AS out', {}, { database: conn.database });
    const packed = records.flatMap((r) => (r.get('out') as string[]).map((p) => {
      // the packing read field by field: consumer, gate, channel, mode, delay ('' for none), then the classes
      const [to, gate, channel, mode, delay, ...classes] = p.split(OUT_SEP);
      return key({ from: r.get('name'), to, gate, channel, mode, delaySeconds: delay === '' ? undefined : Number(delay), actionClasses: classes.length > 0 ? classes.map(unescapeClass) : undefined } as FeedsEdge);
    }));
    expect(packed.sort()).toEqual(edgesOf(history.get(current)!));
  });
});
