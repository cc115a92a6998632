// The postmortem artefact: the same facts as JSON for machines, Markdown for legal and
// regulators, and a CSV worklist for the customer-communication team.
import { formatSeconds, type HistoryEntry, type Incident, type IncidentConsumer } from '../../graph-schema/index.js';
import { csvText, mdCell, mdCode, mdText } from './escape.js';

export interface NotificationGroup {
  owner: string;
  contact: string | null;
  consumers: { name: string; kind: string; title?: string; note?: string }[];
}

export interface IncidentReport {
  generatedAt: string;
  incident: Omit<Incident, 'consumers' | 'blastRadius' | 'remainingExposure' | 'statusHistory'>;
  timeline: { at: string; by: string; what: string }[];
  consumers: IncidentConsumer[];
  edges: Incident['blastRadius']['edges'];
  remainingExposure: Incident['remainingExposure'];
  notificationWorklist: NotificationGroup[];
}

export function buildReport(incident: Incident, history: HistoryEntry[], now = new Date()): IncidentReport {
  const { consumers, blastRadius, remainingExposure, statusHistory, ...head } = incident;
  const timeline = [
    { at: incident.openedAt, by: incident.openedBy, what: `Incident opened on ${incident.source} (${incident.failureMode}), ${consumers.length} consumers at revision ${incident.revision}` },
    ...history.map((h) => ({
      at: h.at,
      by: h.by,
      what: `${h.name}: ${h.previousAction ? `${h.previousAction} → ` : ''}${h.action}${h.note ? ` (${h.note})` : ''}`,
    })),
    ...statusHistory.map((s) => ({ at: s.at, by: s.by, what: `Status ${s.previous} → ${s.status}${s.note ? ` (${s.note})` : ''}` })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    generatedAt: now.toISOString(),
    incident: head,
    timeline,
    consumers,
    edges: blastRadius.edges,
    remainingExposure,
    notificationWorklist: worklist(consumers),
  };
}

function worklist(consumers: IncidentConsumer[]): NotificationGroup[] {
  const groups = new Map<string, NotificationGroup>();
  for (const c of consumers) {
    if (c.decision?.action !== 'notify') continue;
    const key = `${c.owner}\u0000${c.contact ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { owner: c.owner, contact: c.contact ?? null, consumers: [] }));
    group.consumers.push({ name: c.name, kind: c.kind, ...(c.title ? { title: c.title } : {}), ...(c.decision.note ? { note: c.decision.note } : {}) });
  }
  return [...groups.values()].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
}

// every value a person typed or a store holds goes through these (server/analysis/escape.ts)
const cell = mdCell;

export function reportMarkdown(report: IncidentReport): string {
  const i = report.incident;
  const p = i.progress;
  const lines: string[] = [
    `# Incident report: ${mdText(i.title)}`,
    '',
    `| | |`,
    `| --- | --- |`,
    `| Incident | ${cell(i.id)} |`,
    `| Status | ${cell(i.status)} |`,
    `| Source | ${mdCode(i.source)} |`,
    `| Failure mode | ${cell(i.failureMode)} |`,
    ...(i.outputRef ? [`| Output reference | ${cell(i.outputRef)} |`] : []),
    `| Detected | ${cell(i.detectedAt)} |`,
    `| Opened | ${cell(i.openedAt)} by ${cell(i.openedBy)} |`,
    `| Graph revision | ${i.revision} |`,
    `| Report generated | ${report.generatedAt} |`,
    '',
    '## Summary',
    '',
    `The bad output of ${mdCode(i.source)} could reach **${p.total} consumers**. ` +
      `${p.stop} stopped, ${p.correct} corrected, ${p.notify} notified, ${p.undecided} undecided. ` +
      (report.remainingExposure.length === 0
        ? 'No consumer remains exposed.'
        : `**${report.remainingExposure.length} consumers remain exposed**, ${p.surfacesExposed} of them customer-facing surfaces.`),
    '',
    '## Timeline',
    '',
    '| When (UTC) | Who | What |',
    '| --- | --- | --- |',
    ...report.timeline.map((t) => `| ${cell(t.at)} | ${cell(t.by)} | ${cell(t.what)} |`),
    '',
    '## Consumers and decisions',
    '',
    '| Consumer | Kind | Depth | Exposure | Expected arrival | Decision | By | Note | Owner |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.consumers.map(
      (c) =>
        `| ${mdCode(c.name)} | ${cell(c.kind)} | ${c.depth} | ${cell(c.exposure)}${c.exposed ? ', **still exposed**' : ''} | ${c.arrivalSeconds === null ? '' : `+${formatSeconds(c.arrivalSeconds)}`} | ${c.decision ? cell(c.decision.action) : '_undecided_'} | ${cell(c.decision?.by ?? '')} | ${cell(c.decision?.note ?? '')} | ${cell(c.owner)} |`,
    ),
    '',
    '## Remaining exposure',
    '',
    ...(report.remainingExposure.length === 0
      ? ['None: every path from the source passes through a stopped consumer.']
      : report.remainingExposure.map((e) => `- ${mdCode(e.name)} (${mdText(e.kind)}, depth ${e.depth})`)),
    '',
    '## Notification worklist',
    '',
    ...(report.notificationWorklist.length === 0
      ? ['No consumer is marked notify.']
      : report.notificationWorklist.flatMap((g) => [
          `### ${mdText(g.owner)}${g.contact ? ` (${mdText(g.contact)})` : ''}`,
          '',
          ...g.consumers.map((c) => `- ${mdCode(c.name)} (${mdText(c.kind)}${c.title ? `, ${mdText(c.title)}` : ''})${c.note ? `: ${mdText(c.note)}` : ''}`),
          '',
        ])),
    '',
    '## Propagation paths',
    '',
    ...report.consumers.map((c) => `- ${mdCode(c.path.join(' → '))}`),
    '',
  ];
  return lines.join('\n');
}

/** One row per consumer, in arrival order: the customer-communication team's worklist. */
export function worklistCsv(incident: Incident): string {
  const header = ['name', 'kind', 'title', 'owner', 'contact', 'depth', 'exposure', 'still_exposed', 'estimated_arrival', 'suggested_action', 'decision', 'decided_by', 'decided_at', 'note'];
  const rows = [...incident.consumers]
    .sort((a, b) => (a.arrivalSeconds ?? Infinity) - (b.arrivalSeconds ?? Infinity) || a.depth - b.depth || (a.name < b.name ? -1 : 1))
    .map((c) => [c.name, c.kind, c.title, c.owner, c.contact, c.depth, c.exposure, c.exposed ? 'yes' : 'no', c.estimatedArrival, c.suggestedAction, c.decision?.action ?? 'undecided', c.decision?.by, c.decision?.at, c.decision?.note]);
  return csvText([header, ...rows]);
}
