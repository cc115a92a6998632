// Step 3 of the Backstage import: relations → edges (consumer ← producer, and how). APIs are the
// channel between their providers and consumers; dependsOn and dependencyOf point by what the
// dependee is (a Resource stores what its dependent writes; a Component answers its dependent).
import { parseRef, str, strings, type BackstageEdge, type Catalog, type Entity, type Findings } from './model.js';

function resourceChannel(type: string | undefined): { channel: BackstageEdge['channel']; mode: BackstageEdge['mode'] } {
  const t = (type ?? '').toLowerCase();
  if (/queue|topic|kafka|sqs|sns|pubsub|stream|kinesis|rabbit|event/.test(t)) return { channel: 'queue', mode: 'async' };
  if (/bucket|s3|blob|gcs|storage|file|filesystem|volume/.test(t)) return { channel: 'file', mode: 'async' };
  if (/database|\bdb\b|db$|^db|sql|postgres|mysql|mongo|redis|cache|dynamo|elastic|warehouse|bigquery|snowflake/.test(t)) return { channel: 'db', mode: 'sync' };
  return { channel: 'api', mode: 'sync' };
}

export interface Relations {
  /** Per consumer node, its producers' edges. */
  into: Map<string, Map<string, BackstageEdge>>;
  edges: BackstageEdge[];
}

export function relationEdges({ entities, byKey }: Catalog, { unmapped, mapping }: Findings): Relations {
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
  return { into, edges };
}
