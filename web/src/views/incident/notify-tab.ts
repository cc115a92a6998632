// The Notify tab (playbook step 4, journey 2 step 7): per audience, the reached and exposed
// Surfaces with owners and contacts and the server's draft naming the failure mode; what was
// sent is recorded as a communication (a filing against a regulatory clock marks it filed), and
// the archive lists every one.
import type { AudienceGroup, Clock, Communication, CommunicationRequest, CommunicationsResponse, Notifications } from '../../../../graph-schema/index.js';
import { ApiError } from '../../api.js';
import { apiJson } from '../../api.js';
import { toast } from '../../ui/banner.js';
import { download, h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { readError, writeError } from './notices.js';
import { zonedTime } from './words.js';

const enc = encodeURIComponent;

function recordForm(id: string, g: AudienceGroup, clocks: Clock[], onSaved: () => void): HTMLElement {
  const channel = h('input', { type: 'text', value: 'email', 'aria-label': `Channel for ${g.audience}`, required: true });
  const to = h('input', { type: 'text', placeholder: 'to (list, address…)', 'aria-label': `Recipients for ${g.audience}`, value: g.contacts.join(', ') });
  const summary = h('input', { type: 'text', value: g.draft.subject, 'aria-label': `What was sent to ${g.audience}`, required: true });
  const open = clocks.filter((c) => c.status !== 'filed');
  const clock = h('select', { 'aria-label': 'Files a reporting clock' }, h('option', { value: '' }, 'no reporting clock'), ...open.map((c) => h('option', { value: `${c.regime}\u0000${c.name}` }, `files: ${c.name} (${c.regime})`)));
  const save = h('button.primary.small', { type: 'submit' }, 'Record as sent');
  const err = h('div.action-error');
  const form = h('form.record-sent', { dataset: { audience: g.audience } }, channel, to, summary, g.audience === 'regulator' && open.length ? clock : null, save, err);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const [regime, name] = clock.value ? clock.value.split('\u0000') : [undefined, undefined];
    save.disabled = true;
    apiJson<Communication>('POST', `/incidents/${enc(id)}/communications`, {
      body: { audience: g.audience, channel: channel.value.trim(), to: to.value.trim() || undefined, summary: summary.value.trim(), regime, clock: name } satisfies Omit<CommunicationRequest, 'by'>,
    }).then(
      () => {
        toast(`Recorded: ${g.audience} notified by ${channel.value.trim()}`, 'ok');
        onSaved();
      },
      (error: unknown) => {
        save.disabled = false;
        err.replaceChildren(writeError(`the ${g.audience} communication`, error));
      },
    );
  });
  return form;
}

function audienceCard(id: string, g: AudienceGroup, clocks: Clock[], onSaved: () => void): HTMLElement {
  const reached = g.surfaces.filter((s) => s.reached).length;
  const copy = h('button.small', { type: 'button' }, 'Copy the draft');
  copy.addEventListener('click', () => void navigator.clipboard?.writeText(`${g.draft.subject}\n\n${g.draft.body}`).then(() => toast('Draft copied', 'ok', 1500), () => toast('Copy refused by the browser: select the text instead', 'warn')));
  const save = h('button.small', { type: 'button' }, 'Download (.md)');
  save.addEventListener('click', () => download(`incident-${id}-${g.audience}-draft.md`, new Blob([`# ${g.draft.subject}\n\n${g.draft.body}\n`], { type: 'text/markdown' })));
  return h(
    'section.card.audience-card',
    { dataset: { audience: g.audience } },
    h('h2', h('span.audience-name', g.audience), h('span.dim', ` · ${plural(g.surfaces.length, 'surface')}, ${reached.toLocaleString()} reached`)),
    h('p.small', h('strong', 'Owners: '), g.owners.join(', ') || '—', ' · ', h('strong', 'Contacts: '), g.contacts.join(', ') || h('span.warn', 'none registered')),
    h('details', h('summary', 'Surfaces'), h('ul.name-list', ...g.surfaces.slice(0, 300).map((s) => h('li', h('span.mono', s.name), h('span.dim', ` ${s.reached ? `● reached${s.arrival ? ` ${zonedTime(s.arrival)}` : ''}` : '▲ exposed'}`))))),
    h('div.draft', h('div.draft-subject', h('strong', 'Subject: '), g.draft.subject), h('pre.draft-body', { tabindex: '0', 'aria-label': `Draft for ${g.audience}` }, g.draft.body), h('div.panel-actions', copy, save)),
    recordForm(id, g, clocks, onSaved),
  );
}

function archive(list: Communication[]): HTMLElement {
  if (!list.length) return h('p.dim', 'Nothing recorded as sent yet.');
  return h(
    'table.data',
    { id: 'communications' },
    h('thead', h('tr', h('th', 'Sent'), h('th', 'Audience'), h('th', 'Channel'), h('th', 'To'), h('th', 'What'), h('th', 'Filing'), h('th', 'By'))),
    h('tbody', ...[...list].reverse().map((c) => h('tr', h('td', zonedTime(c.sentAt)), h('td', c.audience), h('td', c.channel), h('td', c.to ?? ''), h('td', c.summary), h('td', c.clock ? `${c.clock} (${c.regime})` : ''), h('td', c.by)))),
  );
}

/** Shows the tab in `host`; call again to refresh (after a record, or a live communication event). */
export async function notifyTab(id: string, host: HTMLElement, clocks: () => Clock[], onRecorded: () => void): Promise<void> {
  if (!host.childElementCount) host.replaceChildren(h('p.loading', 'Loading the audiences…'));
  const again = (): void => {
    onRecorded();
    void notifyTab(id, host, clocks, onRecorded);
  };
  try {
    const [n, c] = await Promise.all([
      apiJson<Notifications>('GET', `/incidents/${enc(id)}/notifications`),
      apiJson<CommunicationsResponse>('GET', `/incidents/${enc(id)}/communications`),
    ]);
    host.replaceChildren(
      h('div.notify-page', { id: 'notify-page' },
        h('p', `Tell each audience what happened, with the failure mode named (${n.failureModeText}). Drafts come from the playbook's templates; record what you really sent.`),
        ...(n.audiences.length ? n.audiences.map((g) => audienceCard(id, g, clocks(), again)) : [h('p.dim', 'No Surface is reached or exposed: no audience to notify yet.')]),
        h('h2', 'Communication archive'),
        archive(c.communications),
        h('p.dim.small', 'Deadlines shown are not legal advice.')),
    );
  } catch (err) {
    host.replaceChildren(readError(err instanceof ApiError && err.status === 404 ? 'the notifications (this server has none)' : 'the notifications', err, () => void notifyTab(id, host, clocks, onRecorded)));
  }
}
