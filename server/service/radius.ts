// Blast radii by (revision, source, broken action classes, maxDepth). A revision never changes, so
// neither does its radius: answers are cached without invalidation, and concurrent requests for
// one key share one computation (lru-cache's fetchMethod), whichever instance of the service asks.
import { LRUCache } from 'lru-cache';
import type { BlastRadius, NodeDocument } from '../../graph-schema/index.js';
import { edgesOf, radiusGraph, type RadiusGraph } from '../analysis/radius-graph.js';
import type { GraphStore } from '../store/types.js';

export interface RadiusKey {
  revision: number;
  source: string;
  actionClasses?: string[] | null;
  maxDepth?: number;
}

/** A cached radius: the answer, its arrays for the time engine, and its JSON built on first use. */
export interface CachedRadius {
  radius: BlastRadius;
  /** The source's manifest at that revision: its action classes, containment registry, regimes. */
  sourceDoc: NodeDocument | undefined;
  graph: RadiusGraph;
  json?: Buffer;
}

const keyOf = (k: RadiusKey) => `${k.revision}\u0000${k.source}\u0000${k.actionClasses ? [...k.actionClasses].sort().join(',') : '*'}\u0000${k.maxDepth ?? ''}`;

/** Rough bytes of a radius in memory, for the cache's budget: edges dominate. */
const sizeOf = (r: CachedRadius) => 200 + r.radius.consumers.length * 400 + r.graph.outTo.length * 40 + (r.json?.length ?? 0);

export class RadiusService {
  private cache: LRUCache<string, CachedRadius, RadiusKey>;

  constructor(
    private store: GraphStore,
    maxBytes = Number(process.env.BLAST_RADIUS_RADIUS_CACHE_MB ?? 1024) * 1024 * 1024,
  ) {
    this.cache = new LRUCache<string, CachedRadius, RadiusKey>({
      maxSize: maxBytes,
      sizeCalculation: (r) => Math.max(1, Math.min(sizeOf(r), maxBytes)),
      fetchMethod: async (_key, _stale, { context }) => {
        const { revision, source, actionClasses, maxDepth } = context;
        const sourceDoc = await this.store.node(source, revision);
        if (maxDepth === undefined) {
          const model = await this.store.radiusModel(source, { revision, ...(actionClasses ? { actionClasses } : {}) });
          return { ...model, sourceDoc };
        }
        // a what-if with maxDepth: the answer with its edges (only its JSON is used)
        const radius = await this.store.blastRadius(source, { revision, maxDepth, ...(actionClasses ? { actionClasses } : {}) });
        return { radius, sourceDoc, graph: radiusGraph(radius, sourceDoc?.spec.actionClasses) };
      },
    });
  }

  async get(key: RadiusKey): Promise<CachedRadius> {
    const hit = await this.cache.fetch(keyOf(key), { context: key });
    return hit!;
  }

  /** The what-if answer as JSON (with every edge), serialised once per key. */
  async json(key: RadiusKey): Promise<Buffer> {
    const hit = await this.get(key);
    hit.json ??= Buffer.from(JSON.stringify(hit.radius.edges.length > 0 || hit.graph.outTo.length === 0 ? hit.radius : { ...hit.radius, edges: edgesOf(hit.graph) }), 'utf8');
    return hit.json;
  }
}
