import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backstageNodeName, backstageOwner, importBackstage, type BackstageText } from '../../server/analysis/backstage.js';
import { validateBatch, type RawDocument } from '../../server/manifest/parse.js';
import { fixturePath } from './fixtures.js';
import { describeRealdata, realPath, walk } from './realdata.js';

const ROOT = realPath('backstage');
const readTree = (root: string, filter: (f: string) => boolean): BackstageText[] =>
  walk(root)
    .filter(filter)
    .map((f) => ({ file: path.relative(root, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }));
const read = (filter: (f: string) => boolean) => readTree(ROOT, filter);
const asBatch = (docs: unknown[]): RawDocument[] => docs.map((value, index) => ({ value, index, indexInFile: index }));

describe("importBackstage on the project's catalog (fixtures/backstage)", () => {
  const result = importBackstage(readTree(fixturePath('backstage'), (f) => f.endsWith('.yaml')));
  const doc = (name: string) => result.documents.find((d) => d.metadata.name === name)!;

  it('maps an ai-agent type and an ai tag to Agents, a website to a Surface, services and resources to Systems', () => {
    expect(result.documents.map((d) => `${d.kind}:${d.metadata.name}`)).toEqual([
      'System:chat-transcripts',
      'Surface:chat-widget',
      'System:order-service',
      'Agent:refund-agent',
      'System:refund-ledger',
      'Agent:triage-agent',
    ]);
    const batch = validateBatch(asBatch(result.documents));
    expect(batch.errors).toEqual([]);
  });

  it('turns providesApis/consumesApis into provider → consumer edges and dependsOn/dependencyOf into callee → caller and writer → resource', () => {
    expect(result.edges.map((e) => `${e.from} -> ${e.to} ${e.channel}/${e.mode} (${e.via})`)).toEqual([
      'order-service -> refund-agent api/sync (dependsOn component:default/order-service)',
      'order-service -> triage-agent api/sync (api:default/order-api)',
      'refund-agent -> refund-ledger db/sync (dependsOn resource:default/refund-ledger)',
      'triage-agent -> chat-transcripts file/async (dependsOn resource:default/chat-transcripts)', // from the bucket's dependencyOf
      'triage-agent -> chat-widget event/async (api:default/triage-decisions)', // an asyncapi API is an event edge
      'triage-agent -> refund-agent event/async (api:default/triage-decisions)',
    ]);
    expect(doc('refund-agent').spec?.consumes).toEqual([
      { from: 'order-service', channel: 'api', mode: 'sync', gate: 'none' },
      { from: 'triage-agent', channel: 'event', mode: 'async', gate: 'none' },
    ]);
  });

  it('normalises names with the original as an alias; owners without kind or namespace; labels carry type, lifecycle, tags and system', () => {
    expect(doc('refund-agent').spec?.aliases).toEqual(['Refund_Agent']);
    expect(doc('refund-agent').metadata.owner).toBe('dana'); // user:default/dana
    expect(doc('order-service').metadata.owner).toBe('team-orders');
    expect(doc('triage-agent').metadata.labels).toEqual({
      'backstage/entity': 'component:default/triage-agent',
      'backstage/type': 'ai-agent',
      'backstage/lifecycle': 'production',
      'backstage/tags': 'python,llm',
      'backstage/system': 'support-desk',
    });
    expect(doc('order-service').metadata.labels).toMatchObject({ tier: 'gold' });
  });

  it('explains every entity it did not make a node, and every reference it could not follow', () => {
    expect(result.unmapped.map((u) => `${u.file} ${u.entity}`)).toEqual([
      'catalog-info.yaml domain:default/customer-care',
      'catalog-info.yaml group:default/care-platform',
      'catalog-info.yaml location:default/support-catalog',
      'catalog-info.yaml location:default/support-catalog',
      'catalog-info.yaml system:default/support-desk',
      'components.yaml component:default/chat-widget',
      'components.yaml component:default/order-service',
      'components.yaml component:default/prompt-kit',
    ]);
    const reasons = (entity: string) => result.unmapped.filter((u) => u.entity === entity).map((u) => u.reason);
    expect(reasons('location:default/support-catalog')[0]).toBe('target ./retired.yaml is not in the input (the file is missing), so its entities were not imported');
    expect(reasons('component:default/chat-widget')).toEqual(['consumes api:default/faq-api, which no component in the input provides; no edge']);
    expect(reasons('component:default/order-service')).toEqual(['providesApis api:default/inventory-api is not in the input; no edge']);
    expect(reasons('component:default/prompt-kit')[0]).toContain("type 'library'");
    expect(reasons('system:default/support-desk')[0]).toContain('4 imported members carry the label backstage/system=support-desk');
  });

  it('records what each of the 14 entities became, once each (6 nodes, 3 APIs, 5 others)', () => {
    expect(result.mapping).toHaveLength(14);
    expect(new Set(result.mapping.map((m) => m.entity)).size).toBe(14);
    expect(result.mapping.filter((m) => m.as === 'channel').map((m) => m.entity)).toEqual(['api:default/faq-api', 'api:default/order-api', 'api:default/triage-decisions']);
  });
});

describeRealdata('importBackstage on the real Backstage catalogs (realdata/backstage, every YAML file)', () => {
  let texts: BackstageText[];
  let result: ReturnType<typeof importBackstage>;
  beforeAll(() => {
    texts = read((f) => /\.ya?ml$/.test(f));
    result = importBackstage(texts);
  });

  it('reads all 40 YAML files', () => {
    expect(texts).toHaveLength(40);
  });

  it('makes 14 documents that validate as one batch with zero errors, every `from` inside the batch', () => {
    const batch = validateBatch(asBatch(result.documents));
    expect(batch.errors).toEqual([]);
    expect(batch.documents).toHaveLength(14);
    const names = new Set(result.documents.map((d) => d.metadata.name));
    for (const d of result.documents) for (const c of d.spec?.consumes ?? []) expect(names.has(c.from)).toBe(true);
  });

  it('maps Components and Resources to Systems, websites to Surfaces, and skips the library', () => {
    expect(result.documents.map((d) => `${d.kind}:${d.metadata.name}`)).toEqual([
      'System:artist-lookup',
      'System:artists-db',
      'Surface:backstage-demo',
      'System:petstore',
      'System:playback-order',
      'System:podcast-api',
      'Surface:queue-proxy',
      'System:searcher',
      'System:shuffle-api',
      'System:wayback-archive',
      'System:wayback-archive-ingestion',
      'System:wayback-archive-storage',
      'System:wayback-search',
      'Surface:www-artist',
    ]);
  });

  it('owners without kind or namespace; labels carry the entity, system and subcomponent', () => {
    const doc = (name: string) => result.documents.find((d) => d.metadata.name === name)!;
    expect(doc('backstage-demo').metadata.owner).toBe('maintainers'); // backstage/maintainers
    expect(doc('searcher').metadata.owner).toBe('guest'); // user:guest
    expect(doc('artist-lookup').metadata.owner).toBe('team-a');
    expect(doc('artist-lookup').metadata.labels).toMatchObject({
      'backstage/entity': 'component:default/artist-lookup',
      'backstage/system': 'artist-engagement-portal',
      'backstage/type': 'service',
      'backstage/lifecycle': 'experimental',
      'backstage/tags': 'java,data',
    });
    expect(doc('shuffle-api').metadata.labels).toMatchObject({ goVersion: 'go1.15.3', category: 'music' });
    expect(doc('wayback-archive-ingestion').metadata.labels).toMatchObject({ 'backstage/subcomponent-of': 'wayback-archive' });
    expect(doc('artists-db').spec?.description).toBe('Stores artist details');
  });

  it('makes exactly three edges, with the direction and channel of the mapping', () => {
    expect(result.edges).toEqual([
      { from: 'artist-lookup', to: 'artists-db', channel: 'db', mode: 'sync', via: 'dependsOn resource:default/artists-db' },
      { from: 'artist-lookup', to: 'www-artist', channel: 'api', mode: 'sync', via: 'apiConsumedBy component:default/www-artist' },
      { from: 'wayback-archive', to: 'wayback-search', channel: 'api', mode: 'sync', via: 'api:default/wayback-archive' },
    ]);
    const doc = (name: string) => result.documents.find((d) => d.metadata.name === name)!;
    expect(doc('artists-db').spec?.consumes).toEqual([{ from: 'artist-lookup', channel: 'db', mode: 'sync', gate: 'none' }]);
    expect(doc('wayback-search').spec?.consumes).toEqual([{ from: 'wayback-archive', channel: 'api', mode: 'sync', gate: 'none' }]);
  });

  it('lists 32 unmapped entries, each explaining itself', () => {
    expect(result.unmapped).toHaveLength(32);
    for (const u of result.unmapped) {
      expect(u.file).toMatch(/\.ya?ml$/);
      expect(u.entity).not.toBe('');
      expect(u.reason.length).toBeGreaterThan(30);
    }
    const count = (re: RegExp) => result.unmapped.filter((u) => re.test(u.entity)).length;
    expect(count(/^airesource:/)).toBe(9);
    expect(count(/^location:/)).toBe(7 + 4); // 7 Locations, 4 missing targets of all-apis.yaml
    expect(count(/^domain:/)).toBe(3);
    expect(count(/^system:/)).toBe(3);
  });

  it('explains the missing Location targets, the dangling API references and the library', () => {
    const reasons = (entity: string) => result.unmapped.filter((u) => u.entity === entity).map((u) => u.reason);
    expect(reasons('location:default/example-apis')).toEqual([
      'target ./apis/hello-world-api.yaml is not in the input (the file is missing), so its entities were not imported',
      'target ./apis/petstore-api.yaml is not in the input (the file is missing), so its entities were not imported',
      'target ./apis/streetlights-api.yaml is not in the input (the file is missing), so its entities were not imported',
      'target ./apis/swapi-graphql.yaml is not in the input (the file is missing), so its entities were not imported',
      'a Location only lists catalog files (10 targets, 4 missing); the files themselves are imported when given as input',
    ]);
    expect(reasons('component:default/petstore')).toEqual([
      'providesApis api:default/petstore is not in the input; no edge',
      'providesApis api:default/streetlights is not in the input; no edge',
      'providesApis api:default/hello-world is not in the input; no edge',
    ]);
    expect(reasons('component:default/backstage-demo')).toEqual([
      'consumes api:default/demo-graphql, which no component in the input provides; no edge',
    ]);
    expect(reasons('component:default/playback-sdk')[0]).toContain("type 'library'");
    expect(reasons('system:default/artist-engagement-portal')[0]).toContain('3 imported members carry the label backstage/system=artist-engagement-portal');
    expect(result.unmapped.find((u) => u.file === 'demo/app-config.yaml')).toEqual({
      file: 'demo/app-config.yaml',
      entity: 'document 1',
      reason: 'not a Backstage catalog entity: it has no apiVersion, kind and metadata.name (a configuration file?)',
    });
  });

  it('records what every entity became', () => {
    const as = (entity: string) => result.mapping.find((m) => m.entity === entity);
    expect(as('api:default/wayback-archive')).toMatchObject({ as: 'channel', rule: 'API → no node: 1 edge provider → consumer, channel api' });
    expect(as('api:default/github-mcp-server')).toMatchObject({ as: 'channel', rule: expect.stringContaining('no component in the input provides or consumes it') });
    expect(as('component:default/queue-proxy')).toMatchObject({ as: 'Surface', name: 'queue-proxy' });
    expect(as('resource:default/artists-db')).toMatchObject({ as: 'System', rule: "Resource of type 'database' → System" });
    expect(as('system:default/podcast')).toMatchObject({ as: 'label' });
    expect(as('airesource:default/frontend-design')).toMatchObject({ as: 'unmapped' });
    // every entity appears once: 14 nodes, 8 APIs, 9 AiResources, 7 Locations, 3 Domains, 3 Systems, 1 library
    expect(new Set(result.mapping.map((m) => m.entity)).size).toBe(result.mapping.length);
    expect(result.mapping).toHaveLength(45);
    expect(result.mapping.filter((m) => m.as === 'channel')).toHaveLength(8);
  });

  it('does not crash on the rest of the folder (the JSON provenance list): one more unmapped entry', () => {
    const all = importBackstage(read(() => true));
    expect(all.documents).toEqual(result.documents);
    expect(all.unmapped).toHaveLength(33);
    expect(all.unmapped.find((u) => u.file === 'upstream_manifest.json')?.reason).toBe(
      '36 of its 36 items are not Backstage catalog entities (first: it has no apiVersion, kind and metadata.name (a configuration file?))',
    );
  });
});

describe('importBackstage mapping rules', () => {
  const catalog = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: Refund_Agent.v2, namespace: payments, tags: [python] }
spec: { type: ai-agent, owner: group:payments/refund-team, dependsOn: [component:ledger-svc, resource:default/Audit_Log], consumesApis: [triage-events] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger-svc, namespace: payments, tags: [ai] }
spec: { type: service, owner: team-ledger }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: triage, tags: [llm] }
spec: { type: website, owner: team-triage, providesApis: [payments/triage-events] }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: triage-events, namespace: payments }
spec: { type: asyncapi, owner: team-triage }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: Audit_Log }
spec: { type: kafka-topic, dependencyOf: [component:payments/ledger-svc] }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: audit-log }
spec: { type: s3-bucket, owner: team-x }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: refund-team, namespace: payments }
spec: { type: team }
`;
  const result = importBackstage([{ file: 'catalog.yaml', text: catalog }]);
  const doc = (name: string) => result.documents.find((d) => d.metadata.name === name)!;

  it('Agent by type (ai-agent) or tag (ai), Surface for a website even when tagged llm', () => {
    expect(result.documents.map((d) => `${d.kind}:${d.metadata.name}`)).toEqual([
      'System:audit-log',
      'Agent:payments-ledger-svc',
      'Agent:payments-refund-agent-v2',
      'Surface:triage',
    ]);
  });

  it('normalises names, keeps the original as an alias, prefixes a non-default namespace', () => {
    expect(doc('payments-refund-agent-v2').spec?.aliases).toEqual(['Refund_Agent.v2', 'payments/Refund_Agent.v2']);
    expect(doc('payments-ledger-svc').spec?.aliases).toEqual(['ledger-svc', 'payments/ledger-svc']);
    expect(doc('payments-refund-agent-v2').metadata.owner).toBe('refund-team');
    expect(doc('audit-log').metadata.owner).toBe('unknown'); // Audit_Log has no spec.owner
    expect(backstageNodeName('PolicyAgent')).toBe('policy-agent');
    expect(backstageNodeName('a'.repeat(80))).toHaveLength(63);
    expect(backstageOwner('group:default/team-a')).toBe('team-a');
  });

  it('the first of two entities with the same node name wins; the second is unmapped', () => {
    // Audit_Log normalises to audit-log and comes first in input order
    expect(result.unmapped).toContainEqual({
      file: 'catalog.yaml',
      entity: 'resource:default/audit-log',
      reason: "its node name 'audit-log' is already taken by resource:default/Audit_Log (catalog.yaml)",
    });
    expect(doc('audit-log').spec?.aliases).toEqual(['Audit_Log']);
  });

  it('dependsOn a component: callee → caller; on a resource: writer → resource; dependencyOf the same from the other side; asyncapi is an event edge', () => {
    expect(result.edges.map((e) => `${e.from} -> ${e.to} ${e.channel}/${e.mode}`)).toEqual([
      'payments-ledger-svc -> audit-log queue/async',
      'payments-ledger-svc -> payments-refund-agent-v2 api/sync',
      'payments-refund-agent-v2 -> audit-log queue/async',
      'triage -> payments-refund-agent-v2 event/async',
    ]);
    const batch = validateBatch(asBatch(result.documents));
    expect(batch.errors).toEqual([]);
  });

  it('lists the Group as unmapped and labels the entity reference as written', () => {
    expect(result.unmapped.find((u) => u.entity === 'group:payments/refund-team')?.reason).toContain('teams are owners');
    expect(doc('audit-log').metadata.labels?.['backstage/entity']).toBe('resource:default/Audit_Log');
  });
});

describe('importBackstage: Location targets, globs included (picomatch)', () => {
  const location = (targets: string[]) =>
    `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: all }\nspec:\n  targets:\n${targets.map((t) => `    - ${t}`).join('\n')}\n`;
  const component = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${name} }\nspec: { type: service, owner: team-a }\n`;
  const missingOf = (targets: string[]) =>
    importBackstage([
      { file: 'catalog/all.yaml', text: location(targets) },
      { file: 'catalog/teams/a.yaml', text: component('svc-a') },
      { file: 'catalog/b.yaml', text: component('svc-b') },
    ])
      .unmapped.filter((u) => u.reason.endsWith('so its entities were not imported'))
      .map((u) => u.reason.split(' ')[1]);

  it('finds a target given as input, and names each missing one', () => {
    expect(missingOf(['./b.yaml', './teams/a.yaml', './c.yaml', '../catalog/b.yaml'])).toEqual(['./c.yaml']);
  });

  it('reads * within one folder, ** across folders, and braces', () => {
    expect(missingOf(['./*.yaml', './teams/*.yaml', './**/a.yaml', './{b,teams/a}.yaml'])).toEqual([]);
    // * does not cross a folder; nothing is under other/
    expect(missingOf(['./*/b.yaml', './other/**/*.yaml', './*.json'])).toEqual(['./*/b.yaml', './other/**/*.yaml', './*.json']);
  });
});
