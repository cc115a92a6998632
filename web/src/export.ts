// Exports: the graph as PNG (Cytoscape renders it) and SVG (our serialiser), the report as
// Markdown and the notification worklist as CSV (both from the server, which owns their content).
import type { Core } from 'cytoscape';
import { api } from './api.js';
import { graphToSvg } from './graph/svg.js';
import { pngWithLegend } from './graph/legend-export.js';
import { COLOR } from './graph/style.js';
import { showError, toast } from './ui/banner.js';
import { download } from './ui/dom.js';

export type ExportKind = 'png' | 'svg' | 'markdown' | 'csv';

export async function exportIncident(kind: ExportKind, id: string, cy: Core | undefined, title: string): Promise<void> {
  const base = `incident-${id}`;
  try {
    switch (kind) {
      case 'png': {
        if (!cy) throw new Error('The graph is not shown; switch to the graph view first.');
        const blob = (await cy.png({ output: 'blob-promise', full: true, bg: COLOR.bg, maxWidth: 6000, maxHeight: 6000 })) as Blob;
        download(`${base}.png`, await pngWithLegend(blob));
        break;
      }
      case 'svg': {
        if (!cy) throw new Error('The graph is not shown; switch to the graph view first.');
        download(`${base}.svg`, new Blob([graphToSvg(cy, title)], { type: 'image/svg+xml' }));
        break;
      }
      case 'markdown':
        download(`${base}-report.md`, await api.report(id, 'markdown'));
        break;
      case 'csv':
        download(`${base}-worklist.csv`, await api.report(id, 'csv'));
        break;
    }
    toast(`Downloaded ${kind === 'markdown' ? 'the report' : kind === 'csv' ? 'the worklist' : `the graph (${kind.toUpperCase()})`}`, 'ok');
  } catch (err) {
    showError(`Export (${kind}) failed`, err, `export-${kind}`);
  }
}

export function exportWhatIf(kind: 'png' | 'svg', name: string, cy: Core, title: string): void {
  if (kind === 'svg') {
    download(`what-if-${name}.svg`, new Blob([graphToSvg(cy, title, [])], { type: 'image/svg+xml' }));
  } else {
    void (cy.png({ output: 'blob-promise', full: true, bg: COLOR.bg, maxWidth: 6000, maxHeight: 6000 }) as Promise<Blob>).then((b) => download(`what-if-${name}.png`, b));
  }
}
