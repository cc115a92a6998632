// What an apply or a delete changes, decided without I/O: the stores look up the current
// documents, call these, and write the changes in one atomic step.
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

/** JSON with object keys sorted, so two equal documents compare equal as text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}

/**
 * @param current the registered document of each batch name that exists now
 * @param registered which of the batch's `from` names outside the batch are registered now
 */
export function planApply(
  batch: NodeDocument[],
  current: ReadonlyMap<string, NodeDocument>,
  registered: ReadonlySet<string>,
): ApplyPlan {
  const plan: ApplyPlan = { changes: [], created: [], updated: [], unchanged: [], errors: [] };
  const inBatch = new Set(batch.map((d) => d.metadata.name));
  batch.forEach((doc, i) => {
    doc.spec.consumes.forEach((edge, j) => {
      if (!inBatch.has(edge.from) && !registered.has(edge.from)) {
        plan.errors.push({
          path: `documents[${i}].spec.consumes[${j}].from`,
          document: i,
          message: `'${edge.from}' is neither in this batch nor registered`,
        });
      }
    });
    const name = doc.metadata.name;
    const before = current.get(name);
    if (!before) {
      plan.created.push(name);
      plan.changes.push({ name, doc });
    } else if (canonicalJson(before) === canonicalJson(doc)) {
      plan.unchanged.push(name);
    } else {
      plan.updated.push(name);
      plan.changes.push({ name, doc });
    }
  });
  return plan;
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
