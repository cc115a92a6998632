// Neo4j schema of the neo4j store, applied idempotently at start (IF NOT EXISTS).
// :Node is one per name for all time; :NodeVersion holds each revision's document;
// :FEEDS relationships carry the revision interval [fromRev, toRev) in which they existed; traversals
// start from a :Node found by name and filter the intervals while expanding, so they need no index.
export const CYPHER_CONSTRAINTS: readonly string[] = [
  'CREATE CONSTRAINT node_name IF NOT EXISTS FOR (n:Node) REQUIRE n.name IS UNIQUE',
  'CREATE CONSTRAINT revision_number IF NOT EXISTS FOR (r:Revision) REQUIRE r.number IS UNIQUE',
  'CREATE CONSTRAINT incident_id IF NOT EXISTS FOR (i:Incident) REQUIRE i.id IS UNIQUE',
  'CREATE INDEX node_version IF NOT EXISTS FOR (v:NodeVersion) ON (v.name, v.revision)',
  'CREATE INDEX node_version_revision IF NOT EXISTS FOR (v:NodeVersion) ON (v.revision)',
  'CREATE INDEX node_alias IF NOT EXISTS FOR (n:Node) ON (n.aliases)',
  // ?at= looks revisions up by their time in milliseconds (r.at, the ISO text, is only returned)
  'DROP INDEX revision_at IF EXISTS',
  'CREATE INDEX revision_at_ms IF NOT EXISTS FOR (r:Revision) ON (r.atMs)',
  // every apply and read looks up the one graph Meta node first
  'CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:Meta) REQUIRE m.id IS UNIQUE',
  // an incident's log: decisions by seq (reading what is new) and by name and version (version checks)
  'DROP INDEX decision_event IF EXISTS',
  'DROP INDEX observation_incident IF EXISTS',
  'CREATE INDEX decision_seq IF NOT EXISTS FOR (d:Decision) ON (d.incident, d.seq)',
  'CREATE INDEX decision_version IF NOT EXISTS FOR (d:Decision) ON (d.incident, d.name, d.version)',
  'CREATE INDEX incident_event_seq IF NOT EXISTS FOR (e:IncidentEvent) ON (e.incident, e.seq)',
];
