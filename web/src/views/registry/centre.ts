// Centre: the toolbar (title, counts, Show all / Fit / Collapse all), the graph canvas with the
// message that stands in for it, and the legend.
import { h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { registryLegend } from './legend.js';

export interface CentreActions {
  fit: () => void;
  collapse: () => void;
  showAll: () => void;
}

export interface Centre {
  element: HTMLElement;
  /** Where the graph is drawn. */
  graphHost: HTMLElement;
  setTitle: (...content: HTMLElement[]) => void;
  /** Shows `content` over the canvas, in place of a graph. */
  showMessage: (content: HTMLElement) => void;
  setLoading: () => void;
  setCounts: (shown: number, more: number) => void;
  /** No graph to act on: Fit and Collapse all are off. */
  disable: () => void;
}

/** `above` goes above the toolbar (the past/new revision bar). */
export function createCentre(above: HTMLElement, actions: CentreActions): Centre {
  const graphHost = h('div.graph-host', { id: 'graph' });
  const graphMessage = h('div.rg-graph-message', { id: 'graph-message', hidden: true });
  const title = h('div.rg-title', { id: 'registry-title' });
  const shownCount = h('span.rg-shown', { id: 'registry-shown' });
  const fitButton = h('button.small', { type: 'button', id: 'registry-fit', title: 'Fit the whole neighbourhood into view' }, 'Fit');
  const reset = h('button.small', { type: 'button', id: 'registry-reset', title: 'Back to the node and its direct neighbours only' }, 'Collapse all');
  const showAll = h('button.small', { type: 'button', id: 'registry-show-all', hidden: true, title: 'Show every neighbour that was left out to keep the graph readable' }, 'Show all');
  reset.addEventListener('click', actions.collapse);
  showAll.addEventListener('click', actions.showAll);
  fitButton.addEventListener('click', actions.fit);
  const toolbar = h('div.rg-toolbar', title, h('span.spacer'), shownCount, showAll, fitButton, reset);

  return {
    element: h('section.rg-centre', above, toolbar, h('div.rg-canvas', graphHost, graphMessage), registryLegend()),
    graphHost,
    setTitle: (...content) => title.replaceChildren(...content),
    showMessage: (content) => {
      graphMessage.replaceChildren(content);
      graphMessage.hidden = false;
    },
    setLoading: () => {
      shownCount.textContent = 'Loading…';
    },
    setCounts: (shown, more) => {
      showAll.hidden = more === 0;
      shownCount.replaceChildren(h('strong', plural(shown, 'node')), ' shown', ...(more ? [h('span.rg-more-count', ` · ${more.toLocaleString()} more not shown`)] : []));
      shownCount.title = shownCount.textContent ?? '';
    },
    disable: () => {
      reset.disabled = true;
      fitButton.disabled = true;
      shownCount.textContent = '';
    },
  };
}
