import type { RevisionQuery } from '../../graph-schema/index.js';
import { ApiError } from '../errors.js';
import type { GraphStore } from '../store/types.js';

/** `?revision=` or `?at=` to a revision number; the current one when neither is given. */
export async function resolveRevision(store: GraphStore, query: RevisionQuery): Promise<number> {
  const current = await store.currentRevision();
  if (query.revision !== undefined && query.at !== undefined) {
    throw new ApiError(400, 'invalid', 'Give revision or at, not both', [{ path: 'query.at', message: 'conflicts with revision' }]);
  }
  if (query.revision !== undefined) {
    if (query.revision > current) {
      throw new ApiError(400, 'unknown_revision', `Revision ${query.revision} does not exist; the current revision is ${current}`, [
        { path: 'query.revision', message: `must be between 0 and ${current}` },
      ]);
    }
    return query.revision;
  }
  if (query.at !== undefined) return store.revisionAt(new Date(query.at));
  return current;
}
