// Backstage catalog → blast-radius manifest documents (JOURNEYS.md journey 1, step 5: "seed the
// systems her agents write to, and review what could not be mapped"). Pure: the caller reads the
// files and passes their text; nothing here does I/O. docs/backstage-import.md says the same for
// users.
//
// THE MAPPING
//
// Entities that become nodes
//   Component  → Agent   when `spec.type` mentions an agent or AI (`agent`, `ai-agent`, `ai`,
//                        `llm`), or the entity is tagged `ai`, `agent`, `ai-agent` or `llm`;
//              → Surface when `spec.type` is `website` (where outputs reach people);
//              → System  otherwise (`service` and any other type) ...
//              → not imported when `spec.type` is `library` or `documentation`: a library runs
//                inside the components that link it and documentation carries no data, so
//                neither receives nor stores outputs.
//              `spec.type` decides before tags: a website tagged `ai` is a Surface.
//   Resource   → System (a database, bucket or queue stores what it receives).
//
// Entities that become edges, not nodes
//   API        → no node: an API is the channel. `providesApis: [X]` on P and `consumesApis: [X]` on C
//                make the edge P → C (C consumes P's outputs), channel `api`, mode `sync`
//                (`event`/`async` for an `asyncapi` API). `apiConsumedBy` / `apiProvidedBy` on an API
//                count the same as `consumesApis` / `providesApis` on the component. A `consumesApis`
//                entry naming a component directly (`component:artist-lookup`) is the edge from that
//                component, and `apiConsumedBy: [component:X]` on a component P is the edge P → X.
//   dependsOn  on E, naming a Resource R → the edge E → R: R stores what E writes, so E's bad output
//                lands in R. Channel from R's type: `db` (database, sql, cache, ...), `file` (bucket,
//                storage, ...), `queue` (queue, topic, kafka, ...), else `api`. The read-back path
//                R → E is NOT inferred: Backstage does not say whether E reads what others wrote;
//                add it by hand, or let the accuracy check report it as a missing edge.
//              on E, naming a Component X → the edge X → E: E calls X and consumes its responses
//                (the same direction as consuming X's API).
//   dependencyOf is dependsOn seen from the other end: `X.dependencyOf: [E]` = `E.dependsOn: [X]`.
//   In both cases the requests E sends (which may carry E's bad output into the callee) are not
//   inferred as edges; register them by hand where an agent acts through an API.
//
// Entities that become labels
//   System     → no node (a grouping, not a runtime): its members get `backstage/system: <name>`.
//   subcomponentOf → `backstage/subcomponent-of: <parent>` on the part; no edge (Backstage does
//                not say which way data flows between a part and its whole).
//
// Not mapped (listed in `unmapped` with the reason, never guessed)
//   Domain, Group, User, Location, Template, AiResource and every other kind. A Location's targets
//   are checked against the input: a target file that is not in the input is listed too.
//   A reference to an entity that is not in the input, or to one that is not imported as a node,
//   drops the edge and is listed. So is an API that is consumed but provided by no component.
//   Documents that are not catalog entities (an app-config.yaml, a JSON list) are listed per document.
//
// Names and fields
//   name      Backstage names may hold upper case, `_` and `.`: a name that is not already a valid
//             node name is normalised (`normaliseName`: `Artist_Lookup.v2` → `artist-lookup-v2`),
//             cut to 63 characters, and the original kept as an alias so traces using it still match.
//             An entity outside the `default` namespace is named `<namespace>-<name>`.
//             Two entities that end up with the same name: the first (input order) wins, the
//             second is listed as unmapped.
//   owner     `spec.owner` without its kind and namespace (`group:default/team-a` → `team-a`,
//             `user:guest` → `guest`, `backstage/maintainers` → `maintainers`); `unknown` when absent.
//   title, description  from `metadata.title` and `metadata.description`.
//   labels    `metadata.labels` where they fit the manifest's label rules, plus `backstage/entity`
//             (the entity reference), `backstage/type`, `backstage/lifecycle`, `backstage/tags`,
//             `backstage/system`, `backstage/subcomponent-of`.
//   Entity references `[kind:][namespace/]name` are resolved case-insensitively, the kind defaulting
//   per field (`api` for providesApis/consumesApis, `component` for dependsOn, dependencyOf,
//   subcomponentOf and apiConsumedBy) and the namespace to the referring entity's.
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  API_VERSION,
  NODE_NAME_PATTERN,
  NodeDocument,
  type NodeDocumentInput,
  type NodeKind,
} from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';
import { normaliseName } from './name-resolver.js';

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

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : typeof v === 'string' && v.trim() !== '' ? [v.trim()] : []);

