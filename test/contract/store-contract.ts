// One contract suite, run on every store: the same tests, the same expected answers.
import { beforeEach, describe, expect, it } from 'vitest';
import type { IncidentRecord, NodeDocument } from '../../graph-schema/index.js';
import type { DecisionInput } from '../../server/analysis/incident-log.js';
import { blastRadius } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { DomainError, statusOf } from '../../server/errors.js';
import type { GraphStore } from '../../server/store/types.js';
import { doc, generateGraph, referenceRadius, rng } from '../support/graphs.js';

export interface StoreHarness {
  /** A fresh, empty store. */
  fresh(): Promise<GraphStore>;
  /** Closes the store and opens it again on the same data, as after a restart. */
  reopen(store: GraphStore): Promise<GraphStore>;
}

const by = { by: 'contract-test' };

/** Stores throw domain errors; `status` is the one the API would answer. */
async function expectApiError(promise: Promise<unknown>, status: number): Promise<DomainError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect(statusOf(err as DomainError)).toBe(status);
  return err as DomainError;
}

const incidentRecord = (radius: Awaited<ReturnType<GraphStore['blastRadius']>>, id = 'inc-test-1'): IncidentRecord => ({
  id,
  title: 'Bad refund policy',
  source: radius.source,
  sourceKind: radius.sourceKind,
  failureMode: 'hallucination' as const,
  outputAt: '2026-11-24T02:41:00.000Z',
  detectedAt: '2026-11-24T03:00:00.000Z',
  openedAt: '2026-11-24T03:01:00.000Z',
  openedBy: 'sam',
  status: 'open' as const,
  revision: radius.revision,
  actionClasses: null,
  size: { consumers: radius.consumers.length, surfaces: radius.consumers.filter((c) => c.kind === 'Surface').length, edges: radius.edges.length },
});

const decision = (name: string, action: DecisionInput['action'], by: string, at: string, extra: Partial<DecisionInput> = {}): DecisionInput => ({
  name,
  action,
  by,
  at,
  effectiveAt: at,
  ...extra,
});

