// From a name seen in trace data (a service.name, a gen_ai.agent.name, a tool name) to the
// registered node it means (CONTRACT.md §3 "Names match registered names or aliases").
//
// Tried in this order, the first that answers wins:
//   1. the exact registered name;
//   2. an exact alias (`spec.aliases`);
//   3. the normalised form (see `normaliseName`) against the normalised registered names;
//   4. the normalised form against the normalised aliases.
// When a normalised form fits two different nodes at the same step, the answer is `undefined`:
// a name we cannot attribute with certainty is reported as unmatched rather than guessed.
import type { NodeDocument } from '../../graph-schema/index.js';

export type NameResolver = (seen: string) => string | undefined;

/**
 * Lower-case kebab form: camelCase and PascalCase split into words (`PolicyAgent` → `policy-agent`,
 * `HTTPServer` → `http-server`), `_`, spaces, `.` and every other character outside `a-z0-9`
 * turned into `-`, repeated `-` collapsed, leading and trailing `-` dropped.
 */
export function normaliseName(raw: string): string {
  return raw
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const AMBIGUOUS = Symbol('ambiguous');
type Slot = string | typeof AMBIGUOUS;

function put(map: Map<string, Slot>, key: string, name: string): void {
  if (key === '') return;
  const known = map.get(key);
  if (known === undefined) map.set(key, name);
  else if (known !== name) map.set(key, AMBIGUOUS);
}

export function createNameResolver(docs: Iterable<NodeDocument>): NameResolver {
  const names = new Set<string>();
  const aliases = new Map<string, Slot>();
  const normalisedNames = new Map<string, Slot>();
  const normalisedAliases = new Map<string, Slot>();
  for (const doc of docs) {
    const name = doc.metadata.name;
    names.add(name);
    put(normalisedNames, normaliseName(name), name);
    for (const alias of doc.spec.aliases ?? []) {
      put(aliases, alias, name);
      put(normalisedAliases, normaliseName(alias), name);
    }
  }
  const pick = (slot: Slot | undefined): string | undefined => (slot === AMBIGUOUS ? undefined : slot);
  return (seen: string): string | undefined => {
    if (typeof seen !== 'string' || seen.length === 0) return undefined;
    if (names.has(seen)) return seen;
    const alias = aliases.get(seen);
    if (alias !== undefined) return pick(alias);
    const key = normaliseName(seen);
    if (key === '') return undefined;
    const byName = normalisedNames.get(key);
    if (byName !== undefined) return pick(byName);
    return pick(normalisedAliases.get(key));
  };
}
