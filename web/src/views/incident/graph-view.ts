// The incident graph. Up to AGGREGATE consumers every node is drawn; above, one node per depth
// and kind carries the counts (reached, to decide), the edges between groups come from each
// consumer's path, and a group expands on demand into its members, in place: nothing already
// drawn moves. A group too big to draw opens in the table instead.
import type { Core, ElementDefinition, NodeSingular } from 'cytoscape';
import type { IncidentConsumer, NodeKind } from '../../../../graph-schema/index.js';
import { createGraph, focusNode, type RendererName } from '../../graph/cy.js';
import { setClass } from '../../graph/elements.js';
import { edgeKey } from '../../../../graph-schema/rules.js';
import type { IncidentStore } from './store.js';
import { edgeHot, fullElements, nodeLabel, stateClasses } from './graph-elements.js';

export const AGGREGATE = 5000;
const EXPAND_MAX = 400;
const KIND_ROW: Record<NodeKind, number> = { Agent: -1, System: 0, Surface: 1 };
const KIND_PLURAL: Record<NodeKind, string> = { Agent: 'Agents', System: 'Systems', Surface: 'Surfaces' };

export const groupId = (depth: number, kind: NodeKind): string => `group:${depth}:${kind}`;

interface Group {
  id: string;
  depth: number;
  kind: NodeKind;
  members: IncidentConsumer[];
  reached: number;
  todo: number;
  exposed: number;
}

export interface GraphCallbacks {
  onSelect(name: string): void;
  /** A group too big to draw: show its members some other way (the table). */
  onTooBig(depth: number, kind: NodeKind, count: number): void;
}

export class IncidentGraph {
  cy: Core | undefined;
  renderer: RendererName | undefined;
  webgl: 'hardware' | 'software' | 'none' | undefined;
  mode: 'full' | 'groups' = 'full';
  private groups = new Map<string, Group>();
  private expanded = new Set<string>();

  constructor(
    private host: HTMLElement,
    private store: IncidentStore,
    private cb: GraphCallbacks,
  ) {}

  static aggregated(total: number): boolean {
    return total > AGGREGATE;
  }

  /** Draws the graph from what the store holds (the full one needs the edges). */
  build(): void {
    this.cy?.destroy();
    this.expanded.clear();
    const s = this.store;
    this.mode = IncidentGraph.aggregated(s.summary.total) ? 'groups' : 'full';
    const els = this.mode === 'full' ? fullElements(s.source, s.header.sourceKind, s.list, s.edges ?? []) : this.groupElements();
    const g = createGraph({ container: this.host, elements: els, nodeCount: this.mode === 'full' ? s.list.length + 1 : 0 });
    this.cy = g.cy;
    this.renderer = g.renderer;
    this.webgl = g.webgl;
    this.host.dataset.renderer = g.renderer;
    this.host.dataset.mode = this.mode;
    this.cy.on('tap', 'node', (e) => this.tap(e.target as NodeSingular));
  }

  private tap(n: NodeSingular): void {
    const group = this.groups.get(n.id());
    if (!group) {
      this.cb.onSelect(n.id());
      return;
    }
    if (group.members.length > EXPAND_MAX) {
      this.cb.onTooBig(group.depth, group.kind, group.members.length);
      return;
    }
    this.expand(group, n);
  }

  private computeGroups(): void {
    this.groups.clear();
    for (const c of this.store.list) {
      const id = groupId(c.depth, c.kind);
      let g = this.groups.get(id);
      if (!g) this.groups.set(id, (g = { id, depth: c.depth, kind: c.kind, members: [], reached: 0, todo: 0, exposed: 0 }));
      g.members.push(c);
      if (c.reached) g.reached++;
      if (c.needsDecision) g.todo++;
      if (c.exposed) g.exposed++;
    }
  }

  private groupLabel(g: Group): string {
    return `${KIND_PLURAL[g.kind]} at depth ${g.depth}\n${g.members.length.toLocaleString()} · ● ${g.reached.toLocaleString()} reached · ? ${g.todo.toLocaleString()} to decide`;
  }

  private groupPos(g: Group): { x: number; y: number } {
    return { x: g.depth * 420, y: KIND_ROW[g.kind] * 260 };
  }

  private parentNode(c: IncidentConsumer): string | undefined {
    const parent = c.path[c.path.length - 2];
    if (parent === undefined) return undefined;
    if (parent === this.store.source) return parent;
    if (this.cy ? this.cy.getElementById(parent).nonempty() : false) return parent;
    const p = this.store.byName.get(parent);
    return p ? groupId(p.depth, p.kind) : undefined;
  }

  private groupElements(): ElementDefinition[] {
    this.computeGroups();
    const s = this.store;
    const els: ElementDefinition[] = [{ group: 'nodes', data: { id: s.source, label: `◆ ${s.source}`, kind: s.header.sourceKind, depth: 0, decision: 'source' }, position: { x: 0, y: 0 }, classes: 'source' }];
    for (const g of this.groups.values()) {
      const size = 60 + Math.min(120, Math.log10(g.members.length + 1) * 40);
      els.push({ group: 'nodes', data: { id: g.id, label: this.groupLabel(g), kind: g.kind, depth: g.depth, decision: 'none', size }, position: this.groupPos(g), classes: `agg ${g.reached ? 'reached' : ''} ${g.exposed ? 'exposed' : ''}` });
    }
    const pairs = new Set<string>();
    for (const c of s.list) {
      const from = this.parentNode(c);
      const to = groupId(c.depth, c.kind);
      if (!from || from === to || pairs.has(edgeKey(from, to))) continue;
      pairs.add(edgeKey(from, to));
      els.push({ group: 'edges', data: { id: edgeKey(from, to), source: from, target: to }, classes: 'agg-edge hot' });
    }
    return els;
  }

