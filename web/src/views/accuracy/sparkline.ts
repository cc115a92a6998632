// The scorecard's small chart: recall (solid) and precision (dashed) per incident, oldest first.
import { svgEl } from './dom.js';
import { ACC } from './palette.js';

export interface SparkPoint {
  p: number | null;
  r: number | null;
}

/** Null with fewer than two points; an incident without a value is left out of its line. */
export function sparkline(points: SparkPoint[]): SVGSVGElement | null {
  if (points.length < 2) return null;
  const W = 180;
  const H = 44;
  const svg = svgEl('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    class: 'acc-spark',
    role: 'img',
    'aria-label': 'Recall (solid) and precision (dashed) per incident, oldest on the left',
  });
  const x = (i: number) => 4 + (i * (W - 8)) / (points.length - 1);
  const y = (v: number) => H - 4 - v * (H - 8);
  const line = (pick: (pt: SparkPoint) => number | null, color: string, dash?: string) => {
    const d = points.map((pt, i) => [i, pick(pt)] as const).filter(([, v]) => v !== null).map(([i, v], k) => `${k ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v!).toFixed(1)}`).join(' ');
    if (!d) return;
    svg.append(svgEl('path', { d, fill: 'none', stroke: color, 'stroke-width': 2.5, 'stroke-dasharray': dash }));
  };
  svg.append(svgEl('line', { x1: 0, x2: W, y1: y(0), y2: y(0), stroke: '#30363d' }));
  line((pt) => pt.p, '#9da7b3', '4 3');
  line((pt) => pt.r, ACC.fired);
  return svg;
}
