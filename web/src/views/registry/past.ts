// A node at a past revision compared with the node now: what is different, field by field, or
// that it has been deleted since.
import type { NodeDocument } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { delayText } from './delay-text.js';

interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** `now` is null when the node has been deleted since `revision`. */
export function sinceBlock(then: NodeDocument, now: NodeDocument | null, revision: number): HTMLElement {
  const block = (...content: (HTMLElement | string)[]) => h('div.rg-since', { id: 'since' }, ...content);
  if (now === null) return block(h('strong', 'Deleted since: '), `${then.metadata.name} is no longer in the registry.`);
  const diff = diffDocs(then, now);
  if (diff.length === 0) return block(h('strong', `Unchanged since revision ${revision}.`));
  return block(
    h('strong', `Changed since revision ${revision}:`),
    h('table.rg-diff', h('thead', h('tr', h('th', ''), h('th', `then (r${revision})`), h('th', 'now'))),
      h('tbody', ...diff.map((d) => h('tr', { dataset: { field: d.field } }, h('th', d.field), h('td.then', d.before || '—'), h('td.now', d.after || '—'))))),
  );
}

/** Field by field, in words a reviewer reads: owner, contact, …, and each consumes entry. */
function diffDocs(a: NodeDocument, b: NodeDocument): FieldChange[] {
  const out: FieldChange[] = [];
  const cmp = (field: string, x: string | undefined, y: string | undefined) => {
    if ((x ?? '') !== (y ?? '')) out.push({ field, before: x ?? '', after: y ?? '' });
  };
  const labels = (l?: Record<string, string>) => Object.entries(l ?? {}).sort().map(([k, v]) => `${k}=${v}`).join(' ');
  cmp('kind', a.kind, b.kind);
  cmp('title', a.metadata.title, b.metadata.title);
  cmp('owner', a.metadata.owner, b.metadata.owner);
  cmp('contact', a.metadata.contact, b.metadata.contact);
  cmp('labels', labels(a.metadata.labels), labels(b.metadata.labels));
  cmp('description', a.spec.description, b.spec.description);
  cmp('aliases', (a.spec.aliases ?? []).join(', '), (b.spec.aliases ?? []).join(', '));
  cmp('actions', (a.spec.actionClasses ?? []).join(', '), (b.spec.actionClasses ?? []).join(', '));
  const edge = (c: NodeDocument['spec']['consumes'][number]) =>
    [c.channel, c.mode, c.gate === 'none' ? 'no gate' : `gate ${c.gate}`, c.delay ? `delay ${delayText(c.delay)}` : '', c.actionClasses?.length ? `actions ${c.actionClasses.join('/')}` : ''].filter(Boolean).join(' · ');
  const ea = new Map(a.spec.consumes.map((c) => [c.from, edge(c)]));
  const eb = new Map(b.spec.consumes.map((c) => [c.from, edge(c)]));
  for (const from of [...new Set([...ea.keys(), ...eb.keys()])].sort()) {
    const x = ea.get(from);
    const y = eb.get(from);
    if (x === y) continue;
    out.push({ field: `consumes ${from}`, before: x ?? 'not consumed', after: y ?? 'not consumed' });
  }
  return out;
}
