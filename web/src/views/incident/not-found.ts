// A bad incident link: a real page that says so and offers the way back, never a half-drawn
// incident "connecting…" forever.
import type { IncidentSummary } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import { h } from '../../ui/dom.js';

export function notFoundPage(root: HTMLElement, id: string): void {
  const recent = h('ul.recent-incidents', h('li.dim', 'Loading the open incidents…'));
  root.className = 'page not-found';
  root.replaceChildren(
    h(
      'div.card.not-found-card',
      { id: 'incident-not-found' },
      h('h1', 'No such incident'),
      h('p', 'There is no incident ', h('span.mono.strong', `“${id}”`), '. The link may be mistyped, or it points at another blast-radius server.'),
      h('p', h('a.button-link', { href: '#/' }, '← All incidents'), ' · ', h('a', { href: '#/new' }, 'Open a new incident')),
      h('h2', 'Recent incidents'),
      recent,
    ),
  );
  document.title = 'No such incident · blast-radius';
  api.incidents().then(
    ({ incidents }) => {
      const list = [...incidents].sort((a: IncidentSummary, b: IncidentSummary) => (a.openedAt < b.openedAt ? 1 : -1)).slice(0, 8);
      recent.replaceChildren(...(list.length ? list.map((i) => h('li', h('a', { href: `#/incidents/${encodeURIComponent(i.id)}` }, i.title), h('span.dim', ` · ${i.source} · ${i.status}`))) : [h('li.dim', 'No incidents yet.')]));
    },
    () => recent.replaceChildren(h('li.dim', 'The list of incidents could not be loaded either: is the server running?')),
  );
  document.body.dataset.ready = 'true';
}
