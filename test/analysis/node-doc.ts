// A node document for the analysis tests, with the schema's defaults filled in.
import { API_VERSION, NodeDocument, type NodeDocumentInput } from '../../graph-schema/index.js';

/** A valid node document with defaults filled in, for tests. */
export function node(name: string, kind: 'Agent' | 'System' | 'Surface', consumes: (string | { from: string; gate?: 'none' | 'human-review' | 'automated-check' })[] = [], extra: { aliases?: string[] } = {}): NodeDocument {
  const doc: NodeDocumentInput = {
    apiVersion: API_VERSION,
    kind,
    metadata: { name, owner: 'team-test' },
    spec: { consumes: consumes.map((c) => (typeof c === 'string' ? { from: c } : c)), ...(extra.aliases ? { aliases: extra.aliases } : {}) },
  };
  return NodeDocument.parse(doc);
}
