// The legend that travels with an exported picture (PNG and SVG): shape = kind; fill = decision;
// border style and symbol = state in time (double reached, dashed arriving, dotted held).
import { esc } from '../ui/dom.js';
import { COLOR } from './style.js';

export interface LegendItem {
  shape: 'Agent' | 'System' | 'Surface' | 'edge';
  fill: string;
  stroke: string;
  dash?: string;
  double?: boolean;
  label: string;
}

export const INCIDENT_LEGEND: LegendItem[][] = [
  [
    { shape: 'Agent', fill: COLOR.undecided, stroke: COLOR.undecidedBorder, label: 'Agent' },
    { shape: 'System', fill: COLOR.undecided, stroke: COLOR.undecidedBorder, label: 'System' },
    { shape: 'Surface', fill: COLOR.undecided, stroke: COLOR.undecidedBorder, label: 'Surface' },
    { shape: 'Agent', fill: COLOR.source, stroke: '#ffffff', label: '◆ source' },
  ],
  [
    { shape: 'Agent', fill: COLOR.undecided, stroke: COLOR.undecidedBorder, label: 'undecided' },
    { shape: 'Agent', fill: COLOR.stop, stroke: COLOR.undecidedBorder, label: '■ STOPPED' },
    { shape: 'Agent', fill: COLOR.correct, stroke: COLOR.undecidedBorder, label: '✎ CORRECTING' },
    { shape: 'Agent', fill: COLOR.notify, stroke: COLOR.undecidedBorder, label: '✉ NOTIFIED' },
  ],
  [
    { shape: 'Agent', fill: COLOR.undecided, stroke: COLOR.exposed, double: true, label: '◉ reached (● observed)' },
    { shape: 'Agent', fill: COLOR.undecided, stroke: COLOR.exposed, dash: '5 3', label: '◔ will be reached' },
    { shape: 'Agent', fill: COLOR.undecided, stroke: COLOR.exposed, label: '▲ exposed to new outputs' },
    { shape: 'Agent', fill: COLOR.undecided, stroke: '#8b949e', dash: '1 3', label: '■ held by a stop' },
    { shape: 'Agent', fill: COLOR.undecided, stroke: '#56d364', label: '○ not reached' },
  ],
];

export const LEGEND_ROW = 30;
const ITEM_GAP = 24;

function shapeD(kind: LegendItem['shape'], x: number, y: number): string {
  if (kind === 'Surface') return `M${x + 14} ${y} L${x + 26} ${y + 10} L${x + 14} ${y + 20} L${x + 2} ${y + 10} Z`;
  if (kind === 'System') return `M${x + 8} ${y} H${x + 20} Q${x + 24} ${y} ${x + 24} ${y + 4} V${y + 16} Q${x + 24} ${y + 20} ${x + 20} ${y + 20} H${x + 8} Q${x + 4} ${y + 20} ${x + 4} ${y + 16} V${y + 4} Q${x + 4} ${y} ${x + 8} ${y} Z`;
  return `M${x + 7} ${y + 3} H${x + 21} A7 7 0 0 1 ${x + 21} ${y + 17} H${x + 7} A7 7 0 0 1 ${x + 7} ${y + 3} Z`;
}

/** Text width estimate (no layout engine in an SVG string). */
const textWidth = (s: string, px = 14): number => s.length * px * 0.58;

/** An SVG group with the legend, rows from (x, y). */
export function legendSvg(x: number, y: number, rows = INCIDENT_LEGEND): string {
  const out = [`<g id="legend" font-size="14" fill="${COLOR.text}">`];
  rows.forEach((row, r) => {
    let cx = x;
    const cy = y + r * LEGEND_ROW;
    for (const it of row) {
      const attrs = `fill="${it.fill}" stroke="${it.stroke}" stroke-width="${it.double ? 4 : 2}"${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}`;
      out.push(`<path d="${shapeD(it.shape, cx, cy)}" ${attrs}/>`);
      out.push(`<text x="${cx + 32}" y="${cy + 15}">${esc(it.label)}</text>`);
      cx += 32 + textWidth(it.label) + ITEM_GAP;
    }
  });
  out.push('</g>');
  return out.join('');
}

/** The legend drawn below a PNG of the graph: a new image, the picture on top. */
export async function pngWithLegend(graph: Blob, rows = INCIDENT_LEGEND): Promise<Blob> {
  const img = await createImageBitmap(graph);
  const pad = 16;
  const legendH = rows.length * LEGEND_ROW + pad * 2;
  const minW = Math.max(...rows.map((row) => row.reduce((w, it) => w + 32 + textWidth(it.label) + ITEM_GAP, pad * 2)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(img.width, Math.ceil(minW));
  canvas.height = img.height + legendH;
  const g = canvas.getContext('2d')!;
  g.fillStyle = COLOR.bg;
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0);
  g.font = '14px system-ui, sans-serif';
  g.textBaseline = 'middle';
  rows.forEach((row, r) => {
    let cx = pad;
    const cy = img.height + pad + r * LEGEND_ROW;
    for (const it of row) {
      const p = new Path2D(shapeD(it.shape, cx, cy));
      g.fillStyle = it.fill;
      g.fill(p);
      g.strokeStyle = it.stroke;
      g.lineWidth = it.double ? 4 : 2;
      g.setLineDash(it.dash ? it.dash.split(' ').map(Number) : []);
      g.stroke(p);
      g.setLineDash([]);
      g.fillStyle = COLOR.text;
      g.fillText(it.label, cx + 32, cy + 10);
      cx += 32 + g.measureText(it.label).width + ITEM_GAP;
    }
  });
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be drawn.'))), 'image/png'));
}
