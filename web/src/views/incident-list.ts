// Incidents: the list (status, source, failure mode, progress) and the form that opens one.
import type { FailureMode, IncidentSummary, OpenIncidentRequest } from '../../../graph-schema/index.js';
import { api, ApiError } from '../api.js';
import { go } from '../router.js';
import { dismiss, showError } from '../ui/banner.js';
import { clockTime, h, relativeTime } from '../ui/dom.js';
import { FAILURE_MODE_LABEL, FAILURE_MODES, progressBar, statusBadge } from './common.js';
import { sourcePicker } from './source-picker.js';

const STATUS_ORDER = { open: 0, contained: 1, resolved: 2 } as const;

export function mountIncidentList(root: HTMLElement, options: { openForm: boolean; query: URLSearchParams }): () => void {
  root.className = 'page';
  const openButton = h('button.primary.big', { type: 'button', id: 'open-incident', title: 'Open a new incident (shortcut: o)' }, '+ Open incident', h('kbd', 'O'));
  const formHost = h('div');
  const listHost = h('div.incident-list', h('p.loading', 'Loading incidents…'));
  root.append(h('div.page-head', h('h1', 'Incidents'), h('span.spacer'), openButton), formHost, listHost);

  const showForm = (): void => {
    if (formHost.firstChild) return;
    formHost.append(openIncidentForm(options.query, () => formHost.replaceChildren()));
    formHost.querySelector('input')?.focus();
  };
  openButton.addEventListener('click', showForm);
  if (options.openForm || options.query.get('source')) showForm();

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'o' && !isTyping(e) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      showForm();
    }
  };
  document.addEventListener('keydown', onKey);

  let stopped = false;
  const load = async (): Promise<void> => {
    try {
      const { incidents } = await api.incidents();
      if (stopped) return;
      dismiss('incidents');
      listHost.replaceChildren(incidentTable(incidents));
      document.body.dataset.ready = 'true';
    } catch (err) {
      if (!stopped) showError('Could not load the incidents', err, 'incidents');
      listHost.querySelector('.loading')?.remove();
    }
  };
  void load();
  const timer = setInterval(load, 15_000);
  return () => {
    stopped = true;
    clearInterval(timer);
    document.removeEventListener('keydown', onKey);
  };
}

export function isTyping(e: Event): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

function incidentTable(incidents: IncidentSummary[]): HTMLElement {
  if (incidents.length === 0) {
    return h('div.empty-state', h('p', 'No incidents. '), h('p.dim', 'When an agent produces a bad output, press “Open incident”, pick the agent, and the blast radius appears.'));
  }
  const sorted = [...incidents].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.openedAt < b.openedAt ? 1 : -1));
  return h(
    'table.data.incidents',
    h('thead', h('tr', h('th', 'Status'), h('th', 'Incident'), h('th', 'Source'), h('th', 'Failure mode'), h('th', 'Progress'), h('th.num', 'Consumers'), h('th', 'Opened'))),
    h(
      'tbody',
      ...sorted.map((i) => {
        const href = `#/incidents/${encodeURIComponent(i.id)}`;
        const row = h(
          'tr.clickable',
          { dataset: { id: i.id }, tabindex: '0' },
          h('td', statusBadge(i.status)),
          h('td', h('a.incident-title', { href }, i.title), h('div.dim.small', i.id)),
          h('td.mono', i.source),
          h('td', i.failureMode),
          h('td.progress-cell', progressBar(i.progress)),
          // the list reads no radius (v2): the size counted at opening, not a live exposure
          h('td.num', { title: `${i.size.surfaces} surfaces in the radius` }, i.size.consumers.toLocaleString()),
          h('td', { title: clockTime(i.openedAt) }, relativeTime(i.openedAt), h('div.dim.small', `by ${i.openedBy}`)),
        );
        row.addEventListener('click', (e) => {
          if ((e.target as HTMLElement).tagName !== 'A') go(href);
        });
        row.addEventListener('keydown', (e) => e.key === 'Enter' && go(href));
        return row;
      }),
    ),
  );
}

function openIncidentForm(query: URLSearchParams, close: () => void): HTMLElement {
  const picker = sourcePicker({ id: 'source' });
  const mode = h('select', { id: 'failure-mode', required: true }, ...FAILURE_MODES.map((m) => h('option', { value: m }, FAILURE_MODE_LABEL[m])));
  const outputRef = h('input', { id: 'output-ref', type: 'text', placeholder: 'e.g. msg_8f2a… (the id of the bad output)', autocomplete: 'off' });
  const title = h('input', { id: 'title', type: 'text', placeholder: 'Optional: defaults to “<source>: <failure mode>”', autocomplete: 'off' });
  const detected = h('input', { id: 'detected-at', type: 'datetime-local', step: '1' });
  const submit = h('button.primary.big', { type: 'submit', id: 'submit-incident' }, 'Open incident');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const fieldError = (name: string) => h('div.field-error', { dataset: { field: name } });
  const field = (label: string, control: HTMLElement, name: string, hint?: string) =>
    h('label.field', h('span.field-label', label), control, hint ? h('span.field-hint', hint) : null, fieldError(name));

  const source = query.get('source');
  if (source) picker.set(source);
  const fm = query.get('failureMode');
  if (fm && (FAILURE_MODES as readonly string[]).includes(fm)) mode.value = fm;

  const form = h(
    'form.card.open-form',
    { id: 'open-incident-form', novalidate: true },
    h('h2', 'Open an incident'),
    h(
      'div.form-grid',
      field('Source: the node that produced the bad output', picker.el, 'source', 'Type a few letters, then pick with ↓ and Enter'),
      field('Failure mode', mode, 'failureMode'),
      field('Output reference', outputRef, 'outputRef', 'Paste the id of the bad output, if you have it'),
      field('Title', title, 'title'),
      field('Detected at', detected, 'detectedAt', 'Leave empty for now'),
    ),
    h('div.form-actions', submit, cancel),
  );
  cancel.addEventListener('click', close);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll<HTMLElement>('.field-error').forEach((el) => (el.textContent = ''));
    const src = picker.value();
    if (!src) {
      form.querySelector<HTMLElement>('[data-field="source"]')!.textContent = 'Pick the node that produced the bad output.';
      picker.input.focus();
      return;
    }
    const body: OpenIncidentRequest = {
      title: title.value.trim() || `${src}: ${mode.value}`,
      source: src,
      failureMode: mode.value as FailureMode,
    };
    if (outputRef.value.trim()) body.outputRef = outputRef.value.trim();
    if (detected.value) body.detectedAt = new Date(detected.value).toISOString();
    submit.disabled = true;
    submit.textContent = 'Opening…';
    try {
      const incident = await api.openIncident(body);
      go(`#/incidents/${encodeURIComponent(incident.id)}`);
    } catch (err) {
      submit.disabled = false;
      submit.textContent = 'Open incident';
      showError('The incident was not opened', err, 'open-incident');
      if (err instanceof ApiError) {
        for (const d of err.details) {
          const key = d.path.replace(/^body\./, '').split(/[.[]/)[0];
          const slot = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"]`);
          if (slot) slot.textContent = d.message;
        }
        if (err.status === 404) form.querySelector<HTMLElement>('[data-field="source"]')!.textContent = err.message;
      }
    }
  });
  return form;
}
