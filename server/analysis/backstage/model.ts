// What every step of the Backstage import shares: the public shapes, the catalog entity as read,
// entity references, and the findings (mapping and what was not imported) each step adds to.
import path from 'node:path';
import { NODE_NAME_PATTERN, type NodeDocumentInput, type NodeKind } from '../../../graph-schema/index.js';
import { normaliseName } from '../name-resolver.js';

export interface BackstageText {
  file: string;
  text: string;
}

export interface BackstageUnmapped {
  file: string;
  /** The entity reference (`component:default/petstore`), or `document N` for a non-entity. */
  entity: string;
  reason: string;
}

export interface BackstageMappingEntry {
  file: string;
  entity: string;
  /** The Backstage kind as written. */
  backstageKind: string;
  /** What became of it: a node of that kind, an edge channel, labels on others, or nothing. */
  as: NodeKind | 'channel' | 'label' | 'unmapped';
  /** The node name, when it became a node. */
  name?: string;
  rule: string;
}

export interface BackstageEdge {
  from: string;
  to: string;
  channel: 'api' | 'queue' | 'db' | 'file' | 'event' | 'ui';
  mode: 'sync' | 'async' | 'batch';
  /** The Backstage relation it comes from, e.g. `api:default/wayback-archive`. */
  via: string;
}

export interface BackstageImport {
  documents: NodeDocumentInput[];
  unmapped: BackstageUnmapped[];
  mapping: BackstageMappingEntry[];
  edges: BackstageEdge[];
}

export interface BackstageImportOptions {
  /** Owner for entities without `spec.owner` (default `unknown`). */
  defaultOwner?: string;
}

export type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : typeof v === 'string' && v.trim() !== '' ? [v.trim()] : []);

export interface Entity {
  file: string;
  kind: string;
  kindKey: string;
  namespace: string;
  name: string;
  /** `kind:namespace/name`, lower case: the lookup key. */
  key: string;
  /** As shown to people: `component:default/artist-lookup`. */
  ref: string;
  metadata: Obj;
  spec: Obj;
  /** Set when it becomes a node. */
  node?: { name: string; kind: NodeKind };
  /** Why it is not a node (for references to it). */
  notNode?: string;
}

export interface Ref {
  kind: string;
  namespace: string;
  name: string;
  key: string;
  text: string;
}

export function parseRef(raw: string, defaultKind: string, defaultNamespace: string): Ref | undefined {
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(raw.trim());
  if (!m) return undefined;
  const kind = (m[1] ?? defaultKind).toLowerCase();
  const namespace = (m[2] ?? defaultNamespace).toLowerCase();
  const name = m[3]!;
  return { kind, namespace, name, key: `${kind}:${namespace}/${name.toLowerCase()}`, text: `${kind}:${namespace}/${name}` };
}

/** A node name for a Backstage name: kept when already valid, else normalised and cut to 63. */
export function backstageNodeName(name: string, namespace = 'default'): string | undefined {
  const raw = namespace.toLowerCase() === 'default' ? name : `${namespace}-${name}`;
  if (NODE_NAME_PATTERN.test(raw)) return raw;
  const normalised = normaliseName(raw).slice(0, 63).replace(/-+$/, '');
  return NODE_NAME_PATTERN.test(normalised) ? normalised : undefined;
}

/** `group:default/team-a` → `team-a`; `user:guest` → `guest`; `backstage/maintainers` → `maintainers`. */
export function backstageOwner(raw: unknown): string | undefined {
  const s = str(raw);
  if (s === undefined) return undefined;
  const bare = s.replace(/^[^:/]+:/, '').replace(/^.*\//, '').trim();
  return bare === '' ? undefined : bare.slice(0, 200);
}

export const fit = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** What the steps report: what became of each entity, and what was not imported and why. */
export interface Findings {
  unmapped: BackstageUnmapped[];
  mapping: BackstageMappingEntry[];
}

/** The entities read, in input order, and by `kind:namespace/name` key. */
export interface Catalog {
  entities: Entity[];
  byKey: Map<string, Entity>;
}

export function normaliseFile(file: string): string {
  return path.posix.normalize(file.replace(/\\/g, '/'));
}

