// Step 2 of the Backstage import: decide what each entity becomes (Agent, System, Surface or no
// node, with the rule that decided) and give each node its name.
import type { NodeKind } from '../../../graph-schema/index.js';
import { backstageNodeName, str, strings, type Entity, type Findings } from './model.js';

const UNMAPPED_KINDS: Record<string, string> = {
  domain: 'a Domain groups Systems by business area; it carries no data, so it is not a node',
  group: 'a Group is a team: teams are owners (metadata.owner), not nodes',
  user: 'a User is a person: people are owners or contacts, not nodes',
  template: 'a Template scaffolds new repositories; it is not a running system',
  airesource:
    'an AiResource (a skill, rule or plugin for coding assistants) is guidance given to agents, not a runtime that produces or stores outputs; register the agents that use it as Agent documents by hand',
};

const AI_TAGS = new Set(['ai', 'agent', 'ai-agent', 'llm']);

/** Marks each entity's node (or why it is none); answers which entity took each node name. */
export function decideNodes(entities: Entity[], { mapping }: Findings): Map<string, Entity> {
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
  return takenBy;
}
