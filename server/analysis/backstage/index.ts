// The Backstage import (the mapping rules: server/analysis/backstage.ts), as its five steps run in
// order over shared findings: parse, decide the nodes, follow the relations, report what is not
// imported, write the documents. Pure: the caller reads the files and passes their text.
import { byName } from '../../../graph-schema/rules.js';
import { buildDocuments } from './documents.js';
import { normaliseFile, type BackstageImport, type BackstageImportOptions, type BackstageText, type Findings } from './model.js';
import { decideNodes } from './nodes.js';
import { reportNotImported } from './not-imported.js';
import { parseEntities } from './parse.js';
import { relationEdges } from './relations.js';

export { backstageNodeName, backstageOwner } from './model.js';
export type { BackstageEdge, BackstageImport, BackstageImportOptions, BackstageMappingEntry, BackstageText, BackstageUnmapped } from './model.js';

export function importBackstage(texts: BackstageText[], options: BackstageImportOptions = {}): BackstageImport {
  const found: Findings = { unmapped: [], mapping: [] };
  const { unmapped, mapping } = found;
  const files = new Set(texts.map((t) => normaliseFile(t.file)));
  const catalog = parseEntities(texts, found); // 1
  const takenBy = decideNodes(catalog.entities, found); // 2
  const relations = relationEdges(catalog, found); // 3
  reportNotImported(catalog.entities, files, found); // 4
  const documents = buildDocuments(catalog, relations, takenBy.keys(), options, found); // 5
  const { edges } = relations;
  documents.sort((a, b) => byName(a.metadata.name, b.metadata.name));
  edges.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));
  mapping.sort((a, b) => byName(a.file, b.file) || byName(a.entity, b.entity));
  // Grouped by file, then entity; a stable sort keeps each entity's reasons in the order found.
  unmapped.sort((a, b) => byName(a.file, b.file) || byName(a.entity, b.entity));
  return { documents, unmapped, mapping, edges };
}
