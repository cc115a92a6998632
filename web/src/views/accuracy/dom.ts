// Two small DOM helpers the accuracy sections share.
import { append } from '../../ui/dom.js';
import { SVG_NS } from '../common.js';

/** replaceChildren that skips null/false children (conditional pieces). */
export function put(el: HTMLElement, ...children: (Node | string | null | undefined | false)[]): void {
  el.replaceChildren();
  append(el, children);
}

/** An SVG element with these attributes; an undefined value is left out. */
export function svgEl<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number | undefined>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  return el;
}
