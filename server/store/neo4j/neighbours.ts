// One node's direct producers and consumers on Neo4j at a revision, for the registry explorer:
// one bounded 1-hop query (never a radius), each side cut at `limit` by name, with exact counts,
// so a node with thousands of neighbours costs a page of them.
import neo4j from 'neo4j-driver';
import { byName, type Neighbour, type Neighbourhood } from '../../../graph-schema/index.js';
import type { NodeAttributes } from '../../analysis/graph.js';
import { NEIGHBOURS_LIMIT } from '../../analysis/neighbours.js';
import { notFound } from '../../errors.js';
import { LIVE_AT } from './radius.js';
import type { Neo4jSession } from './session.js';

/** The version of node `x` at $rev, as `alias` (the attributes it had then). */
const versionOf = (x: string, alias: string) =>
  `CALL (${x}) { MATCH (${alias}:NodeVersion {name: ${x}.name}) WHERE ${alias}.revision <= $rev RETURN ${alias} ORDER BY ${alias}.revision DESC LIMIT 1 }`;

/** One side: `pattern` binds the neighbour `w` and the edge `r`. */
const side = (pattern: string, total: string, list: string) => `
  CALL (s) { MATCH ${pattern} WHERE ${LIVE_AT('r')} RETURN count(r) AS ${total} }
  CALL (s) { MATCH ${pattern} WHERE ${LIVE_AT('r')}
             WITH w, r ORDER BY w.name LIMIT $limit
             ${versionOf('w', 'wv')}
             RETURN collect({name: w.name, attrs: wv.attrs, gate: r.gate, channel: r.channel, mode: r.mode}) AS ${list} }`;

const QUERY = `
  MATCH (s:Node {name: $name})
  ${versionOf('s', 'sv')}
  WITH s, sv WHERE NOT sv.deleted
  ${side('(w:Node)-[r:FEEDS]->(s)', 'upTotal', 'up')}
  ${side('(s)-[r:FEEDS]->(w:Node)', 'downTotal', 'down')}
  RETURN sv.attrs AS attrs, upTotal, downTotal, up, down`;

interface Row {
  name: string;
  attrs: string;
  gate: Neighbour['gate'];
  channel: Neighbour['channel'];
  mode: Neighbour['mode'];
}

const neighbourOf = (row: Row): Neighbour => {
  const attrs = JSON.parse(row.attrs) as NodeAttributes;
  return { name: row.name, kind: attrs.kind, owner: attrs.owner, ...(attrs.title !== undefined ? { title: attrs.title } : {}), gate: row.gate, channel: row.channel, mode: row.mode };
};

export async function neo4jNeighbours(db: Neo4jSession, name: string, revision: number, limit = NEIGHBOURS_LIMIT): Promise<Neighbourhood> {
  const res = await db.read((tx) => tx.run(QUERY, { name, rev: revision, limit: neo4j.int(limit) }));
  const record = res.records[0];
  if (!record) throw notFound('node', name);
  const list = (key: string) => (record.get(key) as Row[]).map(neighbourOf).sort((a, b) => byName(a.name, b.name));
  return {
    name,
    kind: (JSON.parse(record.get('attrs') as string) as NodeAttributes).kind,
    upstream: list('up'),
    downstream: list('down'),
    upstreamTotal: record.get('upTotal') as number,
    downstreamTotal: record.get('downTotal') as number,
  };
}
