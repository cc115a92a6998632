// The manifest patch an accuracy check proposes (JOURNEYS.md journey 3, step 4): for every consumer
// with missing edges, its current document with the missing `consumes` entries added. The patch is
// applied like any other change, after the owning teams approve it, as a new revision.
//
// - An added entry carries the contract's defaults spelled out (`channel: api`, `mode: async`,
//   `gate: none`): the reviewer sees what will be registered and corrects the channel or gate.
//   A `consumes` entry is strict, so the provenance goes on the document instead:
//   `metadata.labels['blast-radius/proposed-by'] = 'accuracy-<incident>'`.
// - A missing edge is not proposed (and is listed in `flagged` with the reason) when an endpoint is
//   not registered, when it is a self-edge, or when the current document already has it (the graph
//   moved on since the incident was opened).
// - Silent edges (the producer had the output, the consumer was not reached) are never removed
//   automatically: a held gate looks the same as a stale edge. They are listed in `flagged` and in
//   the leading comment of the YAML, for the owners to review.
// The YAML is multi-document, sorted by node name, and reads back with `parseManifestText` +
// `validateBatch` as an ordinary batch.
import { stringify } from 'yaml';
import { NodeDocument, type Accuracy } from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';

export const PROPOSED_BY_LABEL = 'blast-radius/proposed-by';

export interface FlaggedEdge {
  from: string;
  to: string;
  reason: string;
}

export interface RegistryPatch {
  yaml: string;
  documents: NodeDocument[];
  /** The edges added, by consumer: the reviewer's summary. */
  added: { from: string; to: string }[];
  flagged: FlaggedEdge[];
}

export function proposeRegistryPatch(accuracy: Accuracy, docs: Map<string, NodeDocument>): RegistryPatch {
  const flagged: FlaggedEdge[] = [];
  const additions = new Map<string, string[]>(); // consumer → producers to add
  const added: { from: string; to: string }[] = [];
  const edges = [...accuracy.missingEdges].sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  const seen = new Set<string>();
  for (const { from, to } of edges) {
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const consumer = docs.get(to);
    if (from === to) {
      flagged.push({ from, to, reason: 'a node cannot consume its own output: not proposed' });
    } else if (consumer === undefined) {
      flagged.push({ from, to, reason: `'${to}' is not registered: register it first, then add the edge` });
    } else if (!docs.has(from)) {
      flagged.push({ from, to, reason: `'${from}' is not registered: register it first, then add the edge` });
    } else if (consumer.spec.consumes.some((c) => c.from === from)) {
      flagged.push({ from, to, reason: 'already registered in the current graph: nothing to add' });
    } else {
      const list = additions.get(to) ?? [];
      list.push(from);
      additions.set(to, list);
      added.push({ from, to });
    }
  }

  const silent = accuracy.edges
    .filter((e) => e.status === 'silent')
    .sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  for (const e of silent) {
    flagged.push({
      from: e.from,
      to: e.to,
      reason: `silent: '${e.from}' had the output but '${e.to}' was never reached (gate: ${e.gate}); check whether the gate held or the edge is stale`,
    });
  }

  const proposedBy = `accuracy-${accuracy.incident}`.slice(0, 200);
  const documents = [...additions.keys()].sort(byName).map((name) => {
    const current = structuredClone(docs.get(name)!);
    current.metadata.labels = { ...(current.metadata.labels ?? {}), [PROPOSED_BY_LABEL]: proposedBy };
    for (const from of additions.get(name)!.sort(byName)) {
      current.spec.consumes.push({ from, channel: 'api', mode: 'async', gate: 'none' });
    }
    return NodeDocument.parse(current);
  });

  const lines = [`Registry patch proposed by the accuracy check of incident ${accuracy.incident}.`];
  if (added.length > 0) {
    lines.push(`Adds ${added.length} edge${added.length === 1 ? '' : 's'} the traces showed but the registry lacks (defaults filled in: review channel, mode and gate):`);
    for (const e of added) lines.push(`  ${e.from} -> ${e.to}`);
  } else {
    lines.push('No missing edge to add: nothing to apply.');
  }
  if (silent.length > 0) {
    lines.push('Silent edges flagged for review (the producer had the output, the consumer was never reached):');
    for (const e of silent) lines.push(`  ${e.from} -> ${e.to} (gate: ${e.gate})`);
  }
  const skipped = flagged.filter((f) => !f.reason.startsWith('silent:'));
  if (skipped.length > 0) {
    lines.push('Observed hops not proposed:');
    for (const f of skipped) lines.push(`  ${f.from} -> ${f.to}: ${f.reason}`);
  }
  const header = lines.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}`.replace(/\s+$/, '')).join('\n') + '\n';
  const yaml = header + documents.map((d) => `---\n${stringify(d, { lineWidth: 0 })}`).join('');
  return { yaml, documents, added, flagged };
}
