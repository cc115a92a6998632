// Registry routes (CONTRACT.md §3): validate, apply, read (also the past), delete, what-if.
import type { Request } from 'express';
import { z } from 'zod';
import {
  ApplyResponse,
  BlastRadius,
  BlastRadiusQuery,
  DeleteResponse,
  NodeDocument,
  NodeKind,
  NeighboursQuery,
  NeighboursResponse,
  NodeName,
  NodesResponse,
  RevisionQuery,
  RevisionsResponse,
  ValidateResponse,
  ManifestBatch,
  type ErrorDetail,
} from '../../graph-schema/index.js';
import { invalid, notFound } from '../errors.js';
import { parseManifestText, validateBatch, type RawDocument } from '../manifest/parse.js';
import { yamlDocumentsOf } from './body.js';
import type { GraphStore } from '../store/types.js';
import type { RadiusService } from '../service/radius.js';
import { checkRegimeIds, type RegimeCatalog } from '../playbook/regimes.js';
import { resolveRevision } from './revision.js';
import { defineRoute, errorResponse, type Route } from './route.js';
import { validate } from '../validate.js';

const MANIFEST_BODY = {
  description: 'Manifest documents: a JSON object or array, or YAML text (one or many documents) with Content-Type application/yaml',
  contentTypes: ['application/json', 'application/yaml'],
  schema: ManifestBatch,
};
const NameParam = z.object({ name: NodeName });

/** The body as a batch of validated documents, or every problem found. */
export function readManifestBody(req: Request): { documents: NodeDocument[]; errors: ErrorDetail[] } {
  const body: unknown = req.body;
  let raw: RawDocument[] = [];
  const parseErrors: ErrorDetail[] = [];
  if (typeof body === 'string') {
    const isJson = (req.get('content-type') ?? '').includes('json');
    // a YAML body was read off the event loop (body.ts); its documents come with it
    const parsed = parseManifestText(body, isJson ? { format: 'json' } : { yaml: yamlDocumentsOf(req) });
    raw = parsed.documents;
    parseErrors.push(...parsed.errors);
  } else if (Array.isArray(body)) {
    raw = body.map((value, index) => ({ value, index, indexInFile: index }));
  } else if (body !== undefined && body !== null && typeof body === 'object' && Object.keys(body).length > 0) {
    raw = [{ value: body, index: 0, indexInFile: 0 }];
  }
  const batch = validateBatch(raw);
  return { documents: batch.documents, errors: [...parseErrors, ...batch.errors] };
}

