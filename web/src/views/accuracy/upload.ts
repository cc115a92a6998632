// The "Add observations" form: paste or choose a file, see what the text reads as while typing,
// and record it. A refusal is said next to the text, which stays in the box.
import type { ObservationsResult } from '../../../../graph-schema/index.js';
import { api, ApiError } from '../../api.js';
import { dismiss, showError, toast } from '../../ui/banner.js';
import { debounce, h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { put } from './dom.js';
import { parseObservations } from './parse.js';

/** Above this size a pasted file is kept aside instead of being shown in the text box. */
const INLINE_LIMIT = 512 * 1024;

/** The form for incident `id`; `onRecorded` runs once the server has stored what was sent. */
export function buildForm(id: string, onRecorded: () => Promise<void>): HTMLFormElement {
  let fileText: string | undefined; // a file too big to show in the box
  const textarea = h('textarea', {
    id: 'acc-input',
    rows: 8,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'chat-widget\nanswer-composer -> crm\ncrm -> member-portal @ 2026-03-02T03:40:00Z # ticket INC-4411\n\n…or paste OTLP JSON traces: {"resourceSpans": [...]}',
  });
  const file = h('input', { id: 'acc-file', type: 'file', accept: '.json,.jsonl,.txt,.csv,.tsv,application/json,text/plain,text/csv' });
  const fileChip = h('div.acc-file-chip', { hidden: true });
  const detected = h('div.acc-detected', { id: 'acc-detected', 'aria-live': 'polite' });
  const error = h('div.acc-form-error', { id: 'acc-form-error', role: 'alert', hidden: true });
  const result = h('div.acc-result', { id: 'acc-result', hidden: true });
  const submit = h('button.primary', { type: 'submit', id: 'acc-submit' }, 'Record observations');
  const el = h(
    'form.card.acc-form',
    { id: 'acc-form', novalidate: true },
    h('div.acc-card-head', h('h2', 'Add observations'), h('span.dim.small', 'what really received the bad output; uploads add up')),
    h('label.field-label', { for: 'acc-input' }, 'Paste a list of reached names, or OTLP JSON traces'),
    textarea,
    fileChip,
    h('div.acc-form-row', h('label.acc-file-label', 'or choose a file ', file), h('span.spacer'), submit),
    detected,
    error,
    result,
    h(
      'details.acc-help',
      h('summary', 'What can I paste?'),
      h(
        'ul',
        h('li', h('strong', 'Names, one per line: '), h('code', 'crm'), ' · ', h('code', 'answer-composer -> crm'), ' (who passed it on) · ', h('code', 'crm @ 2026-03-02T03:12:00Z'), ' (when) · ', h('code', 'crm # ticket INC-4411'), ' (evidence). Lines starting with # are comments.'),
        h('li', h('strong', 'CSV '), 'with a header row: ', h('code', 'name,from,at,evidence'), ' (only name is required).'),
        h('li', h('strong', 'JSON: '), h('code', '{"reached": [{"name": "crm", "from": "answer-composer"}]}'), ' or ', h('code', '["crm", "chat-widget"]'), '.'),
        h('li', h('strong', 'OTLP JSON traces '), '(', h('code', '{"resourceSpans": [...]}'), ', or one export per line as the collector\'s file exporter writes them). A span names the node its ', h('code', 'gen_ai.agent.name'), ', ', h('code', 'gen_ai.agent.id'), ' or resource ', h('code', 'service.name'), ' matches; a span under another node\'s span is a hop.'),
        h('li', 'Names match registered names and aliases (', h('code', 'PolicyAgent'), ' finds ', h('code', 'policy-agent'), '). Names that match nothing are kept and listed, never dropped.'),
      ),
    ),
  );

  const showDetected = (): void => {
    const text = fileText ?? textarea.value;
    if (!text.trim()) {
      detected.replaceChildren();
      return;
    }
    if (text.length > 4 * 1024 * 1024) {
      detected.replaceChildren(h('span.dim', `${(text.length / 1024 / 1024).toFixed(1)} MB ready to send; it is checked when you record it.`));
      return;
    }
    const p = parseObservations(text);
    detected.className = `acc-detected ${p.kind === 'error' ? 'bad' : 'good'}`;
    detected.replaceChildren(p.kind === 'error' ? h('span', '✗ ', p.message) : h('span', '✓ Reads as ', h('strong', p.summary), '.'));
  };
  const later = debounce(showDetected, 250);
  textarea.addEventListener('input', () => {
    error.hidden = true;
    result.hidden = true;
    later();
  });

  const clearFile = (): void => {
    fileText = undefined;
    file.value = '';
    fileChip.hidden = true;
    fileChip.replaceChildren();
    textarea.disabled = false;
    showDetected();
  };
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (!f) return;
    error.hidden = true;
    result.hidden = true;
    f.text().then(
      (text) => {
        if (text.length <= INLINE_LIMIT) {
          fileText = undefined;
          textarea.value = text;
          textarea.disabled = false;
          fileChip.hidden = false;
          fileChip.replaceChildren(h('span', `Loaded ${f.name} into the box above: check it, then record it.`));
        } else {
          fileText = text;
          textarea.disabled = true;
          const remove = h('button.link', { type: 'button' }, 'remove it to paste instead');
          remove.addEventListener('click', clearFile);
          fileChip.hidden = false;
          fileChip.replaceChildren(h('span', 'Using the file ', h('strong.mono', f.name), ` (${(text.length / 1024 / 1024).toFixed(1)} MB), too big to show here · `), remove);
        }
        showDetected();
      },
      (err: unknown) => showFormError(error, 'The file could not be read', err instanceof Error ? err.message : String(err), [], 'Choose the file again, or paste its content into the box.'),
    );
  });

  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void record();
  });

  const record = async (): Promise<void> => {
    const text = fileText ?? textarea.value;
    const parsed = parseObservations(text);
    result.hidden = true;
    if (parsed.kind === 'error') {
      showFormError(error, 'Not recorded: the text could not be read', parsed.message, [], parsed.hint);
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Recording…';
    try {
      const res = await api.observe(id, parsed.body);
      error.hidden = true;
      dismiss('observations');
      textarea.value = '';
      clearFile();
      result.hidden = false;
      result.replaceChildren(resultText(res, parsed.kind));
      toast(`Recorded ${plural(res.recorded, 'observation')}`, 'ok');
      await onRecorded();
    } catch (err) {
      // A refusal of the text is said next to the text; a server or network failure also gets the banner.
      if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) showError('Observations not recorded', err, 'observations');
      if (err instanceof ApiError) {
        showFormError(
          error,
          'Not recorded: the server refused these observations',
          err.message,
          err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)),
          err.status === 400 ? `Fix what is named above and record again; your text is still in the box. Nothing was saved.` : err.advice(),
        );
      } else {
        showFormError(error, 'Not recorded', err instanceof Error ? err.message : String(err), [], 'Try again; your text is still in the box.');
      }
    } finally {
      submit.disabled = false;
      submit.textContent = 'Record observations';
    }
  };

  return el;
}

function showFormError(box: HTMLElement, title: string, message: string, details: string[], hint: string): void {
  box.hidden = false;
  put(
    box,
    h('strong', title),
    h('div', message),
    details.length ? h('ul', ...details.slice(0, 20).map((d) => h('li.mono.small', d)), details.length > 20 ? h('li', `and ${details.length - 20} more`) : null) : null,
    h('div.hint', hint),
  );
  box.scrollIntoView({ block: 'nearest' });
}

function resultText(res: ObservationsResult, kind: 'otlp' | 'reached'): HTMLElement {
  const names = [...new Set(res.reached.map((r) => r.name))];
  return h(
    'div',
    h('strong', `✓ Recorded ${plural(res.recorded, 'observation')}`),
    kind === 'otlp' && res.spans !== undefined ? ` from ${plural(res.spans, 'span')}` : '',
    `: ${plural(names.length, 'registered node')} reached`,
    res.hops.length ? `, ${plural(res.hops.length, 'hop')}` : '',
    res.unmatched.length ? h('span.acc-result-unmatched', `; ${res.unmatched.length} matched nothing: `, h('span.mono', res.unmatched.join(', '))) : '',
    '.',
  );
}
