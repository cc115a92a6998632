// The registry as the page reads it, at the revision it shows: one request per node, shared by
// the graph and the panel. A failed request is forgotten, so the next try asks again.
import type { NeighboursResponse, NodeDocument } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';

export interface Loaders {
  neighbours: (name: string) => Promise<NeighboursResponse>;
  doc: (name: string) => Promise<NodeDocument>;
}

export function createLoaders(revision: number | undefined): Loaders {
  return {
    neighbours: cached((name) => api.neighbours(name, revision)),
    doc: cached((name) => api.node(name, revision)),
  };
}

function cached<T>(load: (name: string) => Promise<T>): (name: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (name) => {
    let p = cache.get(name);
    if (!p) {
      p = load(name);
      cache.set(name, p);
      p.catch(() => cache.delete(name));
    }
    return p;
  };
}