interface Entity {
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

interface Ref {
  kind: string;
  namespace: string;
  name: string;
  key: string;
  text: string;
}

function parseRef(raw: string, defaultKind: string, defaultNamespace: string): Ref | undefined {
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

const UNMAPPED_KINDS: Record<string, string> = {
  domain: 'a Domain groups Systems by business area; it carries no data, so it is not a node',
  group: 'a Group is a team: teams are owners (metadata.owner), not nodes',
  user: 'a User is a person: people are owners or contacts, not nodes',
  template: 'a Template scaffolds new repositories; it is not a running system',
  airesource:
    'an AiResource (a skill, rule or plugin for coding assistants) is guidance given to agents, not a runtime that produces or stores outputs; register the agents that use it as Agent documents by hand',
};

const AI_TAGS = new Set(['ai', 'agent', 'ai-agent', 'llm']);

function resourceChannel(type: string | undefined): { channel: BackstageEdge['channel']; mode: BackstageEdge['mode'] } {
  const t = (type ?? '').toLowerCase();
  if (/queue|topic|kafka|sqs|sns|pubsub|stream|kinesis|rabbit|event/.test(t)) return { channel: 'queue', mode: 'async' };
  if (/bucket|s3|blob|gcs|storage|file|filesystem|volume/.test(t)) return { channel: 'file', mode: 'async' };
  if (/database|\bdb\b|db$|^db|sql|postgres|mysql|mongo|redis|cache|dynamo|elastic|warehouse|bigquery|snowflake/.test(t)) return { channel: 'db', mode: 'sync' };
  return { channel: 'api', mode: 'sync' };
}

const fit = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

export function importBackstage(texts: BackstageText[], options: BackstageImportOptions = {}): BackstageImport {
  const unmapped: BackstageUnmapped[] = [];
  const mapping: BackstageMappingEntry[] = [];
  const entities: Entity[] = [];
  const byKey = new Map<string, Entity>();
  const files = new Set(texts.map((t) => normaliseFile(t.file)));

  // 1. Parse every document; keep the catalog entities.
  for (const { file, text } of texts) {
    let docs;
    try {
      docs = parseAllDocuments(text);
    } catch (err) {
      unmapped.push({ file, entity: 'file', reason: `not readable as YAML or JSON: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, i) => {
      const label = `document ${i + 1}`;
      if (doc.errors.length > 0) {
        unmapped.push({ file, entity: label, reason: `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` });
        return;
      }
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch (err) {
        unmapped.push({ file, entity: label, reason: `not readable: ${(err as Error).message.split('\n')[0]}` });
        return;
      }
      if (value === null || value === undefined) return; // an empty document
      const items = Array.isArray(value) ? value : [value];
      let nonEntities = 0;
      let firstReason = '';
      for (const item of items) {
        const why = notAnEntity(item);
        if (why !== undefined) {
          nonEntities++;
          firstReason ||= why;
          continue;
        }
        addEntity(item as Obj, file);
      }
      if (nonEntities > 0) {
        const reason =
          items.length === 1
            ? `not a Backstage catalog entity: ${firstReason}`
            : `${nonEntities} of its ${items.length} items are not Backstage catalog entities (first: ${firstReason})`;
        unmapped.push({ file, entity: label, reason });
      }
    });
  }

  function notAnEntity(item: unknown): string | undefined {
    if (!isObject(item)) return 'not an object';
    const apiVersion = str(item.apiVersion);
    if (apiVersion === undefined || str(item.kind) === undefined || !isObject(item.metadata) || str(item.metadata.name) === undefined) {
      return 'it has no apiVersion, kind and metadata.name (a configuration file?)';
    }
    if (apiVersion === API_VERSION) return `it is already a ${API_VERSION} manifest document: apply it directly`;
    if (!/backstage\.io\//.test(apiVersion)) return `apiVersion '${apiVersion}' is not a Backstage catalog version`;
    return undefined;
  }

  function addEntity(item: Obj, file: string): void {
    const metadata = item.metadata as Obj;
    const kind = str(item.kind)!;
    const namespace = (str(metadata.namespace) ?? 'default').toLowerCase();
    const name = str(metadata.name)!;
    const kindKey = kind.toLowerCase();
    const key = `${kindKey}:${namespace}/${name.toLowerCase()}`;
    const ref = `${kindKey}:${namespace}/${name}`;
    const first = byKey.get(key);
    if (first) {
      unmapped.push({ file, entity: ref, reason: `defined twice: the first definition (in ${first.file}) is used` });
      return;
    }
    const entity: Entity = { file, kind, kindKey, namespace, name, key, ref, metadata, spec: isObject(item.spec) ? item.spec : {} };
    byKey.set(key, entity);
    entities.push(entity);
  }

  // 2. Decide what each entity becomes, and name the nodes.
  const takenBy = new Map<string, Entity>();
  for (const e of entities) {
    const type = str(e.spec.type);
    let nodeKind: NodeKind | undefined;
    let rule = '';
    if (e.kindKey === 'component') {
      const t = (type ?? '').toLowerCase();
      const tokens = t.split(/[^a-z0-9]+/);
      const tags = strings(e.metadata.tags).map((x) => x.toLowerCase());
      if (t === 'library' || t === 'documentation') {
        e.notNode = `a Component of type '${t}' runs inside (or documents) other components and neither receives nor stores outputs`;
      } else if (t.includes('agent') || tokens.includes('ai') || tokens.includes('llm')) {
        nodeKind = 'Agent';
        rule = `Component of type '${type}' → Agent`;
      } else if (t === 'website') {
        nodeKind = 'Surface';
        rule = "Component of type 'website' → Surface";
      } else if (tags.some((x) => AI_TAGS.has(x))) {
        nodeKind = 'Agent';
        rule = `Component tagged '${tags.find((x) => AI_TAGS.has(x))}' → Agent`;
      } else {
        nodeKind = 'System';
        rule = `Component${type ? ` of type '${type}'` : ''} → System`;
      }
    } else if (e.kindKey === 'resource') {
      nodeKind = 'System';
      rule = `Resource${type ? ` of type '${type}'` : ''} → System`;
    } else if (e.kindKey === 'api') {
      e.notNode = 'an API is a channel between components, not a node';
    } else if (e.kindKey === 'system') {
      e.notNode = 'a System is a grouping, not a node';
    } else if (e.kindKey === 'location') {
      e.notNode = 'a Location lists catalog files, it is not a node';
    } else {
      e.notNode = UNMAPPED_KINDS[e.kindKey] ?? `kind '${e.kind}' has no mapping to Agent, System or Surface`;
    }
    if (nodeKind === undefined) continue;
    const name = backstageNodeName(e.name, e.namespace);
    if (name === undefined) {
      e.notNode = `its name '${e.name}' cannot be turned into a node name`;
      continue;
    }
    const owner = takenBy.get(name);
    if (owner) {
      e.notNode = `its node name '${name}' is already taken by ${owner.ref} (${owner.file})`;
      continue;
    }
    takenBy.set(name, e);
    e.node = { name, kind: nodeKind };
    mapping.push({ file: e.file, entity: e.ref, backstageKind: e.kind, as: nodeKind, name, rule: `${rule}${name !== e.name ? ` named '${name}' (alias '${e.name}')` : ''}` });
  }

  // 3. Relations → edges (consumer → producer → how).
  const into = new Map<string, Map<string, BackstageEdge>>();
  const edges: BackstageEdge[] = [];
  const reported = new Set<string>();
  const drop = (e: Entity, reason: string) => {
    const k = `${e.key}\u0000${reason}`;
    if (reported.has(k)) return;
    reported.add(k);
    unmapped.push({ file: e.file, entity: e.ref, reason });
  };
  const addEdge = (from: Entity, to: Entity, how: { channel: BackstageEdge['channel']; mode: BackstageEdge['mode'] }, via: string) => {
    if (!from.node || !to.node || from.node.name === to.node.name) return;
    let producers = into.get(to.node.name);
    if (!producers) into.set(to.node.name, (producers = new Map()));
    if (producers.has(from.node.name)) return; // the same edge said twice (consumesApis and apiConsumedBy)
    const edge: BackstageEdge = { from: from.node.name, to: to.node.name, ...how, via };
    producers.set(from.node.name, edge);
    edges.push(edge);
  };
  /** Resolves a reference from `e`'s field; reports and returns undefined when it cannot be used. */
  const target = (e: Entity, field: string, raw: string, defaultKind: string): Entity | undefined => {
    const ref = parseRef(raw, defaultKind, e.namespace);
    if (!ref) {
      drop(e, `${field} '${raw}' is not an entity reference; no edge`);
      return undefined;
    }
    const t = byKey.get(ref.key);
    if (!t) {
      drop(e, `${field} ${ref.text} is not in the input; no edge`);
      return undefined;
    }
    return t;
  };
  const notNodeReason = (e: Entity, field: string, t: Entity) =>
    drop(e, `${field} ${t.ref} is not imported as a node (${t.notNode ?? 'not mapped'}); no edge`);

  const apiProviders = new Map<Entity, Set<Entity>>();
  const apiConsumers = new Map<Entity, Set<Entity>>();
  const addTo = (map: Map<Entity, Set<Entity>>, api: Entity, e: Entity) => {
    let set = map.get(api);
    if (!set) map.set(api, (set = new Set()));
    set.add(e);
  };

  for (const e of entities) {
    if (e.kindKey === 'api') {
      for (const raw of strings(e.spec.apiConsumedBy)) {
        const c = target(e, 'apiConsumedBy', raw, 'component');
        if (c) addTo(apiConsumers, e, c);
      }
      for (const raw of strings(e.spec.apiProvidedBy)) {
        const p = target(e, 'apiProvidedBy', raw, 'component');
        if (p) addTo(apiProviders, e, p);
      }
      continue;
    }
    if (!e.node) continue; // relations of what is not imported are not followed
    for (const raw of strings(e.spec.providesApis)) {
      const api = target(e, 'providesApis', raw, 'api');
      if (!api) continue;
      if (api.kindKey === 'api') addTo(apiProviders, api, e);
      else drop(e, `providesApis ${api.ref} is a ${api.kind}, not an API; no edge`);
    }
    for (const raw of strings(e.spec.consumesApis)) {
      const t = target(e, 'consumesApis', raw, 'api');
      if (!t) continue;
      if (t.kindKey === 'api') addTo(apiConsumers, t, e);
      else if (t.node) addEdge(t, e, { channel: 'api', mode: 'sync' }, `consumesApis ${t.ref}`);
      else notNodeReason(e, 'consumesApis', t);
    }
    for (const raw of strings(e.spec.apiConsumedBy)) {
      const t = target(e, 'apiConsumedBy', raw, 'component');
      if (!t) continue;
      if (t.node) addEdge(e, t, { channel: 'api', mode: 'sync' }, `apiConsumedBy ${t.ref}`);
      else notNodeReason(e, 'apiConsumedBy', t);
    }
    const dependency = (dependent: Entity, dependee: Entity, field: string, reportOn: Entity) => {
      if (!dependent.node || !dependee.node) return notNodeReason(reportOn, field, dependent === reportOn ? dependee : dependent);
      if (dependee.kindKey === 'resource') addEdge(dependent, dependee, resourceChannel(str(dependee.spec.type)), `dependsOn ${dependee.ref}`);
      else addEdge(dependee, dependent, { channel: 'api', mode: 'sync' }, `dependsOn ${dependee.ref}`);
    };
    for (const raw of strings(e.spec.dependsOn)) {
      const t = target(e, 'dependsOn', raw, 'component');
      if (t) dependency(e, t, 'dependsOn', e);
    }
    for (const raw of strings(e.spec.dependencyOf)) {
      const t = target(e, 'dependencyOf', raw, 'component');
      if (t) dependency(t, e, 'dependencyOf', e);
    }
  }

  const apis = entities.filter((e) => e.kindKey === 'api');
  for (const api of apis) {
    const providers = [...(apiProviders.get(api) ?? [])];
    const consumers = [...(apiConsumers.get(api) ?? [])];
    const how: Pick<BackstageEdge, 'channel' | 'mode'> =
      (str(api.spec.type) ?? '').toLowerCase() === 'asyncapi' ? { channel: 'event', mode: 'async' } : { channel: 'api', mode: 'sync' };
    let made = 0;
    if (consumers.length > 0 && providers.length === 0) {
      for (const c of consumers) drop(c, `consumes ${api.ref}, which no component in the input provides; no edge`);
    }
    for (const p of providers) {
      for (const c of consumers) {
        if (!p.node) {
          notNodeReason(c, 'consumesApis provider', p);
          continue;
        }
        if (!c.node) {
          notNodeReason(p, 'providesApis consumer', c);
          continue;
        }
        if (p.node.name === c.node.name) continue;
        const before = edges.length;
        addEdge(p, c, how, api.ref);
        made += edges.length - before;
      }
    }
    const rule =
      made > 0
        ? `API → no node: ${made} edge${made === 1 ? '' : 's'} provider → consumer, channel ${how.channel}`
        : providers.length === 0 && consumers.length === 0
          ? 'API → no node; no component in the input provides or consumes it, so no edge'
          : providers.length === 0
            ? 'API → no node; no component in the input provides it, so no edge'
            : 'API → no node; no component in the input consumes it, so no edge';
    mapping.push({ file: api.file, entity: api.ref, backstageKind: api.kind, as: 'channel', rule });
  }

  // 4. Groupings, Locations and everything else not imported.
  const systemMembers = new Map<string, number>();
  for (const e of entities) {
    if (!e.node) continue;
    const sys = str(e.spec.system);
    const ref = sys === undefined ? undefined : parseRef(sys, 'system', e.namespace);
    if (ref) systemMembers.set(ref.key, (systemMembers.get(ref.key) ?? 0) + 1);
  }
  for (const e of entities) {
    if (e.node || e.kindKey === 'api') continue;
    if (e.kindKey === 'system') {
      const n = systemMembers.get(e.key) ?? 0;
      const reason = `a System groups components and is not a node; its ${n} imported member${n === 1 ? '' : 's'} carry the label backstage/system=${e.name}`;
      unmapped.push({ file: e.file, entity: e.ref, reason });
      mapping.push({ file: e.file, entity: e.ref, backstageKind: e.kind, as: 'label', rule: reason });
      continue;
    }
    if (e.kindKey === 'location') {
      const targets = [...strings(e.spec.targets), ...strings(e.spec.target)];
      const missing: string[] = [];
      for (const t of targets) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
          unmapped.push({ file: e.file, entity: e.ref, reason: `target ${t} is remote and was not fetched: import that file directly` });
          continue;
        }
        const wanted = normaliseFile(path.posix.join(path.posix.dirname(normaliseFile(e.file)), t));
        const found = wanted.includes('*') ? [...files].some((f) => globToRegExp(wanted).test(f)) : files.has(wanted);
        if (!found) missing.push(t);
      }
      for (const t of missing) {
        unmapped.push({ file: e.file, entity: e.ref, reason: `target ${t} is not in the input (the file is missing), so its entities were not imported` });
      }
      const reason = `a Location only lists catalog files (${targets.length} target${targets.length === 1 ? '' : 's'}, ${missing.length} missing); the files themselves are imported when given as input`;
      unmapped.push({ file: e.file, entity: e.ref, reason });
      mapping.push({ file: e.file, entity: e.ref, backstageKind: e.kind, as: 'unmapped', rule: reason });
      continue;
    }
    const reason = e.notNode ?? `kind '${e.kind}' has no mapping`;
    unmapped.push({ file: e.file, entity: e.ref, reason });
    mapping.push({ file: e.file, entity: e.ref, backstageKind: e.kind, as: 'unmapped', rule: reason });
  }

  // 5. Documents.
  const usedAliases = new Set<string>(takenBy.keys());
  const documents: NodeDocumentInput[] = [];
  for (const e of entities) {
    if (!e.node) continue;
    const labels: Record<string, string> = {};
    if (isObject(e.metadata.labels)) {
      for (const [k, v] of Object.entries(e.metadata.labels)) {
        if (k.length >= 1 && k.length <= 100 && typeof v === 'string' && v.length <= 200) labels[k] = v;
      }
    }
    labels['backstage/entity'] = fit(e.ref, 200);
    const type = str(e.spec.type);
    if (type) labels['backstage/type'] = fit(type, 200);
    const lifecycle = str(e.spec.lifecycle);
    if (lifecycle) labels['backstage/lifecycle'] = fit(lifecycle, 200);
    const tags = strings(e.metadata.tags);
    if (tags.length > 0) labels['backstage/tags'] = fit(tags.join(','), 200);
    const sys = str(e.spec.system);
    const sysRef = sys === undefined ? undefined : parseRef(sys, 'system', e.namespace);
    if (sysRef) labels['backstage/system'] = fit(sysRef.name, 200);
    const parentRaw = str(e.spec.subcomponentOf);
    if (parentRaw) {
      const pref = parseRef(parentRaw, 'component', e.namespace);
      const parent = pref ? byKey.get(pref.key) : undefined;
      labels['backstage/subcomponent-of'] = fit(parent?.node?.name ?? pref?.name ?? parentRaw, 200);
    }

    const aliases: string[] = [];
    for (const candidate of [e.name, e.namespace === 'default' ? undefined : `${e.namespace}/${e.name}`]) {
      if (candidate === undefined || candidate === e.node.name || usedAliases.has(candidate)) continue;
      usedAliases.add(candidate);
      aliases.push(fit(candidate, 200));
    }

    const consumes = [...(into.get(e.node.name)?.values() ?? [])]
      .sort((a, b) => byName(a.from, b.from))
      .map((edge) => ({ from: edge.from, channel: edge.channel, mode: edge.mode, gate: 'none' as const }));

    const title = str(e.metadata.title);
    const description = str(e.metadata.description);
    const doc: NodeDocumentInput = {
      apiVersion: API_VERSION,
      kind: e.node.kind,
      metadata: {
        name: e.node.name,
        ...(title ? { title: fit(title, 2000) } : {}),
        owner: backstageOwner(e.spec.owner) ?? options.defaultOwner ?? 'unknown',
        labels,
      },
      spec: {
        ...(description ? { description: fit(description, 2000) } : {}),
        ...(aliases.length > 0 ? { aliases } : {}),
        consumes,
      },
    };
    const checked = NodeDocument.safeParse(doc);
    if (!checked.success) {
      // Cannot happen by construction; never hand out a document that would fail validation.
      unmapped.push({ file: e.file, entity: e.ref, reason: `its document does not validate: ${checked.error.issues.map((i) => i.message).join('; ')}` });
      continue;
    }
    documents.push(doc);
  }
  documents.sort((a, b) => byName(a.metadata.name, b.metadata.name));
  edges.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  mapping.sort((a, b) => byName(a.file, b.file) || byName(a.entity, b.entity));
  // Grouped by file, then entity; a stable sort keeps each entity's reasons in the order found.
  unmapped.sort((a, b) => byName(a.file, b.file) || byName(a.entity, b.entity));
  return { documents, unmapped, mapping, edges };
}

function normaliseFile(file: string): string {
  return path.posix.normalize(file.replace(/\\/g, '/'));
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${body}$`);
}
