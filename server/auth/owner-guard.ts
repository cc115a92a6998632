// registrar:<owner> (CONTRACT.md §9): a registrar limited to one owner's nodes. An apply batch
// with a document of another owner, or one that replaces a node another owner holds, and a
// delete of another owner's node, are refused whole before anything is written.
import type { Request } from 'express';
import type { ErrorDetail } from '../../graph-schema/index.js';
import { readManifestBody } from '../api/registry-routes.js';
import type { GraphStore } from '../store/types.js';
import { forbidden } from './authenticator.js';
import { registrarOwners, type Principal } from './roles.js';

export interface GuardContext {
  req: Request;
  principal: Principal;
  store: GraphStore;
}
export type Guard = (ctx: GuardContext) => Promise<void>;

const ownersText = (owners: Set<string>) => [...owners].map((o) => `'${o}'`).join(', ');

/** POST /graph/apply: every document, and every node it replaces, must be of the caller's owners. */
export const ownsBatch: Guard = async ({ req, principal, store }) => {
  const owners = registrarOwners(principal);
  if (owners === 'all') return;
  // an invalid batch is the handler's 400; only the documents that parse are checked here
  const { documents } = readManifestBody(req);
  const revision = await store.currentRevision();
  const problems: ErrorDetail[] = [];
  for (const [i, doc] of documents.entries()) {
    const name = doc.metadata.name;
    if (!owners.has(doc.metadata.owner)) problems.push({ path: `documents[${i}].metadata.owner`, message: `${name}: owner '${doc.metadata.owner}' is not one you may register for` });
    const current = await store.node(name, revision);
    if (current && !owners.has(current.metadata.owner)) problems.push({ path: `documents[${i}].metadata.name`, message: `${name} is registered by owner '${current.metadata.owner}'` });
  }
  if (problems.length > 0) {
    throw forbidden(`${principal.identity} may register only nodes of ${ownersText(owners)}; ${problems.length} problem(s), nothing was applied`, problems);
  }
};

/** DELETE /nodes/{name}: the node must be of the caller's owners (an unknown node is the handler's 404). */
export const ownsNode: Guard = async ({ req, principal, store }) => {
  const owners = registrarOwners(principal);
  if (owners === 'all') return;
  const name = String(req.params.name ?? '');
  const current = await store.node(name, await store.currentRevision());
  if (current && !owners.has(current.metadata.owner)) {
    throw forbidden(`${principal.identity} may delete only nodes of ${ownersText(owners)}; ${name} is registered by owner '${current.metadata.owner}'`, [
      { path: 'path.name', message: `owner '${current.metadata.owner}'` },
    ]);
  }
};
