// The Neo4j store keeps each node's attributes as nodeAttributes() computed them, and recomputes
// them all when ATTRS_FORMAT changes. This pins nodeAttributes()'s answers to the format: when it
// fails, nodeAttributes() changed, so bump ATTRS_FORMAT and write the new answers here.
import { expect, it } from 'vitest';
import { NodeDocument } from '../../graph-schema/index.js';
import { nodeAttributes } from '../../server/analysis/graph.js';
import { ATTRS_FORMAT } from '../../server/store/neo4j/migrations.js';

const docs = [
  { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'a', owner: 'o', title: 'T', contact: 'c@x' }, spec: { consumes: [], aliases: ['al'], actionClasses: ['refund'], regimes: ['gdpr'] } },
  { apiVersion: 'blast-radius/v1', kind: 'Surface', metadata: { name: 's', owner: 'o' }, spec: { consumes: [], audience: 'regulator' } },
  { apiVersion: 'blast-radius/v1', kind: 'Surface', metadata: { name: 'd', owner: 'o' }, spec: { consumes: [] } },
  { apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'y', owner: 'o' }, spec: { consumes: [], regimes: [] } },
].map((d) => NodeDocument.parse(d));

it(`nodeAttributes() answers as ATTRS_FORMAT ${ATTRS_FORMAT} says`, () => {
  expect({ format: ATTRS_FORMAT, attrs: docs.map(nodeAttributes) }).toEqual({
    format: 'v3',
    attrs: [
      { kind: 'Agent', owner: 'o', title: 'T', contact: 'c@x', aliases: ['al'], actionClasses: ['refund'], regimes: ['gdpr'] },
      { kind: 'Surface', owner: 'o', audience: 'regulator' },
      { kind: 'Surface', owner: 'o', audience: 'customer' },
      { kind: 'System', owner: 'o' },
    ],
  });
});