export function registryRoutes(store: GraphStore, radii: RadiusService, regimes?: RegimeCatalog): Route[] {
  /** The batch's problems: parsing and schema first, then regime ids the regimes file lacks. */
  const problemsOf = (batch: { documents: NodeDocument[]; errors: ErrorDetail[] }) =>
    batch.errors.length > 0 ? batch.errors : regimes ? checkRegimeIds(batch.documents, regimes) : [];

  async function nodeAt(name: string, query: z.infer<typeof RevisionQuery>) {
    const revision = await resolveRevision(store, query);
    const node = await store.node(name, revision);
    if (!node) throw notFound('node', name);
    return { revision, node };
  }

  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/graph/validate',
      tag: 'registry',
      summary: 'Check a manifest batch; writes nothing',
      rawBody: MANIFEST_BODY,
      responses: { 200: { description: 'The verdict, with every problem named', schema: ValidateResponse }, 413: errorResponse('Body too large') },
      handler: async ({ req }) => {
        const batch = readManifestBody(req);
        const found = problemsOf(batch);
        const problems = found.length > 0 ? found : await store.checkReferences(batch.documents);
        return { valid: problems.length === 0, errors: problems };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/graph/apply',
      tag: 'registry',
      summary: 'Apply a manifest batch atomically: all of it or nothing',
      description: 'Each node in the batch is created or replaced; its consumes list replaces the edges into it. A change makes a new revision; re-applying the same documents does not.',
      rawBody: MANIFEST_BODY,
      responses: { 200: { description: 'Applied', schema: ApplyResponse }, 400: errorResponse('Invalid batch; nothing applied'), 413: errorResponse('Body too large') },
      handler: async ({ req, actor }) => {
        const batch = readManifestBody(req);
        const problems = problemsOf(batch);
        if (problems.length > 0) throw invalid(`The batch has ${problems.length} problem(s); nothing was applied`, problems);
        return store.apply(batch.documents, { by: actor });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/nodes',
      tag: 'registry',
      summary: 'Every node, as its manifest document; optionally as the graph was',
      query: RevisionQuery.extend({
        q: z.string().max(200).optional().meta({ description: 'Only nodes whose name, title or alias contains this text' }),
        kind: NodeKind.optional(),
        limit: z.coerce.number().int().min(1).max(100000).optional(),
      }),
      responses: { 200: { description: 'Nodes sorted by name', schema: NodesResponse }, 400: errorResponse('Bad query') },
      handler: async ({ query }) => {
        const revision = await resolveRevision(store, query);
        let nodes = await store.nodes(revision);
        if (query.kind) nodes = nodes.filter((n) => n.kind === query.kind);
        if (query.q) {
          const q = query.q.toLowerCase();
          const hit = (n: NodeDocument) =>
            n.metadata.name.includes(q) || (n.metadata.title ?? '').toLowerCase().includes(q) || (n.spec.aliases ?? []).some((a) => a.toLowerCase().includes(q));
          // names starting with the query first: "pol" should offer policy-agent before apology-bot
          nodes = nodes.filter(hit).sort((a, b) => Number(!a.metadata.name.startsWith(q)) - Number(!b.metadata.name.startsWith(q)));
        }
        if (query.limit) nodes = nodes.slice(0, query.limit);
        return { revision, nodes };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/nodes/:name',
      tag: 'registry',
      summary: 'One node as the manifest document it was applied as (defaults filled in)',
      description: 'The revision read is in the X-Graph-Revision header.',
      query: RevisionQuery,
      responses: { 200: { description: 'The document', schema: NodeDocument }, 404: errorResponse('Unknown node') },
      handler: async ({ req, res, query }) => {
        const { name } = validate(NameParam, req.params, 'path');
        const { revision, node } = await nodeAt(name, query);
        res.setHeader('X-Graph-Revision', String(revision));
        return node;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/nodes/:name/neighbours',
      tag: 'registry',
      summary: 'A node and its direct producers (upstream) and consumers (downstream): one hop, for exploring',
      description: 'Each side by name, at most limit (default 200); upstreamTotal and downstreamTotal count them all. One hop read by the store, never a blast radius.',
      query: NeighboursQuery,
      responses: { 200: { description: 'Neighbours', schema: NeighboursResponse }, 404: errorResponse('Unknown node') },
      handler: async ({ req, query }) => {
        const { name } = validate(NameParam, req.params, 'path');
        const revision = await resolveRevision(store, query);
        return { revision, ...(await store.neighbours(name, revision, query.limit)) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/nodes/:name',
      tag: 'registry',
      summary: 'Remove a node and every edge into or out of it (a new revision)',
      responses: { 200: { description: 'Deleted', schema: DeleteResponse }, 404: errorResponse('Unknown node') },
      handler: async ({ req, actor }) => {
        const { name } = validate(NameParam, req.params, 'path');
        return store.deleteNode(name, { by: actor });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/nodes/:name/blast-radius',
      tag: 'blast radius',
      summary: 'What-if: the blast radius if this node produced a bad output now (or at a past revision)',
      query: BlastRadiusQuery,
      responses: { 200: { description: 'The blast radius', schema: BlastRadius }, 400: errorResponse('Bad query'), 404: errorResponse('Unknown node') },
      handler: async ({ req, res, query }) => {
        const { name } = validate(NameParam, req.params, 'path');
        const revision = await resolveRevision(store, query);
        const actionClasses = query.actionClasses ?? null;
        // the revision names the content: a strong ETag for free, checked before any radius is computed
        const etag = `"r${revision}-${name}-${query.maxDepth ?? 'all'}-${actionClasses?.join('.') ?? 'all'}"`;
        res.setHeader('ETag', etag);
        if (req.fresh) {
          res.status(304).end();
          return undefined;
        }
        const body = await radii.json({ revision, source: name, actionClasses, ...(query.maxDepth !== undefined ? { maxDepth: query.maxDepth } : {}) });
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
        res.end(body);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/revisions',
      tag: 'registry',
      summary: 'Every revision, oldest first, with what it changed',
      responses: { 200: { description: 'Revisions', schema: RevisionsResponse } },
      handler: async () => ({ current: await store.currentRevision(), revisions: await store.revisions() }),
    }),
  ];
}
