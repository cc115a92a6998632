// Reading an incident the way a big one needs: the header first (it answers at once), then the
// consumers page by page in arrival order (the earliest, which matter first, come first), then
// the edges only when the full graph is drawn.
import type { IncidentConsumer } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import type { IncidentStore } from './store.js';

export const PAGE = 5000;
/** The first page is small: it answers fast, and it is what the commander looks at first. */
export const FIRST_PAGE = 1000;

/** Reads the header alone (`?consumers=false`): it answers at once whatever the radius. */
export async function loadHeader(store: IncidentStore): Promise<void> {
  store.setHeader(await api.incidentHeader(store.id));
}

/** Every consumer, page by page; `onPage` runs after each (the first one makes the page usable). */
export async function loadConsumers(store: IncidentStore, onPage: (first: boolean) => void, signal?: AbortSignal): Promise<void> {
  let cursor: string | undefined;
  let first = true;
  const fresh: IncidentConsumer[] = [];
  do {
    const page = await api.consumers(store.id, { sort: 'arrival', limit: first ? FIRST_PAGE : PAGE, cursor }, signal);
    fresh.push(...page.consumers);
    if (first) store.setConsumers(page.consumers, page.nextCursor === null);
    else store.addPage(page.consumers);
    cursor = page.nextCursor ?? undefined;
    if (!cursor) {
      store.complete = true;
      // the pages come in the server's arrival order; ties (and the never-arriving) in ours
      if (!first) store.sortList();
    }
    onPage(first);
    first = false;
  } while (cursor);
}

/** Every edge of the radius (for the full graph and the SVG export). */
export async function loadEdges(store: IncidentStore, signal?: AbortSignal): Promise<void> {
  if (store.edges) return;
  const edges = [];
  let cursor: string | undefined;
  do {
    const page = await api.edges(store.id, { limit: PAGE, cursor }, signal);
    edges.push(...page.edges);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  store.edges = edges;
}