const historyOf = async (store: GraphStore, id: string) => (await store.log(id)).flatMap((e) => (e.type === 'decision' ? [e.entry] : []));

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`store contract: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await harness.fresh();
      return async () => {
        await store.close();
      };
    });

    const small = () => [
      doc('triage-agent', 'Agent'),
      doc('refund-agent', 'Agent', [{ from: 'triage-agent', channel: 'queue', delay: 'PT15M' }]),
      doc('crm', 'System', [{ from: 'refund-agent', mode: 'sync' }]),
      doc('court-filing', 'Surface', [{ from: 'refund-agent', gate: 'human-review' }]),
    ];

    it('applies a batch, reads it back with defaults filled in, and counts created nodes', async () => {
      const result = await store.apply(small(), by);
      expect(result).toMatchObject({ revision: 1, created: 4, updated: 0, unchanged: 0 });
      const nodes = await store.nodes(1);
      expect(nodes.map((n) => n.metadata.name)).toEqual(['court-filing', 'crm', 'refund-agent', 'triage-agent']);
      const refund = await store.node('refund-agent', 1);
      expect(refund?.spec.consumes).toEqual([{ from: 'triage-agent', channel: 'queue', mode: 'async', gate: 'none', delay: 'PT15M' }]);
      expect(await store.size()).toEqual({ nodes: 4, edges: 3 });
    });

    it('re-applying the same batch makes no revision; a change makes one and the past stays readable', async () => {
      await store.apply(small(), by);
      const again = await store.apply(small(), by);
      expect(again).toMatchObject({ revision: 1, created: 0, updated: 0, unchanged: 4 });
      const changed = await store.apply([doc('crm', 'System', [{ from: 'refund-agent', mode: 'batch' }]), doc('triage-agent', 'Agent')], { by: 'priya' });
      expect(changed).toMatchObject({ revision: 2, created: 0, updated: 1, unchanged: 1 });
      expect((await store.node('crm', 1))?.spec.consumes[0].mode).toBe('sync');
      expect((await store.node('crm', 2))?.spec.consumes[0].mode).toBe('batch');
      const revisions = await store.revisions();
      expect(revisions.map((r) => [r.revision, r.by, r.updated])).toEqual([
        [1, 'contract-test', []],
        [2, 'priya', ['crm']],
      ]);
      expect(await store.currentRevision()).toBe(2);
    });

    it('rejects a batch with an unknown producer atomically: nothing is written', async () => {
      await store.apply(small(), by);
      const before = await store.nodes(1);
      const err = await expectApiError(
        store.apply([doc('crm', 'System', []), doc('new-agent', 'Agent', [{ from: 'no-such-agent' }])], by),
        400,
      );
      expect(err.details[0]).toMatchObject({ path: 'documents[1].spec.consumes[0].from' });
      expect(await store.currentRevision()).toBe(1);
      expect(await store.nodes(1)).toEqual(before);
      expect(await store.node('new-agent', 1)).toBeUndefined();
      expect(await store.checkReferences([doc('x', 'Agent', [{ from: 'nope' }])])).toHaveLength(1);
      expect(await store.checkReferences([doc('x', 'Agent', [{ from: 'crm' }])])).toEqual([]);
    });

    it('a consumes list replaces the edges into a node, leaving its outgoing edges alone', async () => {
      await store.apply(small(), by);
      await store.apply([doc('refund-agent', 'Agent', [])], by);
      const radius = await store.blastRadius('refund-agent', { revision: 2 });
      expect(radius.consumers.map((c) => c.name)).toEqual(['court-filing', 'crm']);
      expect((await store.blastRadius('triage-agent', { revision: 2 })).consumers).toEqual([]);
      expect((await store.blastRadius('triage-agent', { revision: 1 })).consumers).toHaveLength(3);
    });

    it('deletes a node and its edges both ways, as a new revision', async () => {
      await store.apply(small(), by);
      const result = await store.deleteNode('refund-agent', by);
      expect(result).toEqual({ revision: 2, deleted: 'refund-agent', edgesRemoved: 3 });
      expect(await store.node('refund-agent', 2)).toBeUndefined();
      expect((await store.node('crm', 2))?.spec.consumes).toEqual([]);
      expect(await store.node('refund-agent', 1)).toBeDefined();
      expect(await store.size()).toEqual({ nodes: 3, edges: 0 });
      await expectApiError(store.deleteNode('refund-agent', by), 404);
      await expectApiError(store.blastRadius('refund-agent', { revision: 2 }), 404);
      expect((await store.blastRadius('refund-agent', { revision: 1 })).consumers).toHaveLength(2);
      // re-created later, it is a node like any other
      await store.apply([doc('refund-agent', 'System', [{ from: 'triage-agent' }])], by);
      expect((await store.blastRadius('triage-agent', { revision: 3 })).consumers.map((c) => [c.name, c.kind])).toEqual([['refund-agent', 'System']]);
    });

    it('finds the revision current at a time', async () => {
      const t0 = new Date(Date.now() - 60_000);
      await store.apply(small(), by);
      await new Promise((r) => setTimeout(r, 15));
      const between = new Date();
      await new Promise((r) => setTimeout(r, 15));
      await store.apply([doc('crm', 'System', [])], by);
      expect(await store.revisionAt(t0)).toBe(0);
      expect(await store.revisionAt(between)).toBe(1);
      expect(await store.revisionAt(new Date(Date.now() + 60_000))).toBe(2);
    });

    it('computes the contract blast radius: depth, path, exposure, suggestion, edges, order', async () => {
      await store.apply(small(), by);
      const radius = await store.blastRadius('triage-agent', { revision: 1 });
      expect(radius).toMatchObject({ source: 'triage-agent', revision: 1, truncated: false, cut: 0, maxDepth: null });
      expect(radius.consumers.map(({ name, kind, depth, path, exposure, suggestedAction, arrivalSeconds }) => ({ name, kind, depth, path, exposure, suggestedAction, arrivalSeconds }))).toEqual([
        { name: 'refund-agent', kind: 'Agent', depth: 1, path: ['triage-agent', 'refund-agent'], exposure: 'direct', suggestedAction: 'stop', arrivalSeconds: 900 },
        { name: 'court-filing', kind: 'Surface', depth: 2, path: ['triage-agent', 'refund-agent', 'court-filing'], exposure: 'gated', suggestedAction: 'notify', arrivalSeconds: 900 },
        { name: 'crm', kind: 'System', depth: 2, path: ['triage-agent', 'refund-agent', 'crm'], exposure: 'direct', suggestedAction: 'correct', arrivalSeconds: 900 },
      ]);
      // grouped by producer in consumers order (source first), then by consumer name
      expect(radius.edges.map((e) => `${e.from}->${e.to}:${e.gate}`)).toEqual([
        'triage-agent->refund-agent:none',
        'refund-agent->court-filing:human-review',
        'refund-agent->crm:none',
      ]);
      const cut = await store.blastRadius('triage-agent', { revision: 1, maxDepth: 1 });
      expect(cut).toMatchObject({ truncated: true, cut: 2, maxDepth: 1 });
      expect(cut.consumers.map((c) => c.name)).toEqual(['refund-agent']);
      expect(cut.edges).toHaveLength(1);
    });

    it('excludes the source when a cycle leads back to it', async () => {
      await store.apply([doc('a', 'Agent', [{ from: 'b' }]), doc('b', 'Agent', [{ from: 'a' }])], by);
      const radius = await store.blastRadius('a', { revision: 1 });
      expect(radius.consumers.map((c) => c.name)).toEqual(['b']);
      expect(radius.edges).toHaveLength(2);
    });

    for (const seed of [1, 2, 3, 4, 5]) {
      it(`agrees with the reference and with the pure function on generated graph ${seed}`, async () => {
        const docs = generateGraph(seed, 80);
        await store.apply(docs, by);
        const graph = buildGraph(docs);
        for (const source of ['n0', 'n1', 'n5', 'n16', `n${seed * 7}`]) {
          const radius = await store.blastRadius(source, { revision: 1 });
          const reference = referenceRadius(docs, source);
          expect(radius.consumers.map(({ name, depth, exposure }) => ({ name, depth, exposure }))).toEqual(reference.consumers);
          expect(new Set(radius.edges.map((e) => `${e.from}->${e.to}`))).toEqual(reference.edges);
          const registered = new Set(docs.flatMap((d) => d.spec.consumes.map((c) => `${c.from}->${d.metadata.name}`)));
          for (const c of radius.consumers) {
            expect(c.path[0]).toBe(source);
            expect(c.path.at(-1)).toBe(c.name);
            expect(c.path).toHaveLength(c.depth + 1);
            for (let i = 1; i < c.path.length; i++) expect(registered.has(`${c.path[i - 1]}->${c.path[i]}`)).toBe(true);
          }
          expect(radius).toEqual(blastRadius(graph, source, { revision: 1 }));
        }
      });
    }

    it('keeps the current radius right through edits and deletes, and the past as it was', async () => {
      const random = rng(42);
      const docs = new Map(generateGraph(11, 50).map((d) => [d.metadata.name, d]));
      await store.apply([...docs.values()], by);
      const first = await store.blastRadius('n0', { revision: 1 });
      const gates = ['none', 'human-review'] as const;
      for (let step = 0; step < 6; step++) {
        const names = [...docs.keys()];
        const pick = () => names[Math.floor(random() * names.length)];
        // rewire two nodes' consumes lists, add a node fed by and feeding others, delete one
        const edits = [pick(), pick()].filter((n, i, all) => all.indexOf(n) === i).map((name) => {
          const consumes = [pick(), pick(), pick()].filter((f, i, all) => f !== name && all.indexOf(f) === i).map((from) => ({ from, gate: gates[Math.floor(random() * 2)], delay: 'PT30S' }));
          return doc(name, docs.get(name)!.kind, consumes);
        });
        const added = doc(`new-${step}`, 'Agent', [{ from: pick() }]);
        const feeder = pick();
        const fed = doc(feeder, docs.get(feeder)!.kind, [...docs.get(feeder)!.spec.consumes.filter((c) => c.from !== added.metadata.name), { from: added.metadata.name, channel: 'queue', mode: 'batch' }]);
        const batch = new Map([...edits, added, fed].map((d) => [d.metadata.name, d]));
        await store.apply([...batch.values()], by);
        for (const d of batch.values()) docs.set(d.metadata.name, d);
        const victim = names.find((n) => n !== 'n0' && n !== 'n3' && n !== feeder && !batch.has(n) && random() < 0.2);
        if (victim) {
          await store.deleteNode(victim, by);
          docs.delete(victim);
          for (const [name, d] of docs) {
            if (d.spec.consumes.some((c) => c.from === victim)) docs.set(name, { ...d, spec: { ...d.spec, consumes: d.spec.consumes.filter((c) => c.from !== victim) } });
          }
        }
        const revision = await store.currentRevision();
        const graph = buildGraph([...docs.values()]);
        for (const source of ['n0', 'n3', added.metadata.name, feeder]) {
          expect(await store.blastRadius(source, { revision })).toEqual(blastRadius(graph, source, { revision }));
        }
      }
      expect(await store.blastRadius('n0', { revision: 1 })).toEqual(first);
    });

    it('computes the blast radius of a past revision', async () => {
      const docs = generateGraph(9, 40);
      await store.apply(docs, by);
      await store.apply([doc('n1', 'Agent', [])], by); // cut n0 -> n1
      const past = await store.blastRadius('n0', { revision: 1 });
      expect(past).toEqual(blastRadius(buildGraph(docs), 'n0', { revision: 1 }));
      const now = await store.blastRadius('n0', { revision: 2 });
      expect(now.revision).toBe(2);
      expect(now.consumers.some((c) => c.path[1] === 'n1')).toBe(false);
    });

    radiusContract(() => store);
    neighboursContract(() => store, async (s) => (store = await harness.reopen(s)));

    it('keeps incidents and an append-only, hash-chained log: versioned decisions, status, observations, communications', async () => {
      await store.apply(small(), by);
      const radius = await store.blastRadius('triage-agent', { revision: 1 });
      const record = incidentRecord(radius);
      await store.createIncident(record);
      expect(await store.incident('inc-test-1')).toEqual(record);
      expect(await store.incident('nope')).toBeUndefined();
      await expectApiError(store.createIncident(record), 409);

      const [first] = await store.decide('inc-test-1', [decision('crm', 'correct', 'sam', '2026-11-24T03:05:00.000Z', { expectedVersion: 0 })]);
      expect(first).toMatchObject({ seq: 1, type: 'decision', entry: { seq: 1, name: 'crm', action: 'correct', version: 1, by: 'sam', previousAction: null } });
      const conflictError = await expectApiError(store.decide('inc-test-1', [decision('crm', 'stop', 'lee', '2026-11-24T03:06:00.000Z', { expectedVersion: 0 })]), 409);
      expect(conflictError.details.map((d) => d.path)).toEqual(['expectedVersions.crm']);
      await store.decide('inc-test-1', [decision('crm', 'stop', 'lee', '2026-11-24T03:07:00.000Z', { expectedVersion: 1, note: 'paused sync' })]);
      // a batch is all or nothing: one stale version refuses every entry in it
      const batchError = await expectApiError(
        store.decide('inc-test-1', [
          decision('refund-agent', 'stop', 'sam', '2026-11-24T03:08:00.000Z', { expectedVersion: 0 }),
          decision('crm', 'clear', 'sam', '2026-11-24T03:08:00.000Z', { expectedVersion: 1, note: 'safe' }),
        ]),
        409,
      );
      expect(batchError.details).toHaveLength(1);
      expect(await store.lastSeq('inc-test-1')).toBe(2);
      const batch = await store.decide('inc-test-1', [
        decision('refund-agent', 'stop', 'sam', '2026-11-24T03:09:00.000Z', { actionClasses: ['financial-write'] }),
        decision('crm', 'clear', 'sam', '2026-11-24T03:09:00.000Z', { expectedVersion: 2, note: 'restored from backup' }),
      ]);
      expect(batch.map((e) => e.seq)).toEqual([3, 4]);
      const history = await historyOf(store, 'inc-test-1');
      expect(history.map((h) => [h.seq, h.name, h.previousAction, h.action, h.version, h.by, h.batch ?? null])).toEqual([
        [1, 'crm', null, 'correct', 1, 'sam', null],
        [2, 'crm', 'correct', 'stop', 2, 'lee', null],
        [3, 'refund-agent', null, 'stop', 1, 'sam', 3],
        [4, 'crm', 'stop', 'clear', 3, 'sam', 3],
      ]);
      expect(history[2].actionClasses).toEqual(['financial-write']);
      await expectApiError(store.log('nope'), 404);
      await expectApiError(store.lastSeq('nope'), 404);

      await store.setStatus('inc-test-1', { status: 'contained', previous: 'open', by: 'sam', at: '2026-11-24T03:10:00.000Z' });
      expect((await store.incident('inc-test-1'))?.status).toBe('contained');
      await store.addObservations('inc-test-1', [{ name: 'crm', from: 'refund-agent', via: 'reached', recordedAt: '2026-11-25T00:00:00.000Z' }]);
      await store.addCommunication('inc-test-1', { audience: 'regulator', channel: 'portal', summary: 'GDPR Art. 33 filing', regime: 'gdpr-art33', sentAt: '2026-11-25T01:00:00.000Z', by: 'sam', recordedAt: '2026-11-25T01:00:00.000Z' });
      const log = await store.log('inc-test-1');
      expect(log.map((e) => [e.seq, e.type])).toEqual([
        [1, 'decision'],
        [2, 'decision'],
        [3, 'decision'],
        [4, 'decision'],
        [5, 'status'],
        [6, 'observations'],
        [7, 'communication'],
      ]);
      expect((await store.log('inc-test-1', 5)).map((e) => e.seq)).toEqual([6, 7]);
      expect(log.every((e) => typeof e.hash === 'string' && e.hash.length === 64)).toBe(true);
      expect(await store.verifyAudit()).toMatchObject({ ok: true, firstBad: null });
      expect((await store.incidents()).map((i) => i.id)).toEqual(['inc-test-1']);
    });

    it('keeps every acknowledged write across a restart', async () => {
      await store.apply(small(), by);
      await store.apply([doc('crm', 'System', [])], by);
      const radius = await store.blastRadius('triage-agent', { revision: 2 });
      await store.createIncident(incidentRecord(radius, 'inc-restart'));
      await store.decide('inc-restart', [decision('refund-agent', 'stop', 'sam', '2026-11-24T03:05:00.000Z')]);
      store = await harness.reopen(store);
      expect(await store.currentRevision()).toBe(2);
      expect((await store.node('crm', 1))?.spec.consumes).toHaveLength(1);
      expect(await store.blastRadius('triage-agent', { revision: 2 })).toEqual(radius);
      expect((await historyOf(store, 'inc-restart')).map((h) => h.name)).toEqual(['refund-agent']);
      expect((await store.verifyAudit()).ok).toBe(true);
    });
  });
}

const agent = (name: string, actionClasses: string[], consumes: Parameters<typeof doc>[2] = []): NodeDocument => {
  const d = doc(name, 'Agent', consumes);
  return { ...d, spec: { ...d.spec, actionClasses } };
};

/** CONTRACT.md §4 beyond the plain radius: broken action classes at the source, maxDepth and its cut. */
function radiusContract(storeOf: () => GraphStore): void {
  // src's edges: to a (financial-write), b (customer-communication), c (unclassified); a feeds src back
  const classified = (srcClasses = ['code-commit', 'customer-communication', 'financial-write'], toA = ['financial-write']) => [
    agent('src', srcClasses, [{ from: 'a', delay: 'PT1M' }]),
    agent('a', ['refunds'], [{ from: 'src', actionClasses: toA, delay: 'PT5M' }]),
    doc('b', 'System', [{ from: 'src', actionClasses: ['customer-communication'] }]),
    doc('c', 'System', [{ from: 'src', gate: 'human-review' }]),
    doc('d', 'Surface', [{ from: 'a', actionClasses: ['refunds'] }, { from: 'b' }]),
    doc('e', 'Surface', [{ from: 'b' }, { from: 'c' }]),
  ];
  const names = (r: { consumers: { name: string }[] }) => r.consumers.map((c) => c.name);

  it('with broken action classes, only the source edges carrying them (or unclassified) carry the output', async () => {
    const store = storeOf();
    const docs = classified();
    await store.apply(docs, by);
    const graph = buildGraph(docs);
    for (const actionClasses of [['financial-write'], ['customer-communication'], ['code-commit'], ['financial-write', 'customer-communication'], null]) {
      const radius = await store.blastRadius('src', { revision: 1, actionClasses });
      expect(radius).toEqual(blastRadius(graph, 'src', { revision: 1, actionClasses }));
      expect(radius.actionClasses).toEqual(actionClasses);
    }
    // the cycle back through src does not reopen its other edges; downstream classes count as usual
    const fw = await store.blastRadius('src', { revision: 1, actionClasses: ['financial-write'] });
    expect(names(fw)).toEqual(['a', 'c', 'd', 'e']);
    expect(fw.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['src->a', 'src->c', 'a->d', 'a->src', 'c->e']);
    expect(fw.edges[0].actionClasses).toEqual(['financial-write']);
    expect(fw.consumers.find((c) => c.name === 'd')).toMatchObject({ depth: 2, arrivalSeconds: 300, exposure: 'direct' });
    expect(names(await store.blastRadius('src', { revision: 1, actionClasses: ['code-commit'] }))).toEqual(['c', 'e']);
    expect(names(await store.blastRadius('a', { revision: 1, actionClasses: ['refunds'] }))).toEqual(['d', 'src', 'b', 'c', 'e']);
  });

  it('refuses an action class the source does not declare, and an empty list, as invalid', async () => {
    const store = storeOf();
    await store.apply(classified(), by);
    for (const actionClasses of [['nope'], ['financial-write', 'nope'], [], ['refunds']]) {
      const err = await expectApiError(store.blastRadius('src', { revision: 1, actionClasses }), 400);
      expect(err.kind).toBe('invalid');
      expect(err.details[0].path).toBe('actionClasses');
    }
    // a System declares none
    expect((await expectApiError(store.blastRadius('b', { revision: 1, actionClasses: ['financial-write'] }), 400)).kind).toBe('invalid');
    await expectApiError(store.blastRadius('nobody', { revision: 1, actionClasses: ['x'] }), 404);
  });

  it('answers action classes as they were at a past revision: edge classes and the source declaration', async () => {
    const store = storeOf();
    const first = classified();
    await store.apply(first, by);
    // rev 2: the edge to a now carries customer-communication; rev 3: src no longer declares code-commit
    const second = classified(undefined, ['customer-communication']);
    await store.apply(second, by);
    const third = classified(['customer-communication', 'financial-write'], ['customer-communication']);
    await store.apply(third, by);
    const fw = { actionClasses: ['financial-write'] };
    expect(names(await store.blastRadius('src', { revision: 1, ...fw }))).toEqual(['a', 'c', 'd', 'e']);
    expect(names(await store.blastRadius('src', { revision: 2, ...fw }))).toEqual(['c', 'e']);
    expect(await store.blastRadius('src', { revision: 1, ...fw })).toEqual(blastRadius(buildGraph(first), 'src', { revision: 1, ...fw }));
    expect(await store.blastRadius('src', { revision: 2, ...fw })).toEqual(blastRadius(buildGraph(second), 'src', { revision: 2, ...fw }));
    expect(names(await store.blastRadius('src', { revision: 2, actionClasses: ['code-commit'] }))).toEqual(['c', 'e']);
    await expectApiError(store.blastRadius('src', { revision: 3, actionClasses: ['code-commit'] }), 400);
    const cc = { revision: 3, actionClasses: ['customer-communication'] };
    expect(await store.blastRadius('src', cc)).toEqual(blastRadius(buildGraph(third), 'src', cc));
  });

  it('with maxDepth, keeps consumers up to that depth and counts exactly how many lie beyond', async () => {
    const store = storeOf();
    // a chain with a shortcut back: n0 -> n1 -> n2 -> n3 -> n4, n4 -> n1 (cycle), and a fast long way round
    const docs = [
      doc('n0', 'Agent'),
      doc('n1', 'Agent', [{ from: 'n0', delay: 'PT1H' }, { from: 'n4' }]),
      doc('n2', 'Agent', [{ from: 'n1', gate: 'human-review' }]),
      doc('n3', 'Agent', [{ from: 'n2' }, { from: 'n0' }]),
      doc('n4', 'System', [{ from: 'n3' }]),
      doc('n5', 'Surface', [{ from: 'n4' }, { from: 'n2' }]),
      doc('n6', 'Surface', [{ from: 'n5' }]),
    ];
    await store.apply(docs, by);
    const graph = buildGraph(docs);
    for (const maxDepth of [0, 1, 2, 3, 4, 10]) {
      const radius = await store.blastRadius('n0', { revision: 1, maxDepth });
      expect(radius).toEqual(blastRadius(graph, 'n0', { revision: 1, maxDepth }));
    }
    // n1 at depth 1 arrives fastest the long way round (n0 -> n3 -> n4 -> n1), beyond maxDepth 1
    const one = await store.blastRadius('n0', { revision: 1, maxDepth: 1 });
    expect(one).toMatchObject({ truncated: true, cut: 4, maxDepth: 1 });
    expect(one.consumers.map((c) => [c.name, c.arrivalSeconds])).toEqual([['n1', 0], ['n3', 0]]);
    // a source with nothing feeding back: the bounded answer alone
    const dag = await store.blastRadius('n4', { revision: 1, maxDepth: 1 });
    expect(dag).toEqual(blastRadius(graph, 'n4', { revision: 1, maxDepth: 1 }));
    for (const seed of [3, 8]) {
      const generated = generateGraph(seed, 70).map((d) => ({ ...d, metadata: { ...d.metadata, name: `g${seed}-${d.metadata.name}` }, spec: { ...d.spec, consumes: d.spec.consumes.map((c) => ({ ...c, from: `g${seed}-${c.from}` })) } }));
      await store.apply(generated, by);
      const revision = await store.currentRevision();
      const all = buildGraph([...docs, ...generated]);
      for (const source of [`g${seed}-n0`, `g${seed}-n1`, `g${seed}-n9`]) {
        for (const maxDepth of [1, 2, 4]) {
          expect(await store.blastRadius(source, { revision, maxDepth })).toEqual(blastRadius(all, source, { revision, maxDepth }));
        }
      }
      // the first of the two batches, at its revision
      expect(await store.blastRadius('n0', { revision: 1, maxDepth: 2 })).toEqual(blastRadius(graph, 'n0', { revision: 1, maxDepth: 2 }));
    }
  });
}

/** The reference neighbourhood, from the documents alone: producers from the consumes list, consumers from everyone else's. */
function referenceNeighbours(docs: NodeDocument[], name: string, limit = 200) {
  const byNameMap = new Map(docs.map((d) => [d.metadata.name, d]));
  const entry = (other: NodeDocument, edge: NodeDocument['spec']['consumes'][number]) => ({
    name: other.metadata.name,
    kind: other.kind,
    owner: other.metadata.owner,
    ...(other.metadata.title !== undefined ? { title: other.metadata.title } : {}),
    gate: edge.gate,
    channel: edge.channel,
    mode: edge.mode,
  });
  const order = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const node = byNameMap.get(name)!;
  const upstream = node.spec.consumes.map((c) => entry(byNameMap.get(c.from)!, c)).sort(order);
  const downstream = docs.flatMap((d) => d.spec.consumes.filter((c) => c.from === name).map((c) => entry(d, c))).sort(order);
  return { name, kind: node.kind, upstream: upstream.slice(0, limit), downstream: downstream.slice(0, limit), upstreamTotal: upstream.length, downstreamTotal: downstream.length };
}

/** The registry explorer's one hop (GET /nodes/{name}/neighbours): bounded, exact counts, the past as it was. */
function neighboursContract(storeOf: () => GraphStore, reopenOf?: (store: GraphStore) => Promise<GraphStore>): void {
  it('answers a node\'s direct producers and consumers with their edges, by name, as the documents say', async () => {
    const store = storeOf();
    const docs = generateGraph(21, 60);
    await store.apply(docs, by);
    for (const name of ['n0', 'n1', 'n7', 'n30', 'n59']) expect(await store.neighbours(name, 1), name).toEqual(referenceNeighbours(docs, name));
  });

  it('keeps its counts, neighbourhoods and radii true to the documents through applies, deletes and a restart', async () => {
    let store = storeOf();
    const random = rng(5);
    await store.apply(generateGraph(8, 40), by);
    const deleted: string[] = [];
    for (let round = 0; round < 10; round++) {
      const revision = await store.currentRevision();
      const docs = await store.nodes(revision);
      // each revision's radius, right after the one before (the embedded store patches its index forward)
      for (const source of docs.slice(0, 3).map((d) => d.metadata.name)) {
        const expected = blastRadius(buildGraph(docs), source, { revision });
        expect(await store.blastRadius(source, { revision }), `${source} at ${revision}`).toEqual(expected);
        // and as an incident reads it (the Neo4j store from its patched index of the current revision)
        const model = await store.radiusModel(source, { revision });
        expect(model.radius, `incident radius of ${source} at ${revision}`).toEqual({ ...expected, edges: [] });
        expect(model.graph.outTo.length).toBe(expected.edges.length);
      }
      if (round % 4 === 3) {
        // delete a node that others consume: their consumes are rewritten in the same revision
        const victim = docs[Math.floor(random() * docs.length)].metadata.name;
        await store.deleteNode(victim, by);
        deleted.push(victim);
      } else {
        // rewire a few nodes' inputs, one of them to nothing
        const names = docs.map((d) => d.metadata.name);
        const changed = docs.slice(round, round + 4).map((d, i) => ({
          ...d,
          spec: { ...d.spec, consumes: i === 0 ? [] : [...new Set(names.filter(() => random() < 0.08))].filter((n) => n !== d.metadata.name).map((from) => ({ from, channel: 'api' as const, mode: 'sync' as const, gate: 'none' as const })) },
        }));
        // and a node created, consuming one created in the same batch
        const fresh = [doc(`new-${round}`, 'Agent', [{ from: names[round] }]), doc(`newer-${round}`, 'Surface', [{ from: `new-${round}` }, { from: names[0] }])];
        // and a node deleted earlier registered again: the past must not see it where it was gone
        const back = deleted.shift();
        if (back) fresh.push(doc(back, 'System', [{ from: names[1] }]));
        await store.apply([...changed, ...fresh], by);
      }
    }
    const check = async () => {
      const docs = await store.nodes(await store.currentRevision());
      expect(await store.size()).toEqual({ nodes: docs.length, edges: docs.reduce((n, d) => n + d.spec.consumes.length, 0) });
      const revision = await store.currentRevision();
      for (const d of docs.slice(0, 12)) expect(await store.neighbours(d.metadata.name, revision), d.metadata.name).toEqual(referenceNeighbours(docs, d.metadata.name));
    };
    await check();
    // every past revision as it was, after all the changes since (radii, with and without action classes)
    for (let revision = 1; revision <= (await store.currentRevision()); revision++) {
      const docs = await store.nodes(revision);
      const graph = buildGraph(docs);
      for (const source of docs.filter((_, i) => i % 5 === 0).map((d) => d.metadata.name)) {
        const expected = blastRadius(graph, source, { revision });
        expect(await store.blastRadius(source, { revision }), `${source} at ${revision}`).toEqual(expected);
        // as an incident opened then reads it (the Neo4j store from the current graph and the nodes changed since)
        const model = await store.radiusModel(source, { revision });
        expect(model.radius, `incident radius of ${source} at ${revision}`).toEqual({ ...expected, edges: [] });
        expect(model.graph.outTo.length).toBe(expected.edges.length);
      }
    }
    if (reopenOf) {
      store = await reopenOf(store);
      await check();
    }
  });

  it('sends at most limit a side (200 by default) and counts them all', async () => {
    const store = storeOf();
    const consumers = Array.from({ length: 230 }, (_, i) => doc(`c${String(i).padStart(3, '0')}`, 'Surface', [{ from: 'hub', channel: 'ui' }]));
    const producers = Array.from({ length: 7 }, (_, i) => doc(`p${i}`, 'Agent'));
    const docs = [...producers, doc('hub', 'System', producers.map((p) => ({ from: p.metadata.name, gate: 'automated-check' as const }))), ...consumers];
    await store.apply(docs, by);
    const all = await store.neighbours('hub', 1);
    expect(all).toEqual(referenceNeighbours(docs, 'hub'));
    expect(all.downstream).toHaveLength(200);
    expect(all.downstream.at(-1)!.name).toBe('c199');
    expect([all.upstreamTotal, all.downstreamTotal]).toEqual([7, 230]);
    const few = await store.neighbours('hub', 1, 3);
    expect(few).toEqual(referenceNeighbours(docs, 'hub', 3));
    expect(few.upstream.map((n) => n.name)).toEqual(['p0', 'p1', 'p2']);
  });

  it('reads a past revision as it was, and refuses a node not registered then', async () => {
    const store = storeOf();
    const first = [doc('a', 'Agent'), doc('b', 'System', [{ from: 'a' }], { title: 'B system' }), doc('c', 'Surface', [{ from: 'b', gate: 'human-review' }])];
    await store.apply(first, by);
    await store.apply([doc('c', 'Surface', [{ from: 'a', channel: 'event' }])], by); // c now takes a's output, not b's
    await store.deleteNode('b', by);
    const now = await store.currentRevision();
    expect(await store.neighbours('b', 1)).toEqual(referenceNeighbours(first, 'b'));
    expect(await store.neighbours('a', now)).toEqual(referenceNeighbours([doc('a', 'Agent'), doc('c', 'Surface', [{ from: 'a', channel: 'event' }])], 'a'));
    const gone = await expectApiError(store.neighbours('b', now), 404);
    expect(gone.kind).toBe('not_found');
    await expectApiError(store.neighbours('nobody', 1), 404);
  });
}
