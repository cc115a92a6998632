// The neighbourhood graph: one node with its direct producers (left) and consumers (right),
// expanded one hop at a time on click and capped per expansion, so it never turns into a
// hairball. Holds what is on the graph, where, and what was left out.
import type { Core, NodeSingular } from 'cytoscape';
import type { Neighbour, NeighboursResponse } from '../../../../graph-schema/index.js';
import { createGraph } from '../../graph/cy.js';
import { dismiss, showError } from '../../ui/banner.js';
import { gateLabel } from '../../graph/elements.js';
import { edgeKey } from '../../../../graph-schema/rules.js';
import { addRegistryStyles } from './graph-style.js';
import { neighbourhoodLayout, type Placed } from './layout.js';

declare global {
  interface Window {
    /** The registry explorer's graph, for tests and debugging. */
    __registryCy?: Core;
  }
}

/** At most this many new neighbours per side and expansion; the rest sit behind a "+N more" node. */
const NEIGHBOUR_CAP = 40;

const KIND_RANK: Record<string, number> = { Agent: 0, System: 1, Surface: 2, More: 9 };
const kindRank = (k: string): number => KIND_RANK[k] ?? 5;

export type Side = 'up' | 'down';
/** Whether all of a node's producers (up) or consumers (down) were asked for, past the cap. */
export interface ExpandState {
  upAll: boolean;
  downAll: boolean;
}

const moreId = (name: string, dir: Side): string => `more:${dir}:${name}`;

export interface NeighbourhoodOptions {
  host: HTMLElement;
  focus: string | undefined;
  neighbours: (name: string) => Promise<NeighboursResponse>;
  signal: AbortSignal;
  /** A node (not a "+N more") was clicked. */
  onTap: (name: string) => void;
  /** `name`'s neighbours were added. */
  onExpand: (name: string) => void;
  /** After each layout: how many nodes are shown, and how many neighbours are left out. */
  onCounts: (shown: number, more: number) => void;
}

export interface Neighbourhood {
  /** Is `name` a node on the graph (not a "+N more")? */
  has: (name: string) => boolean;
  expandState: (name: string) => ExpandState | undefined;
  /** How many of `name`'s neighbours on that side sit behind a "+N more". */
  hiddenCount: (name: string, dir: Side) => number;
  /** Puts the start node on the graph, marked as such. */
  start: (name: string, kind: string) => void;
  /** Shows `name`'s producers and consumers: up to NEIGHBOUR_CAP new ones per side, or all of one side. */
  expand: (name: string, all?: Side) => Promise<void>;
  /** Back to the focus and its direct neighbours; false when there is nothing to collapse. */
  collapse: () => Promise<boolean>;
  /** Expands every "+N more", one after the other. */
  showAll: () => void;
  fit: () => void;
  select: (name: string) => void;
  center: (name: string) => void;
}

