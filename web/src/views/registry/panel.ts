// Right: loads the selected node into the details panel, with its loading and error states. At a
// past revision it also reads the node now, to say what has changed since.
import type { RevisionsResponse } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import { dismiss, showError } from '../../ui/banner.js';
import { h } from '../../ui/dom.js';
import { nodePanel } from './details.js';
import { panelNote, retryBox } from './errors.js';
import { isNotFound } from './links.js';
import type { Loaders } from './loaders.js';
import type { Neighbourhood } from './neighbourhood.js';

export interface DetailsPanelOptions {
  focus: string | undefined;
  revision: number | undefined;
  signal: AbortSignal;
  loaders: Loaders;
  revisions: Promise<RevisionsResponse | undefined>;
  graph: Neighbourhood;
  /** A neighbour named in the panel was clicked. */
  select: (name: string) => void;
}

export interface DetailsPanel {
  element: HTMLElement;
  /** The node last asked for. */
  selected: () => string | undefined;
  /** `keepScroll`: a refresh of the node already shown, in place. */
  show: (name: string, options?: { keepScroll?: boolean }) => Promise<void>;
  /** Replaces whatever the panel shows. */
  replace: (...content: HTMLElement[]) => void;
}

export function createDetailsPanel({ focus, revision, signal, loaders, revisions, graph, select }: DetailsPanelOptions): DetailsPanel {
  const panel = h('aside.inc-panel.rg-panel', { id: 'panel' });
  let selected: string | undefined;
  let token = 0;

  async function show(name: string, options: { keepScroll?: boolean } = {}): Promise<void> {
    const mine = ++token;
    selected = name;
    graph.select(name);
    const scroll = panel.scrollTop;
    if (!options.keepScroll) panel.replaceChildren(h('p.loading.rg-pad', `Loading ${name}…`));
    try {
      const [doc, nb] = await Promise.all([loaders.doc(name), loaders.neighbours(name).catch(() => undefined)]);
      const [revs, now] = await Promise.all([
        revisions,
        revision !== undefined ? api.node(name).catch((err: unknown) => (isNotFound(err) ? null : undefined)) : Promise.resolve(undefined),
      ]);
      if (signal.aborted || mine !== token) return;
      dismiss('node');
      panel.replaceChildren(
        nodePanel(doc, {
          neighbours: nb,
          revision,
          revisions: revs?.revisions ?? [],
          now,
          isFocus: name === focus,
          onGraph: graph.has,
          expandState: graph.expandState(name),
          hiddenUp: graph.hiddenCount(name, 'up'),
          hiddenDown: graph.hiddenCount(name, 'down'),
          select,
          expand: (dir) => void graph.expand(name, dir),
        }),
      );
      if (options.keepScroll) panel.scrollTop = scroll;
    } catch (err) {
      if (signal.aborted || mine !== token) return;
      if (isNotFound(err)) {
        panel.replaceChildren(panelNote(name, h('p', revision !== undefined ? `${name} did not exist at revision ${revision}.` : `There is no node named ${name} any more: it was deleted.`)));
      } else {
        panel.replaceChildren(panelNote(name, retryBox(`The details of ${name} could not be loaded.`, () => void show(name))));
        showError(`Could not load the details of ${name}`, err, 'node');
      }
    }
  }

  return {
    element: panel,
    selected: () => selected,
    show,
    replace: (...content) => panel.replaceChildren(...content),
  };
}
