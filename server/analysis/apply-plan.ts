// What an apply or a delete changes, decided without I/O: the stores look up the current
// documents, call these, and write the changes in one atomic step.
import { isDeepStrictEqual } from 'node:util';
import type { ErrorDetail, NodeDocument } from '../../graph-schema/index.js';

export interface NodeChange {
  name: string;
  /** The new document, or null when the node is deleted. */
  doc: NodeDocument | null;
}

export interface ApplyPlan {
  changes: NodeChange[];
  created: string[];
  updated: string[];
  unchanged: string[];
  errors: ErrorDetail[];
}

/**
 * @param current the registered document of each batch name that exists now
 * @param registered the registered document of each of the batch's `from` names outside the
 *   batch (a name missing here is not registered): its declared action classes bound the edge's
 * @param dependents registered documents outside the batch that consume one of
 *   `narrowedProducers(batch, current)`: their edges must still name only declared classes
 */
export function planApply(
  batch: NodeDocument[],
  current: ReadonlyMap<string, NodeDocument>,
  registered: ReadonlyMap<string, NodeDocument>,
  dependents: Iterable<NodeDocument> = [],
): ApplyPlan {
  const plan: ApplyPlan = { changes: [], created: [], updated: [], unchanged: [], errors: [] };
  const batchDocs = new Map(batch.map((d) => [d.metadata.name, d]));
  batch.forEach((doc, i) => {
    doc.spec.consumes.forEach((edge, j) => {
      const producer = batchDocs.get(edge.from) ?? registered.get(edge.from);
      if (!producer) {
        plan.errors.push({
          path: `documents[${i}].spec.consumes[${j}].from`,
          document: i,
          message: `'${edge.from}' is neither in this batch nor registered`,
        });
        return;
      }
      (edge.actionClasses ?? []).forEach((cls, k) => {
        if (declaredClasses(producer).has(cls)) return;
        plan.errors.push({
          path: `documents[${i}].spec.consumes[${j}].actionClasses[${k}]`,
          document: i,
          message: `'${cls}' is not an action class of '${edge.from}' (${declaredText(producer)})`,
        });
      });
    });
    const name = doc.metadata.name;
    const before = current.get(name);
    if (!before) {
      plan.created.push(name);
      plan.changes.push({ name, doc });
    } else if (isDeepStrictEqual(before, doc)) {
      // key order aside, the same document: both are parsed documents (a schema's output or stored JSON)
      plan.unchanged.push(name);
    } else {
      plan.updated.push(name);
      plan.changes.push({ name, doc });
    }
  });
  checkDependents(batch, batchDocs, dependents, plan);
  return plan;
}

function declaredClasses(doc: NodeDocument): Set<string> {
  return new Set(doc.kind === 'Agent' ? (doc.spec.actionClasses ?? []) : []);
}

function declaredText(doc: NodeDocument): string {
  if (doc.kind !== 'Agent') return `a ${doc.kind}: only an Agent producer has action classes`;
  const list = doc.spec.actionClasses ?? [];
  return list.length ? `it declares ${list.join(', ')}` : 'it declares none';
}

/** A batch producer that stops declaring a class some registered edge out of it still carries. */
function checkDependents(batch: NodeDocument[], batchDocs: ReadonlyMap<string, NodeDocument>, dependents: Iterable<NodeDocument>, plan: ApplyPlan): void {
  const seen = new Set<string>(); // a consumer of two narrowed producers is listed twice
  for (const consumer of dependents) {
    if (batchDocs.has(consumer.metadata.name) || seen.has(consumer.metadata.name)) continue; // a batch document was checked above
    seen.add(consumer.metadata.name);
    for (const edge of consumer.spec.consumes) {
      const producer = batchDocs.get(edge.from);
      if (!producer) continue;
      const declared = declaredClasses(producer);
      const lost = (edge.actionClasses ?? []).filter((c) => !declared.has(c));
      if (lost.length === 0) continue;
      const i = batch.indexOf(producer);
      plan.errors.push({
        path: `documents[${i}].spec.actionClasses`,
        document: i,
        message: `the registered edge ${edge.from} -> ${consumer.metadata.name} carries ${lost.map((c) => `'${c}'`).join(', ')}, which '${edge.from}' would no longer declare: change that edge in the same batch, or keep declaring it`,
      });
    }
  }
}

/**
 * Batch nodes that exist now and would declare fewer action classes (a kind change from Agent
 * drops them all): only their registered consumers outside the batch can be left naming a class
 * the producer no longer has, so only for them must a store look those consumers up.
 */
export function narrowedProducers(batch: NodeDocument[], current: ReadonlyMap<string, NodeDocument>): string[] {
  return batch.flatMap((doc) => {
    const before = current.get(doc.metadata.name);
    if (!before) return [];
    const after = declaredClasses(doc);
    return [...declaredClasses(before)].some((c) => !after.has(c)) ? [doc.metadata.name] : [];
  });
}

/** Referenced names of a batch that lie outside it: what a store must check is registered. */
export function externalReferences(batch: NodeDocument[]): string[] {
  const inBatch = new Set(batch.map((d) => d.metadata.name));
  const refs = new Set<string>();
  for (const doc of batch) for (const edge of doc.spec.consumes) if (!inBatch.has(edge.from)) refs.add(edge.from);
  return [...refs];
}

/**
 * Deleting a node removes its edges both ways: the edges out of it live in its consumers'
 * documents, so each consumer gets a new document without that entry.
 */
export function planDelete(name: string, consumers: NodeDocument[]): NodeChange[] {
  const changes: NodeChange[] = [{ name, doc: null }];
  for (const doc of consumers) {
    changes.push({
      name: doc.metadata.name,
      doc: { ...doc, spec: { ...doc.spec, consumes: doc.spec.consumes.filter((c) => c.from !== name) } },
    });
  }
  return changes;
}

export function revisionSummary(created: string[], updated: string[], deleted: string[]): string {
  const parts: string[] = [];
  const describe = (verb: string, names: string[]) => {
    if (names.length === 0) return;
    parts.push(names.length <= 3 ? `${verb} ${names.join(', ')}` : `${verb} ${names.length} nodes`);
  };
  describe('created', created);
  describe('updated', updated);
  describe('deleted', deleted);
  return parts.join('; ') || 'no change';
}