export function createNeighbourhood({ host, focus, neighbours, signal, onTap, onExpand, onCounts }: NeighbourhoodOptions): Neighbourhood {
  let cy: Core | undefined;
  let seq = 0;
  const placed = new Map<string, Placed>();
  const expanded = new Map<string, ExpandState>();
  const hidden = new Map<string, number>(); // "more" node id -> how many it stands for

  signal.addEventListener('abort', () => {
    if (window.__registryCy === cy) delete window.__registryCy;
    cy?.destroy();
  });

  const ensureGraph = (): Core => {
    if (cy) return cy;
    const g = createGraph({ container: host, elements: [] }).cy;
    cy = g;
    addRegistryStyles(g);
    window.__registryCy = g;
    window.__blastRadius = { cy: g, timings: {}, live: 'live' };
    g.on('tap', 'node', (e) => {
      const n = e.target as NodeSingular;
      if (n.hasClass('more')) void expand(n.data('of') as string, n.data('dir') as Side);
      else onTap(n.id());
    });
    g.on('mouseover', 'node', () => (host.style.cursor = 'pointer'));
    g.on('mouseout', 'node', () => (host.style.cursor = ''));
    return g;
  };

  /** Nodes added since the last layout: only these get a new position. */
  const fresh = new Set<string>();
  const place = (name: string, kind: string, col: number, parent: string | undefined, extra: Record<string, unknown> = {}, classes = ''): void => {
    if (placed.has(name)) return;
    placed.set(name, { col, parent, seq: seq++ });
    fresh.add(name);
    ensureGraph().add({ group: 'nodes', data: { id: name, label: name, kind, decision: 'none', ...extra }, classes });
  };

  const addEdge = (from: string, to: string, gate: string, classes = ''): void => {
    const id = edgeKey(from, to);
    const g = ensureGraph();
    if (g.getElementById(id).nonempty()) return;
    g.add({ group: 'edges', data: { id, source: from, target: to, gate, gateLabel: gateLabel(gate) }, classes: [gate !== 'none' ? 'gated' : '', classes].join(' ').trim() });
  };

  const removeNode = (id: string): void => {
    placed.delete(id);
    hidden.delete(id);
    cy?.getElementById(id).remove();
  };

  const fit = (): void => {
    const g = cy;
    if (!g || g.nodes().empty()) return;
    g.resize();
    g.fit(undefined, 50);
    if (g.zoom() > 1.4) {
      g.zoom(1.4);
      g.center();
    }
  };

  /**
   * The first layout places everything; after that, what is on the graph stays where the reader
   * saw it, and only the new nodes are placed: where the layout would put them relative to the
   * node they came from, moved down until they overlap nothing.
   */
  const relayout = (): void => {
    const g = ensureGraph();
    const kept = g.nodes().filter((n) => !fresh.has(n.id()));
    const previous = new Map(kept.map((n) => [n.id(), { ...(n as unknown as NodeSingular).position() }] as [string, { x: number; y: number }]));
    const edges = g.edges().map((e) => [e.source().id(), e.target().id()] as [string, string]);
    const pos = neighbourhoodLayout(placed, edges, focus, previous);
    const first = previous.size === 0;
    const final = new Map(previous);
    const taken = (p: { x: number; y: number }): boolean => [...final.values()].some((q) => Math.abs(q.x - p.x) < 150 && Math.abs(q.y - p.y) < 60);
    const freshIds = [...fresh].filter((id) => g.getElementById(id).nonempty()).sort((a, b) => (pos.get(a)?.y ?? 0) - (pos.get(b)?.y ?? 0));
    for (const id of freshIds) {
      let p = pos.get(id) ?? { x: 0, y: 0 };
      const parent = placed.get(id)?.parent;
      const pOld = parent ? previous.get(parent) : undefined;
      const pNew = parent ? pos.get(parent) : undefined;
      if (!first && pOld && pNew) p = { x: p.x + pOld.x - pNew.x, y: p.y + pOld.y - pNew.y };
      if (!first) for (let k = 0; taken(p) && k < 200; k++) p = { x: p.x, y: p.y + 42 };
      final.set(id, p);
    }
    fresh.clear();
    g.batch(() => freshIds.forEach((id) => void (g.getElementById(id) as NodeSingular).position(final.get(id)!)));
    if (first) fit();
    else {
      // keep the view unless a new node is out of it
      const e = g.extent();
      const outside = freshIds.some((id) => {
        const p = final.get(id)!;
        return p.x < e.x1 || p.x > e.x2 || p.y < e.y1 || p.y > e.y2;
      });
      if (outside) fit();
    }
    const shown = g.nodes().not('.more').length;
    host.dataset.nodes = String(shown);
    onCounts(shown, [...hidden.values()].reduce((a, b) => a + b, 0));
  };

  const side = (name: string, list: Neighbour[], col: number, dir: Side, all: boolean): void => {
    const sorted = [...list].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || (a.name < b.name ? -1 : 1));
    const already = sorted.filter((n) => placed.has(n.name));
    const fresh = sorted.filter((n) => !placed.has(n.name));
    const room = all ? fresh.length : Math.max(0, NEIGHBOUR_CAP - already.length);
    const show = fresh.slice(0, room);
    for (const n of show) place(n.name, n.kind, col, name, { owner: n.owner });
    for (const n of [...already, ...show]) {
      if (dir === 'up') addEdge(n.name, name, n.gate);
      else addEdge(name, n.name, n.gate);
    }
    const more = moreId(name, dir);
    removeNode(more);
    const rest = fresh.length - show.length;
    if (rest > 0) {
      const label = `+${rest.toLocaleString()} more ${dir === 'up' ? 'producers' : 'consumers'} (click to show)`;
      place(more, 'More', col, name, { label, of: name, dir, count: rest }, 'more');
      hidden.set(more, rest);
      addEdge(dir === 'up' ? more : name, dir === 'up' ? name : more, 'none', 'more-edge');
    }
  };

  async function expand(name: string, all?: Side): Promise<void> {
    let nb: NeighboursResponse;
    try {
      nb = await neighbours(name);
    } catch (err) {
      if (!signal.aborted) showError(`Could not load the neighbours of ${name}`, err, 'neighbours');
      return;
    }
    if (signal.aborted) return;
    dismiss('neighbours');
    const g = ensureGraph();
    const st = expanded.get(name) ?? { upAll: false, downAll: false };
    if (all === 'up') st.upAll = true;
    if (all === 'down') st.downAll = true;
    expanded.set(name, st);
    if (!placed.has(name)) place(name, nb.kind, 0, undefined);
    const col = placed.get(name)!.col;
    g.batch(() => {
      side(name, nb.upstream, col - 1, 'up', st.upAll);
      side(name, nb.downstream, col + 1, 'down', st.downAll);
      g.getElementById(name).addClass('expanded');
    });
    relayout();
    onExpand(name);
  }

  return {
    has: (name) => placed.has(name) && !name.startsWith('more:'),
    expandState: (name) => expanded.get(name),
    hiddenCount: (name, dir) => hidden.get(moreId(name, dir)) ?? 0,
    start: (name, kind) => place(name, kind, 0, undefined, {}, 'source'),
    expand,
    collapse: async () => {
      if (!focus || !cy) return false;
      const kind = cy.getElementById(focus).data('kind') as string;
      cy.elements().remove();
      placed.clear();
      fresh.clear();
      expanded.clear();
      hidden.clear();
      seq = 0;
      // the focus comes back as the start node, styled as it was when the page opened
      place(focus, kind, 0, undefined, {}, 'source');
      await expand(focus);
      return true;
    },
    showAll: () => {
      const pending = cy ? cy.nodes('.more').map((m) => [m.data('of') as string, m.data('dir') as Side] as const) : [];
      void pending.reduce((p, [of, dir]) => p.then(() => expand(of, dir)), Promise.resolve());
    },
    fit,
    select: (name) => {
      if (!cy) return;
      cy.elements(':selected').unselect();
      cy.getElementById(name).select();
    },
    center: (name) => cy?.center(cy.getElementById(name)),
  };
}
