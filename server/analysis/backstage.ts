// Backstage catalog → blast-radius manifest documents (JOURNEYS.md journey 1, step 5: "seed the
// systems her agents write to, and review what could not be mapped"). Pure: the caller reads the
// files and passes their text; nothing here does I/O. docs/backstage-import.md says the same for
// users.
//
// THE MAPPING
//
// Entities that become nodes
//   Component  → Agent   when `spec.type` mentions an agent or AI (`agent`, `ai-agent`, `ai`,
//                        `llm`), or the entity is tagged `ai`, `agent`, `ai-agent` or `llm`;
//              → Surface when `spec.type` is `website` (where outputs reach people);
//              → System  otherwise (`service` and any other type) ...
//              → not imported when `spec.type` is `library` or `documentation`: a library runs
//                inside the components that link it and documentation carries no data, so
//                neither receives nor stores outputs.
//              `spec.type` decides before tags: a website tagged `ai` is a Surface.
//   Resource   → System (a database, bucket or queue stores what it receives).
//
// Entities that become edges, not nodes
//   API        → no node: an API is the channel. `providesApis: [X]` on P and `consumesApis: [X]` on C
//                make the edge P → C (C consumes P's outputs), channel `api`, mode `sync`
//                (`event`/`async` for an `asyncapi` API). `apiConsumedBy` / `apiProvidedBy` on an API
//                count the same as `consumesApis` / `providesApis` on the component. A `consumesApis`
//                entry naming a component directly (`component:artist-lookup`) is the edge from that
//                component, and `apiConsumedBy: [component:X]` on a component P is the edge P → X.
//   dependsOn  on E, naming a Resource R → the edge E → R: R stores what E writes, so E's bad output
//                lands in R. Channel from R's type: `db` (database, sql, cache, ...), `file` (bucket,
//                storage, ...), `queue` (queue, topic, kafka, ...), else `api`. The read-back path
//                R → E is NOT inferred: Backstage does not say whether E reads what others wrote;
//                add it by hand, or let the accuracy check report it as a missing edge.
//              on E, naming a Component X → the edge X → E: E calls X and consumes its responses
//                (the same direction as consuming X's API).
//   dependencyOf is dependsOn seen from the other end: `X.dependencyOf: [E]` = `E.dependsOn: [X]`.
//   In both cases the requests E sends (which may carry E's bad output into the callee) are not
//   inferred as edges; register them by hand where an agent acts through an API.
//
// Entities that become labels
//   System     → no node (a grouping, not a runtime): its members get `backstage/system: <name>`.
//   subcomponentOf → `backstage/subcomponent-of: <parent>` on the part; no edge (Backstage does
//                not say which way data flows between a part and its whole).
//
// Not mapped (listed in `unmapped` with the reason, never guessed)
//   Domain, Group, User, Location, Template, AiResource and every other kind. A Location's targets
//   are checked against the input: a target file that is not in the input is listed too.
//   A reference to an entity that is not in the input, or to one that is not imported as a node,
//   drops the edge and is listed. So is an API that is consumed but provided by no component.
//   Documents that are not catalog entities (an app-config.yaml, a JSON list) are listed per document.
//
// Names and fields
//   name      Backstage names may hold upper case, `_` and `.`: a name that is not already a valid
//             node name is normalised (`normaliseName`: `Artist_Lookup.v2` → `artist-lookup-v2`),
//             cut to 63 characters, and the original kept as an alias so traces using it still match.
//             An entity outside the `default` namespace is named `<namespace>-<name>`.
//             Two entities that end up with the same name: the first (input order) wins, the
//             second is listed as unmapped.
//   owner     `spec.owner` without its kind and namespace (`group:default/team-a` → `team-a`,
//             `user:guest` → `guest`, `backstage/maintainers` → `maintainers`); `unknown` when absent.
//   title, description  from `metadata.title` and `metadata.description`.
//   labels    `metadata.labels` where they fit the manifest's label rules, plus `backstage/entity`
//             (the entity reference), `backstage/type`, `backstage/lifecycle`, `backstage/tags`,
//             `backstage/system`, `backstage/subcomponent-of`.
//   Entity references `[kind:][namespace/]name` are resolved case-insensitively, the kind defaulting
//   per field (`api` for providesApis/consumesApis, `component` for dependsOn, dependencyOf,
//   subcomponentOf and apiConsumedBy) and the namespace to the referring entity's.
export * from './backstage/index.js';
