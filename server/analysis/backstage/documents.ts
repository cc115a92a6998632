// Step 5 of the Backstage import: one manifest document per node, with the Backstage facts as
// labels, the original names as aliases, and the edges into it; each checked by the schema.
import { API_VERSION, NodeDocument, type NodeDocumentInput } from '../../../graph-schema/index.js';
import { byName } from '../../../graph-schema/rules.js';
import { backstageOwner, fit, isObject, parseRef, str, strings, type BackstageImportOptions, type Catalog, type Findings } from './model.js';
import type { Relations } from './relations.js';

/** `taken`: every node name, so that no alias repeats one. */
export function buildDocuments({ entities, byKey }: Catalog, { into }: Relations, taken: Iterable<string>, options: BackstageImportOptions, { unmapped }: Findings): NodeDocumentInput[] {
const usedAliases = new Set<string>(taken);
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
  return documents;
}
