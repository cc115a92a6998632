// Small pieces shared by the views.
import type { FailureMode, IncidentStatus, Progress } from '../../../graph-schema/index.js';
import { h } from '../ui/dom.js';

export const FAILURE_MODES = [
  'hallucination',
  'tool-routing-error',
  'authorization-misuse',
  'instruction-following-failure',
  'reasoning-drift',
] as const satisfies readonly FailureMode[];
type _AllModes = Exclude<FailureMode, (typeof FAILURE_MODES)[number]> extends never ? true : never;
export const allModesListed: _AllModes = true;

export const FAILURE_MODE_LABEL: Record<FailureMode, string> = {
  hallucination: 'Hallucination (made-up facts)',
  'tool-routing-error': 'Tool routing error (wrong tool or target)',
  'authorization-misuse': 'Authorization misuse (acted beyond its rights)',
  'instruction-following-failure': 'Instruction-following failure',
  'reasoning-drift': 'Reasoning drift',
};

export const STATUSES = ['open', 'contained', 'resolved'] as const satisfies readonly IncidentStatus[];

export function statusBadge(status: IncidentStatus): HTMLElement {
  return h(`span.status.status-${status}`, status);
}

/** A segmented bar: stopped (green), corrected (blue), notified (violet), undecided (grey). */
export function progressBar(p: Progress, options: { large?: boolean } = {}): HTMLElement {
  const total = Math.max(1, p.total);
  const seg = (cls: string, n: number, label: string) =>
    n > 0 ? h(`span.seg.${cls}`, { style: { width: `${(n / total) * 100}%` }, title: `${n} ${label}` }) : null;
  const decided = p.total - p.undecided;
  return h(
    `div.progress${options.large ? '.large' : ''}`,
    { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(p.total), 'aria-valuenow': String(decided), 'aria-label': 'Decided consumers' },
    h('div.bar', seg('stop', p.stop, 'stopped'), seg('correct', p.correct, 'corrected'), seg('notify', p.notify, 'notified')),
    h('span.progress-text', `${decided} / ${p.total} decided`),
  );
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** An empty decorative inline SVG, `width` by `height` user units shown at that many pixels. */
export function iconSvg(width: number, height: number): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}

/** An inline SVG of a node shape, for the legend and the table. */
export function shapeIcon(kind: string, fill: string, stroke: string, strokeWidth = 2, dashed = false): SVGSVGElement {
  const ns = SVG_NS;
  const svg = iconSvg(28, 20);
  let shape: SVGElement;
  if (kind === 'Surface') {
    shape = document.createElementNS(ns, 'path');
    shape.setAttribute('d', 'M14 1 L25 10 L14 19 L3 10 Z');
  } else if (kind === 'System') {
    shape = document.createElementNS(ns, 'path');
    shape.setAttribute('d', 'M9 1 H19 Q23 1 23 5 V15 Q23 19 19 19 H9 Q5 19 5 15 V5 Q5 1 9 1 Z');
  } else if (kind === 'edge') {
    shape = document.createElementNS(ns, 'line');
    shape.setAttribute('x1', '1');
    shape.setAttribute('y1', '10');
    shape.setAttribute('x2', '27');
    shape.setAttribute('y2', '10');
  } else {
    shape = document.createElementNS(ns, 'rect');
    shape.setAttribute('x', '1.5');
    shape.setAttribute('y', '4');
    shape.setAttribute('width', '25');
    shape.setAttribute('height', '12');
    shape.setAttribute('rx', '6');
  }
  shape.setAttribute('fill', kind === 'edge' ? 'none' : fill);
  shape.setAttribute('stroke', stroke);
  shape.setAttribute('stroke-width', String(strokeWidth));
  if (dashed) shape.setAttribute('stroke-dasharray', '5 4');
  svg.append(shape);
  return svg;
}
