// What a revision did to a node, and at which revision to look at the node for it.
import type { RevisionRecord } from '../../../../graph-schema/index.js';

export type Change = 'created' | 'updated' | 'deleted';

export function changeOf(r: RevisionRecord, name: string): Change | undefined {
  return r.created.includes(name) ? 'created' : r.deleted.includes(name) ? 'deleted' : r.updated.includes(name) ? 'updated' : undefined;
}

/** A node deleted in a revision is shown as it was just before its deletion. */
export function shownAt(revision: number, deleted: boolean): number {
  return deleted ? revision - 1 : revision;
}
