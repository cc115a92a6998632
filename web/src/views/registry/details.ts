// Right: the selected node's details. Owner and contact, what it consumes and who consumes it
// (with gates), its changes, and the what-if as the main action.
import type { NeighboursResponse, NodeDocument, RevisionRecord } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { delayText } from './delay-text.js';
import { gateLabel } from '../../graph/elements.js';
import { kindIcon } from './kind-icon.js';
import { newIncidentHref, registryHref, whatIfHref } from './links.js';
import type { ExpandState, Side } from './neighbourhood.js';
import { nodeHistory } from './node-history.js';
import { sinceBlock } from './past.js';

export interface NodePanelOptions {
  neighbours?: NeighboursResponse;
  revision?: number;
  revisions: RevisionRecord[];
  /** The node now, when showing a past revision: null when it has been deleted since. */
  now?: NodeDocument | null;
  isFocus: boolean;
  onGraph: (name: string) => boolean;
  expandState?: ExpandState;
  hiddenUp: number;
  hiddenDown: number;
  select: (name: string) => void;
  expand: (dir?: Side) => void;
}

/** One line of "Consumes from" or "Consumed by"; without `kind` when only the manifest is known. */
interface EdgeItem {
  name: string;
  gate: string;
  channel: string;
  mode: string;
  kind?: string;
  delay?: string;
}

export function nodePanel(doc: NodeDocument, o: NodePanelOptions): HTMLElement {
  const m = doc.metadata;
  const name = m.name;
  const whatIf = h('a.rg-whatif', { id: 'what-if', href: whatIfHref(name, o.revision) },
    h('span.rg-whatif-main', 'What-if: blast radius from this node'),
    h('span.rg-whatif-sub', `Who would be hit if ${name} produced a bad output${o.revision !== undefined ? ` (graph at revision ${o.revision})` : ' now'}`));
  const open = h('a.rg-action', { id: 'open-incident-from-node', href: newIncidentHref(name) }, 'Open an incident from this node');
  const explore = o.isFocus ? null : h('a.rg-action', { id: 'explore-from', href: registryHref(name, o.revision) }, 'Explore from here');
  const expandBtn = !o.expandState ? h('button.small', { type: 'button', id: 'expand' }, 'Show its neighbours') : null;
  expandBtn?.addEventListener('click', () => o.expand());

  const contact = m.contact
    ? m.contact.includes('@') && !m.contact.startsWith('@')
      ? h('a', { href: `mailto:${m.contact}` }, m.contact)
      : h('span', m.contact)
    : h('span.dim', 'none registered: ask the owner for an on-call address');

  const edgeList = (items: EdgeItem[], id: string, empty: string) => {
    if (items.length === 0) return h('p.dim.rg-none', { id }, empty);
    return h(
      'ul.rg-edges',
      { id },
      ...items.map((n) => {
        const btn = h('button.link.mono', { type: 'button', title: o.onGraph(n.name) ? 'Show it on the graph' : 'Explore from it' }, n.name);
        btn.addEventListener('click', () => o.select(n.name));
        return h(
          'li',
          { dataset: { name: n.name, gate: n.gate } },
          n.kind ? kindIcon(n.kind) : null,
          btn,
          h('span.rg-edge-meta', `${n.channel} · ${n.mode}${n.delay ? ` · ${delayText(n.delay)}` : ''}`),
          n.gate !== 'none' ? h('span.tag.gated', { title: 'A gate holds the output here until it passes' }, gateLabel(n.gate)) : null,
        );
      }),
    );
  };
  const nb = o.neighbours;
  // without the neighbours, what it consumes still reads from its own manifest
  const upstream: EdgeItem[] =
    nb?.upstream.map((u) => ({ ...u, delay: doc.spec.consumes.find((c) => c.from === u.name)?.delay })) ??
    doc.spec.consumes.map((c) => ({ name: c.from, gate: c.gate, channel: c.channel, mode: c.mode, delay: c.delay }));

  const more = (dir: Side, n: number) => {
    if (!n) return null;
    const b = h('button.small.rg-show-all', { type: 'button', id: `show-all-${dir}` }, `${n.toLocaleString()} not on the graph: show all ${dir === 'up' ? 'producers' : 'consumers'}`);
    b.addEventListener('click', () => o.expand(dir));
    return b;
  };

  return h(
    'div.panel-body.rg-details',
    { dataset: { name, revision: o.revision !== undefined ? String(o.revision) : 'current' } },
    h('div.panel-kind', h(`span.kind-badge.${doc.kind.toLowerCase()}`, doc.kind), o.revision !== undefined ? h('span.rg-past-tag', { id: 'panel-revision' }, `as it was at revision ${o.revision}`) : null),
    h('h2.panel-title.mono', name),
    m.title ? h('div.panel-subtitle', m.title) : null,
    doc.spec.description ? h('p.rg-description', doc.spec.description) : null,
    whatIf,
    h('div.panel-actions', open, explore, expandBtn),
    h(
      'dl.facts',
      { id: 'node-facts' },
      h('dt', 'Owner'), h('dd', { dataset: { field: 'owner' } }, m.owner),
      h('dt', 'Contact'), h('dd', { dataset: { field: 'contact' } }, contact),
      doc.spec.aliases?.length ? [h('dt', 'Aliases'), h('dd.mono', { dataset: { field: 'aliases' } }, doc.spec.aliases.join(', '))] : [],
      doc.spec.actionClasses?.length ? [h('dt', 'Actions'), h('dd', doc.spec.actionClasses.join(', '))] : [],
      m.labels && Object.keys(m.labels).length ? [h('dt', 'Labels'), h('dd.mono', Object.entries(m.labels).map(([k, v]) => `${k}=${v}`).join(' '))] : [],
    ),
    o.revision !== undefined && o.now !== undefined ? sinceBlock(doc, o.now, o.revision) : null,
    h('h3', `Consumes from (${doc.spec.consumes.length})`),
    h('p.rg-hint', 'Producers whose outputs it takes in'),
    more('up', o.hiddenUp),
    edgeList(upstream, 'consumes-list', 'Nothing: it consumes no registered node, so it is a starting point.'),
    h('h3', `Consumed by (${nb?.downstream.length ?? '…'})`),
    h('p.rg-hint', 'Consumers that take in its outputs: a bad output goes here first'),
    more('down', o.hiddenDown),
    nb ? edgeList(nb.downstream, 'consumed-by-list', 'Nobody: no registered node consumes it.') : h('p.dim', 'Could not load who consumes it: try selecting the node again.'),
    nodeHistory(name, o.revisions, o.revision),
  );
}
