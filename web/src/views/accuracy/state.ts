// One state per host: what was last loaded, the graph, and the persistent sections, built once
// so the form (with whatever is typed in it) survives every refresh; the mode puts them in order.
import type { Core } from 'cytoscape';
import type { Accuracy, Incident, NodeKind, Scorecard } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { buildGraphCard, destroyGraph, fit } from './graph.js';
import { buildForm } from './upload.js';

type Mode = 'empty' | 'data' | 'failed';

export interface State {
  id: string;
  host: HTMLElement;
  seq: number;
  incident?: Incident;
  accuracy?: Accuracy;
  scorecard?: Scorecard;
  signature?: string;
  mode?: Mode;
  kinds: Map<string, NodeKind | null>;
  cy?: Core;
  needsFit: boolean;
  patchText?: string;
  // persistent sections
  root: HTMLElement;
  loading: HTMLElement;
  empty: HTMLElement;
  summary: HTMLElement;
  unmatched: HTMLElement;
  graphCard: HTMLElement;
  graphHost: HTMLElement;
  detail: HTMLElement;
  columns: HTMLElement;
  form: HTMLFormElement;
  patch: HTMLElement;
  scorecardCard: HTMLElement;
}

/** A fresh state for incident `id`, shown (loading) in `host`; `refresh` runs when observations are recorded. */
export function createState(id: string, host: HTMLElement, refresh: (st: State) => Promise<void>): State {
  const loading = h('p.loading', 'Loading predicted against observed…');
  const graph = buildGraphCard(() => fit(st));
  const root = h('div.acc', loading);
  const st: State = {
    id,
    host,
    seq: 0,
    kinds: new Map(),
    needsFit: false,
    root,
    loading,
    empty: h('section.acc-empty', { id: 'accuracy-empty' }),
    summary: h('section.acc-summary', { id: 'accuracy-summary' }),
    unmatched: h('section.acc-unmatched', { id: 'acc-unmatched', role: 'status' }),
    graphCard: graph.card,
    graphHost: graph.host,
    detail: graph.detail,
    columns: h('div.acc-columns'),
    form: buildForm(id, () => refresh(st)),
    patch: h('section.card.acc-patch', { id: 'acc-patch' }),
    scorecardCard: h('section.card.acc-scorecard-card', { id: 'acc-scorecard-card' }),
  };
  host.replaceChildren(root);
  return st;
}

/** Puts the persistent sections in the order the mode needs, keeping the focus in the form. */
export function setMode(st: State, mode: Mode): void {
  if (st.mode === mode) return;
  const active = document.activeElement;
  const keepFocus = active instanceof HTMLElement && st.form.contains(active) ? active : undefined;
  const selection = keepFocus instanceof HTMLTextAreaElement ? [keepFocus.selectionStart, keepFocus.selectionEnd] : undefined;
  st.mode = mode;
  if (mode === 'failed') {
    st.root.replaceChildren(st.loading);
  } else if (mode === 'empty') {
    destroyGraph(st);
    st.root.replaceChildren(st.empty, st.form, st.scorecardCard);
    st.root.classList.add('is-empty');
  } else {
    st.root.classList.remove('is-empty');
    st.columns.replaceChildren(st.form, st.patch);
    st.root.replaceChildren(st.summary, st.unmatched, st.graphCard, st.columns, st.scorecardCard);
  }
  if (keepFocus) {
    keepFocus.focus();
    if (selection && keepFocus instanceof HTMLTextAreaElement) keepFocus.setSelectionRange(selection[0], selection[1]);
  }
}
