// The Accuracy tab of an incident (JOURNEYS.md journey 3, "did our graph tell the truth?"):
// observations added from the page (a reached list or OTLP JSON traces), the numbers (precision,
// recall, hits, predicted-only, missed, missing and silent edges, unmatched names), one graph of
// predicted against observed, the proposed registry patch to download, and the scorecard across
// incidents. Everything is computed by the server (CONTRACT.md §3 "Accuracy"); this only shows it.
//
// The tab is re-entered whenever it is shown and whenever observations arrive (live event), so
// the view keeps one state per host (state.ts): the form (with whatever is typed in it) survives
// every refresh, and the graph is rebuilt only when the answer really changed.
import { api, ApiError } from '../../api.js';
import { showError } from '../../ui/banner.js';
import { h } from '../../ui/dom.js';
import { renderEmpty } from './empty.js';
import { destroyGraph, fit, renderGraph } from './graph.js';
import { renderSummary, renderUnmatched } from './numbers.js';
import { renderPatch } from './patch.js';
import { renderScorecard } from './scorecard.js';
import { createState, setMode, type State } from './state.js';
import '../../styles/accuracy.css';

const states = new WeakMap<HTMLElement, State>();
let current: State | undefined;

/** Shows the accuracy view of incident `id` in `host`; safe to call again at any time (refreshes). */
export async function accuracyTab(id: string, host: HTMLElement): Promise<void> {
  let st = states.get(host);
  if (!st || st.id !== id) {
    if (st) destroyGraph(st);
    st = createState(id, host, refresh);
    states.set(host, st);
  }
  if (current && current !== st && !current.host.isConnected) destroyGraph(current);
  current = st;
  if (st.cy) {
    st.cy.resize();
    if (st.needsFit && st.graphHost.clientWidth > 0) fit(st);
  }
  await refresh(st);
}

async function refresh(st: State): Promise<void> {
  const seq = ++st.seq;
  try {
    const [incident, accuracy, scorecard] = await Promise.all([
      st.incident ? Promise.resolve(st.incident) : api.incident(st.id),
      api.accuracy(st.id),
      api.scorecard().catch(() => undefined),
    ]);
    if (seq !== st.seq) return;
    st.incident = incident;
    const hasData = accuracy.observed.length > 0 || accuracy.unmatched.length > 0;
    const signature = JSON.stringify(accuracy);
    const changed = signature !== st.signature;
    st.accuracy = accuracy;
    st.signature = signature;
    if (scorecard) st.scorecard = scorecard;
    if (!hasData) {
      setMode(st, 'empty');
      renderEmpty(st);
    } else {
      if (changed) {
        // kinds of the nodes outside the radius (for their shapes)
        const radius = new Set([incident.source, ...incident.consumers.map((c) => c.name)]);
        const outside = [...new Set([...accuracy.falseNegatives, ...accuracy.missingEdges.flatMap((e) => [e.from, e.to])])].filter((n) => !radius.has(n) && !st.kinds.has(n)).slice(0, 300);
        await Promise.all(outside.map((n) => api.node(n).then((d) => st.kinds.set(n, d.kind), () => st.kinds.set(n, null))));
        if (seq !== st.seq) return;
      }
      setMode(st, 'data');
      renderSummary(st);
      renderUnmatched(st);
      if (changed || !st.cy) renderGraph(st);
      void renderPatch(st, seq);
    }
    renderScorecard(st);
  } catch (err) {
    if (seq !== st.seq) return;
    showError('Could not load the accuracy of this incident', err, 'accuracy');
    if (st.mode === 'empty' || st.mode === 'data') return; // keep what is shown, and the form with its text
    setMode(st, 'failed');
    st.loading.replaceChildren(
      h('p', 'The accuracy could not be loaded.'),
      err instanceof ApiError ? h('p.dim', err.message, ' ', err.advice()) : h('p.dim', 'Try again; if it keeps failing, reload the page.'),
    );
  }
}

