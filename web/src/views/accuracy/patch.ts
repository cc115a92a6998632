// The proposed registry patch: what it adds and flags, a preview, and the download. The server
// writes the patch; a person approves it before anything changes.
import { api } from '../../api.js';
import { showError, toast } from '../../ui/banner.js';
import { download, h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { put } from './dom.js';
import type { State } from './state.js';

export async function renderPatch(st: State, seq: number): Promise<void> {
  const a = st.accuracy!;
  const silent = a.edges.filter((e) => e.status === 'silent').length;
  const button = h('button.primary', { type: 'button', id: 'acc-download-patch' }, 'Download proposed registry patch (.yaml)');
  const pre = h('pre.acc-yaml', { id: 'acc-patch-text' }, st.patchText ?? 'Loading…');
  const preview = h('details.acc-patch-preview', { id: 'acc-patch-preview' }, h('summary', 'Preview the patch'), pre);
  button.addEventListener('click', () => void downloadPatch(st, button));
  put(
    st.patch,
    h('div.acc-card-head', h('h2', 'Proposed registry patch')),
    a.missingEdges.length
      ? h('p', 'The observations show ', h('strong', plural(a.missingEdges.length, 'hop')), ' the registry lacks. The patch adds ', a.missingEdges.length === 1 ? 'it' : 'them', ' to the consumers\' manifests, with the default channel, mode and gate spelled out (', h('code', 'api / async / none'), '): review them.')
      : h('p', 'No missing edge: the patch has nothing to add.'),
    silent ? h('p.dim', `${plural(silent, 'silent edge')} ${silent === 1 ? 'is' : 'are'} flagged in its comments for the owners to check; nothing is ever removed automatically.`) : null,
    h('p', 'Nothing changes until a person approves it: send it to the owning teams; once approved it is applied like any other change (', h('code', 'blast-radius apply'), ' or ', h('code', 'POST /api/v1/graph/apply'), '), as a new revision.'),
    h('div.acc-patch-actions', button),
    preview,
  );
  try {
    const text = await api.registryPatch(st.id);
    if (seq !== st.seq) return;
    st.patchText = text;
    pre.textContent = text;
    const lines = text.split('\n').filter(Boolean).length;
    preview.querySelector('summary')!.textContent = `Preview the patch (${plural(lines, 'line')})`;
  } catch (err) {
    if (seq !== st.seq) return;
    pre.textContent = `The patch could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function downloadPatch(st: State, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const text = await api.registryPatch(st.id);
    st.patchText = text;
    download(`${st.id}-registry-patch.yaml`, new Blob([text], { type: 'application/yaml' }));
    toast('Downloaded the proposed registry patch', 'ok');
  } catch (err) {
    showError('Could not download the registry patch', err, 'patch');
  } finally {
    button.disabled = false;
  }
}