  /** Replaces a group by its members, in a block where the group was; nothing else moves. */
  private expand(g: Group, node: NodeSingular): void {
    const cy = this.cy!;
    const at = node.position();
    const cols = Math.max(1, Math.ceil(Math.sqrt(g.members.length)));
    const els: ElementDefinition[] = g.members.map((c, i) => ({
      group: 'nodes',
      data: { id: c.name, label: nodeLabel(c), kind: c.kind, depth: c.depth, decision: c.decision?.action ?? 'none' },
      position: { x: at.x + ((i % cols) - (cols - 1) / 2) * 150, y: at.y + (Math.floor(i / cols) - (Math.ceil(g.members.length / cols) - 1) / 2) * 90 },
      classes: stateClasses(c).join(' '),
    }));
    cy.batch(() => {
      const outgoing = node.outgoers('node').map((n) => n.id());
      node.remove();
      this.expanded.add(g.id);
      cy.add(els);
      const seen = new Set<string>();
      const addEdge = (from: string, to: string): void => {
        const id = edgeKey(from, to);
        if (from === to || seen.has(id) || cy.getElementById(id).nonempty() || cy.getElementById(from).empty() || cy.getElementById(to).empty()) return;
        seen.add(id);
        cy.add({ group: 'edges', data: { id, source: from, target: to }, classes: 'agg-edge hot' });
      };
      for (const c of g.members) {
        const from = this.parentNode(c);
        if (from) addEdge(from, c.name);
      }
      // groups fed by a member: their edges now start at that member
      const memberNames = new Set(g.members.map((c) => c.name));
      for (const other of outgoing) {
        for (const c of this.groups.get(other)?.members ?? []) {
          const p = c.path[c.path.length - 2];
          if (p && memberNames.has(p)) addEdge(p, other);
        }
      }
    });
  }

  hasExpanded(): boolean {
    return this.expanded.size > 0;
  }

  /** New groups (a new depth or kind came with a page) need a new drawing; counts only a repaint. */
  paintGroups(): void {
    const before = new Set(this.groups.keys());
    this.computeGroups();
    if ([...this.groups.keys()].some((k) => !before.has(k))) this.build();
    else this.paint(new Set());
  }

  /** Repaints the nodes that changed (all when null) and the groups' counts. */
  paint(changed: Set<string> | null): void {
    const cy = this.cy;
    if (!cy) return;
    const now = Date.now();
    cy.batch(() => {
      const names = changed === null ? cy.nodes().map((n) => n.id()) : [...changed];
      for (const name of names) {
        const c = this.store.byName.get(name);
        const n = cy.getElementById(name);
        if (!c || n.empty()) continue;
        const decision = c.decision?.action ?? 'none';
        if (n.data('decision') !== decision) n.data('decision', decision);
        const label = nodeLabel(c, now);
        if (n.data('label') !== label) n.data('label', label);
        const want = new Set(stateClasses(c, now));
        for (const cls of ['exposed', 'reached', 'pending', 'held', 'safe']) setClass(n, cls, want.has(cls));
        n.connectedEdges().forEach((e) => {
          const hot = edgeHot(this.store.source, this.store.byName.get(e.source().id()), this.store.byName.get(e.target().id()), e.source().id());
          setClass(e, 'hot', hot);
          setClass(e, 'cut', !hot);
        });
      }
      if (this.mode === 'groups') {
        this.computeGroups();
        for (const g of this.groups.values()) {
          const n = cy.getElementById(g.id);
          if (n.empty()) continue;
          const label = this.groupLabel(g);
          if (n.data('label') !== label) n.data('label', label);
          setClass(n, 'reached', g.reached > 0);
          setClass(n, 'exposed', g.exposed > 0);
        }
      }
    });
  }

  /** Marks nodes (planned stops); in groups mode their group is marked. */
  mark(cls: string, names: Iterable<string>): void {
    const cy = this.cy;
    if (!cy) return;
    const ids = new Set<string>();
    for (const n of names) {
      if (cy.getElementById(n).nonempty()) ids.add(n);
      else {
        const c = this.store.byName.get(n);
        if (c) ids.add(groupId(c.depth, c.kind));
      }
    }
    cy.batch(() => cy.nodes().forEach((n) => setClass(n, cls, ids.has(n.id()))));
  }

  select(name: string | undefined, center: boolean): void {
    const cy = this.cy;
    if (!cy) return;
    cy.elements(':selected').unselect();
    if (!name) return;
    let id = name;
    if (cy.getElementById(id).empty()) {
      const c = this.store.byName.get(name);
      if (c) id = groupId(c.depth, c.kind);
    }
    if (center) focusNode(cy, id);
    else cy.getElementById(id).select();
  }

  flash(name: string): void {
    const n = this.cy?.getElementById(name);
    if (!n || n.empty()) return;
    n.addClass('flash');
    setTimeout(() => n.removeClass('flash'), 1800);
  }

  destroy(): void {
    this.cy?.destroy();
    this.cy = undefined;
  }
}
