import { describe, expect, it } from 'vitest';
import { NodeDocument } from '../../graph-schema/index.js';
import { proposeRegistryPatch, PROPOSED_BY_LABEL } from '../../server/analysis/registry-patch.js';
import { parseManifestText, validateBatch } from '../../server/manifest/parse.js';
import { jokePipeline } from './pipeline.js';

describe('proposeRegistryPatch on the Pydantic AI incident', () => {
  const { docs, accuracy } = jokePipeline();
  // two more hops the traces might have shown: one into an unregistered node, one already registered since
  accuracy.missingEdges.push({ from: 'joke-agent', to: 'ghost-tool' }, { from: 'joke-agent', to: 'evaluator-agent' });
  const byName = new Map(docs.map((d) => [d.metadata.name, d]));
  const patch = proposeRegistryPatch(accuracy, byName);

  it('proposes get-pun-suggestion consuming joke-agent, with the defaults and a provenance label', () => {
    expect(patch.added).toEqual([{ from: 'joke-agent', to: 'get-pun-suggestion' }]);
    expect(patch.documents).toHaveLength(1);
    const doc = patch.documents[0]!;
    expect(doc.metadata.name).toBe('get-pun-suggestion');
    expect(doc.kind).toBe('System');
    expect(doc.spec.consumes).toEqual([{ from: 'joke-agent', channel: 'api', mode: 'async', gate: 'none' }]);
    expect(doc.metadata.labels).toEqual({ [PROPOSED_BY_LABEL]: 'accuracy-inc-joke' });
    expect(() => NodeDocument.parse(doc)).not.toThrow();
    // the input documents are not changed
    expect(byName.get('get-pun-suggestion')!.spec.consumes).toEqual([]);
  });

  it('flags the silent edge for review and the hops it cannot propose', () => {
    expect(patch.flagged).toEqual([
      { from: 'joke-agent', to: 'evaluator-agent', reason: 'already registered in the current graph: nothing to add' },
      { from: 'joke-agent', to: 'ghost-tool', reason: "'ghost-tool' is not registered: register it first, then add the edge" },
      {
        from: 'evaluator-agent',
        to: 'joke-board',
        reason: "silent: 'evaluator-agent' had the output but 'joke-board' was never reached (gate: human-review); check whether the gate held or the edge is stale",
      },
    ]);
  });

  it('emits YAML with a leading comment that reads back as a valid batch', () => {
    expect(patch.yaml.startsWith('# Registry patch proposed by the accuracy check of incident inc-joke.\n')).toBe(true);
    expect(patch.yaml).toContain('#   joke-agent -> get-pun-suggestion\n');
    expect(patch.yaml).toContain('#   evaluator-agent -> joke-board (gate: human-review)\n');
    expect(patch.yaml).toContain("#   joke-agent -> ghost-tool: 'ghost-tool' is not registered");
    const parsed = parseManifestText(patch.yaml, { file: 'patch.yaml' });
    expect(parsed.errors).toEqual([]);
    const batch = validateBatch(parsed.documents);
    expect(batch.errors).toEqual([]);
    expect(batch.documents).toEqual(patch.documents);
  });

  it('with nothing missing: no documents, and a comment saying so', () => {
    const none = proposeRegistryPatch({ ...accuracy, missingEdges: [], edges: [] }, byName);
    expect(none.documents).toEqual([]);
    expect(none.flagged).toEqual([]);
    expect(none.yaml).toBe('# Registry patch proposed by the accuracy check of incident inc-joke.\n# No missing edge to add: nothing to apply.\n');
  });
});
