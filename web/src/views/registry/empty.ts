// `#/registry` with no node picked: what the page is for, and where to start.
import { h } from '../../ui/dom.js';
import type { Centre } from './centre.js';
import { graphNote } from './errors.js';

export function showStart(centre: Centre, panel: (...content: HTMLElement[]) => void): void {
  centre.setTitle(h('span.dim', 'Pick a node to see its neighbourhood'));
  centre.disable();
  centre.showMessage(
    graphNote('Pick a node on the left',
      h('p', 'Search by name, title or alias. The node appears with what it consumes (left) and who consumes it (right); click any neighbour to show its neighbours too.')),
  );
  panel(
    h('div.panel-body.start',
      h('h2', 'Explore the registry'),
      h('p', 'Find an agent, a system or a surface, see who owns it and what it is connected to.'),
      h('p', 'From any node, run a what-if: who would be hit if it produced a bad output now?'),
      h('p', 'The revision history on the left shows every change; click one to see the graph as it was.')),
  );
}
