// Hash routing: robust behind any static server, and links survive a reload.
import { clearBanners } from './ui/banner.js';

export type Cleanup = () => void;
export type Mount = (root: HTMLElement, params: string[], query: URLSearchParams) => Cleanup | void;
export type Route = [RegExp, Mount, string];

let routes: Route[] = [];
let cleanup: Cleanup | void;

function route(): void {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = hash.split('?');
  cleanup?.();
  cleanup = undefined;
  clearBanners();
  const root = document.getElementById('app')!;
  root.replaceChildren();
  root.className = '';
  document.body.dataset.ready = 'false';
  for (const [re, mount, nav] of routes) {
    const m = re.exec(path);
    if (!m) continue;
    document.querySelectorAll<HTMLAnchorElement>('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === nav));
    cleanup = mount(root, m.slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p))) as string[], new URLSearchParams(qs ?? ''));
    return;
  }
  const p = document.createElement('p');
  p.className = 'empty';
  p.innerHTML = 'Nothing here. <a href="#/">Go to the incidents</a>.';
  root.append(p);
}

/** Navigate (re-mounting even when the address does not change). */
export function go(hash: string): void {
  if (location.hash === hash) route();
  else location.hash = hash;
}

export function startRouter(list: Route[]): void {
  routes = list;
  window.addEventListener('hashchange', route);
  route();
}
