// Step 1 of the Backstage import: parse every document and keep the catalog entities; report
// what is not YAML, not an entity, or an entity defined twice.
import { parseAllDocuments } from 'yaml';
import { API_VERSION } from '../../../graph-schema/index.js';
import { isObject, str, type BackstageText, type Catalog, type Entity, type Findings, type Obj } from './model.js';

export function parseEntities(texts: BackstageText[], { unmapped }: Findings): Catalog {
  const entities: Entity[] = [];
  const byKey = new Map<string, Entity>();

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

  return { entities, byKey };
}
