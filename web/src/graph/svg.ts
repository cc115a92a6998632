// A small SVG serialiser for our preset layouts: every node at its position, shaped by kind,
// coloured as on screen (read from Cytoscape's computed style), edges as lines with arrowheads.
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { esc } from '../ui/dom.js';
import { COLOR } from './style.js';
import { INCIDENT_LEGEND, LEGEND_ROW, legendSvg, type LegendItem } from './legend-export.js';

function num(v: string | undefined, fallback: number): number {
  const n = parseFloat(v ?? '');
  return Number.isFinite(n) ? n : fallback;
}

function shapePath(kind: string, x: number, y: number, w: number, hgt: number): string {
  const l = x - w / 2;
  const t = y - hgt / 2;
  switch (kind) {
    case 'Surface':
      return `<path d="M${x} ${t} L${l + w} ${y} L${x} ${t + hgt} L${l} ${y} Z"`;
    case 'System': {
      const k = w * 0.12;
      return `<path d="M${l + k} ${t} L${l + w - k} ${t} Q${l + w} ${t} ${l + w} ${t + k} L${l + w} ${t + hgt - k} Q${l + w} ${t + hgt} ${l + w - k} ${t + hgt} L${l + k} ${t + hgt} Q${l} ${t + hgt} ${l} ${t + hgt - k} L${l} ${t + k} Q${l} ${t} ${l + k} ${t} Z"`;
    }
    default:
      return `<rect x="${l}" y="${t}" width="${w}" height="${hgt}" rx="${hgt / 2}"`;
  }
}

export function graphToSvg(cy: Core, title: string, legend: LegendItem[][] = INCIDENT_LEGEND): string {
  const nodes = cy.nodes().filter((n) => n.visible());
  const bb = nodes.boundingBox({ includeLabels: true });
  const pad = 40;
  const x0 = bb.x1 - pad;
  const y0 = bb.y1 - pad - 30;
  const legendH = legend.length ? legend.length * LEGEND_ROW + 20 : 0;
  const width = Math.max(bb.w + pad * 2, legend.length ? 900 : 0);
  const height = bb.h + pad * 2 + 30 + legendH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0.toFixed(1)} ${y0.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}" width="${Math.round(width)}" height="${Math.round(height)}" font-family="system-ui, sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="context-stroke"/></marker></defs>`,
    `<rect x="${x0}" y="${y0}" width="${width}" height="${height}" fill="${COLOR.bg}"/>`,
    `<text x="${x0 + 16}" y="${y0 + 28}" fill="${COLOR.text}" font-size="18" font-weight="700">${esc(title)}</text>`,
  );
  out.push('<g fill="none">');
  cy.edges().forEach((e: EdgeSingular) => {
    if (!e.visible()) return;
    const s = e.source().position();
    const t = e.target().position();
    const dx = t.x - s.x;
    const dy = t.y - s.y;
    const len = Math.hypot(dx, dy) || 1;
    // stop the line at the target's edge (approximately: its half-width along the line)
    const r = Math.min(len / 2, (e.target().width() / 2) * 1.05);
    const tx = t.x - (dx / len) * r;
    const ty = t.y - (dy / len) * r;
    const color = e.style('line-color') as string;
    const dashed = e.style('line-style') === 'dashed' ? ' stroke-dasharray="8 6"' : '';
    const opacity = num(e.style('opacity') as string, 1);
    out.push(
      `<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${tx.toFixed(1)}" y2="${ty.toFixed(1)}" stroke="${color}" stroke-width="${num(e.style('width') as string, 2)}" opacity="${opacity}"${dashed} marker-end="url(#arrow)"><title>${esc(`${e.source().id()} → ${e.target().id()}${e.data('gate') !== 'none' ? ` (${e.data('gate')})` : ''}`)}</title></line>`,
    );
  });
  out.push('</g><g>');
  nodes.forEach((n: NodeSingular) => {
    const { x, y } = n.position();
    const w = n.width();
    const hgt = n.height();
    const fill = n.style('background-color') as string;
    const stroke = n.style('border-color') as string;
    const sw = num(n.style('border-width') as string, 2);
    const opacity = num(n.style('opacity') as string, 1);
    const decision = n.data('decision') as string;
    out.push(
      `<g opacity="${opacity}" data-name="${esc(n.id())}">${shapePath(n.data('kind'), x, y, w, hgt)} fill="${fill}" stroke="${stroke}" stroke-width="${sw}"/>` +
        `<text x="${x}" y="${y + hgt / 2 + 20}" text-anchor="middle" font-size="15" font-weight="600" fill="${n.hasClass('source') ? COLOR.source : COLOR.text}" stroke="${COLOR.bg}" stroke-width="3" paint-order="stroke">${esc(n.data('label'))}</text>` +
        `<title>${esc(`${n.id()} (${n.data('kind')}${decision && decision !== 'none' && decision !== 'source' ? `, ${decision}` : ''})`)}</title></g>`,
    );
  });
  out.push('</g>');
  if (legend.length) out.push(legendSvg(x0 + 16, y0 + height - legendH + 4, legend));
  out.push('</svg>');
  return out.join('\n');
}
