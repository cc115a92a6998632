// The registry explorer. Left: search + node list, then the revision history. Centre: the
// neighbourhood of one node (its direct producers on the left, its consumers on the right),
// expanded one hop at a time on click and capped per expansion, so it never turns into a
// hairball. Right: the selected node's details, with the what-if as the main action.
// `#/registry/NAME?revision=N` shows the node and its neighbourhood as they were at revision N.
import type { NeighboursResponse } from '../../../../graph-schema/index.js';
import { go } from '../../router.js';
import { h } from '../../ui/dom.js';
import { createCentre } from './centre.js';
import { showStart } from './empty.js';
import { showFocusError } from './errors.js';
import { createHistoricalBar } from './historical.js';
import { isNotFound, registryHref, revisionFromHash } from './links.js';
import { createLoaders } from './loaders.js';
import { createNeighbourhood } from './neighbourhood.js';
import { showUnknown } from './not-found.js';
import { createDetailsPanel } from './panel.js';
import { createRevisionHistory } from './revisions.js';
import { createSearchList } from './search-list.js';
import '../../styles/registry.css';

export { isNotFound, registryHref } from './links.js';

export function mountRegistry(root: HTMLElement, focus: string | undefined): () => void {
  root.className = 'registry-page';
  const revision = revisionFromHash();
  const life = new AbortController();
  const signal = life.signal;
  const loaders = createLoaders(revision);

  const search = createSearchList(focus, signal);
  const historical = createHistoricalBar(focus, revision);
  const history = createRevisionHistory({
    focus,
    revision,
    signal,
    onUpdate: (data, news) => {
      historical.showPast(data);
      if (news.length && revision === undefined && focus) historical.showChanged(news, graph.has);
    },
  });
  const centre = createCentre(historical.element, {
    fit: () => graph.fit(),
    collapse: () => void collapse(),
    showAll: () => graph.showAll(),
  });
  const graph = createNeighbourhood({
    host: centre.graphHost,
    focus,
    neighbours: loaders.neighbours,
    signal,
    onTap: (name) => select(name, false),
    onExpand: (name) => {
      if (details.selected() === name) void details.show(name, { keepScroll: true });
    },
    onCounts: centre.setCounts,
  });
  const details = createDetailsPanel({
    focus,
    revision,
    signal,
    loaders,
    revisions: history.loaded,
    graph,
    select: (name) => (graph.has(name) ? select(name, true) : go(registryHref(name, revision))),
  });
  root.append(h('section.rg-left', ...search.elements, ...history.elements), centre.element, details.element);

  /** Shows `name` in the panel and its neighbours on the graph; `recentre`: if they are shown already, centres it. */
  function select(name: string, recentre: boolean): void {
    void details.show(name);
    if (!graph.expandState(name)) void graph.expand(name);
    else if (recentre) graph.center(name);
  }

  async function collapse(): Promise<void> {
    if (!(await graph.collapse())) return;
    const selected = details.selected();
    if (selected && graph.has(selected)) graph.select(selected);
    else if (focus) void details.show(focus);
  }

  const ready = (): void => {
    void search.loaded.then(() => {
      if (!signal.aborted) document.body.dataset.ready = 'true';
    });
  };

  if (focus) {
    centre.setTitle(h('span.dim', 'Neighbourhood of '), h('strong.mono', focus), ...(revision !== undefined ? [h('span.dim', ` at revision ${revision}`)] : []));
    centre.setLoading();
    void (async () => {
      let nb: NeighboursResponse;
      try {
        nb = await loaders.neighbours(focus);
      } catch (err) {
        if (signal.aborted) return;
        centre.disable();
        if (isNotFound(err) && revision === undefined) await showUnknown(focus, { centre, panel: details.replace, search: search.input, revisions: history.loaded, signal });
        else showFocusError(err, focus, revision, centre, details.replace);
        ready();
        return;
      }
      if (signal.aborted) return;
      graph.start(focus, nb.kind);
      await graph.expand(focus);
      await details.show(focus);
      ready();
    })();
  } else {
    showStart(centre, details.replace);
    search.input.focus();
    ready();
  }

  return () => life.abort();
}
