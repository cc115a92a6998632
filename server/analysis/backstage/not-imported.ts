// Step 4 of the Backstage import: groupings, Locations and everything else not imported, each
// with its reason. A Location's targets are matched against the files given, globs by picomatch.
import path from 'node:path';
import picomatch from 'picomatch';
import { normaliseFile, parseRef, str, strings, type Entity, type Findings } from './model.js';

export function reportNotImported(entities: Entity[], files: Set<string>, { unmapped, mapping }: Findings): void {
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
      let found = files.has(wanted);
        if (!found && picomatch.scan(wanted).isGlob) {
          const matches = picomatch(wanted, { dot: true });
          found = [...files].some((f) => matches(f));
        }
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
}
