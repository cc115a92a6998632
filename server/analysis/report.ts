// The postmortem artefact: the same facts as JSON for machines, Markdown for legal and
// regulators, and a CSV worklist for the customer-communication team. Two lists, two names: the
// notification contacts (owners to tell, consumers marked notify, grouped) sit in the report;
// the worklist is the CSV, one row per consumer. Every time in it is UTC (ISO 8601 ending in Z),
// said once at the top and in every time column's header. The playbook's sections (the
// containment review, the clocks, who to tell) live in report-containment.ts and report-sections.ts.
import type { Accuracy, Communication, HistoryEntry, Incident, IncidentConsumer } from '../../graph-schema/index.js';
import { byArrival, byName, stateInWords } from '../../graph-schema/rules.js';
import { containmentMarkdown, containmentReview, type ContainmentReview } from './report-containment.js';
import { audienceLists, audienceMarkdown, filingsOf, regulatoryMarkdown, regulatorySection, type AudienceList, type RegimeInfo, type RegulatorySection } from './report-sections.js';
import { csvText, mdCell, mdCode, mdText } from './escape.js';

export interface NotificationGroup {
  owner: string;
  contact: string | null;
  consumers: { name: string; kind: string; title?: string; note?: string }[];
}

export interface IncidentReport {
  generatedAt: string;
  incident: Omit<Incident, 'consumers' | 'remainingExposure' | 'statusHistory'>;
  timeline: { at: string; by: string; what: string }[];
  consumers: IncidentConsumer[];
  remainingExposure: Incident['remainingExposure'];
  /** Who to tell: the consumers marked notify, grouped by owner and contact. */
  notificationContacts: NotificationGroup[];
  communications: Communication[];
  /** Every time in the report is in this zone. */
  timeZone: 'UTC';
  /** "Did containment work?": every stop, what it held, any breach, every re-enable. */
  containment: ContainmentReview;
  /** The regulatory clocks with the filing that met each, and the not-legal-advice statement. */
  regulatory: RegulatorySection;
  /** Per audience: the Surfaces reached, with the output on its way, or exposed. */
  audiences: AudienceList[];
}

/** What the report reads besides the incident: accuracy when observations exist, the regimes in force. */
export interface ReportContext {
  accuracy?: Accuracy;
  regimes?: RegimeInfo;
}

const decisionWords = (h: HistoryEntry) =>
  `${h.name}: ${h.previousAction ? `${h.previousAction} → ` : ''}${h.action}${h.actionClasses ? ` (${h.actionClasses.join(', ')} only)` : ''}` +
  `${h.effectiveAt !== h.at ? `, effective ${h.effectiveAt}` : ''}${h.note ? ` (${h.note})` : ''}`;

export function buildReport(incident: Incident, history: HistoryEntry[], communications: Communication[] = [], now = new Date(), context: ReportContext = {}): IncidentReport {
  const { consumers, remainingExposure, statusHistory, ...head } = incident;
  const filed = filingsOf(incident.clocks, communications, incident.asOf);
  const timeline = [
    { at: incident.outputAt, by: incident.source, what: 'Bad output first produced' },
    { at: incident.detectedAt, by: incident.openedBy, what: 'Detected' },
    { at: incident.openedAt, by: incident.openedBy, what: `Incident opened on ${incident.source} (${incident.failureMode}), ${consumers.length} consumers at revision ${incident.revision}` },
    ...history.map((h) => ({ at: h.at, by: h.by, what: decisionWords(h) })),
    ...statusHistory.map((s) => ({ at: s.at, by: s.by, what: `Status ${s.previous} → ${s.status}${s.note ? ` (${s.note})` : ''}` })),
    ...communications.map((c) => ({ at: c.sentAt, by: c.by, what: `Sent to ${c.audience} by ${c.channel}${c.to ? ` (${c.to})` : ''}${c.regime ? `, filing for ${filingWords(c, filed.get(c.seq)?.name)}` : ''}: ${c.summary}` })),
  ].sort((a, b) => byName(a.at, b.at));
  return {
    generatedAt: now.toISOString(),
    incident: head,
    timeline,
    consumers,
    remainingExposure,
    notificationContacts: notificationContacts(consumers),
    communications,
    timeZone: 'UTC',
    containment: containmentReview(incident, history, context.accuracy),
    regulatory: regulatorySection(incident, communications, context.regimes),
    audiences: audienceLists(incident, communications),
  };
}

function notificationContacts(consumers: IncidentConsumer[]): NotificationGroup[] {
  const groups = new Map<string, NotificationGroup>();
  for (const c of consumers) {
    if (c.decision?.action !== 'notify') continue;
    const key = `${c.owner}\u0000${c.contact ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { owner: c.owner, contact: c.contact ?? null, consumers: [] }));
    group.consumers.push({ name: c.name, kind: c.kind, ...(c.title ? { title: c.title } : {}), ...(c.decision.note ? { note: c.decision.note } : {}) });
  }
  return [...groups.values()].sort((a, b) => byName(a.owner, b.owner));
}

// every value a person typed or a store holds goes through these (server/analysis/escape.ts)
const cell = mdCell;

export function reportMarkdown(report: IncidentReport): string {
  const i = report.incident;
  const p = i.progress;
  const sm = i.summary;
  // a filing is tied to its clock, even when it named only the regime
  const filed = filingsOf(i.clocks, report.communications, i.asOf);
  const lines: string[] = [
    `# Incident report: ${mdText(i.title)}`,
    '',
    'All times are UTC.',
    '',
    `| | |`,
    `| --- | --- |`,
    `| Incident | ${cell(i.id)} |`,
    `| Status | ${cell(i.status)} |`,
    `| Source | ${mdCode(i.source)} |`,
    `| Failure mode | ${cell(i.failureMode)} |`,
    ...(i.outputRef ? [`| Output reference | ${cell(i.outputRef)} |`] : []),
    ...(i.actionClasses ? [`| Broken action classes | ${cell(i.actionClasses.join(', '))} |`] : []),
    `| Output first produced | ${cell(i.outputAt)} |`,
    `| Detected | ${cell(i.detectedAt)} |`,
    `| Opened | ${cell(i.openedAt)} by ${cell(i.openedBy)} |`,
    `| Graph revision | ${i.revision} |`,
    `| Report generated | ${report.generatedAt} |`,
    '',
    '## Summary',
    '',
    `The bad output of ${mdCode(i.source)} could reach **${p.total} consumers**. ` +
      `${p.stop} stopped, ${p.correct} corrected, ${p.notify} notified, ${p.undecided} undecided. ` +
      `As of ${sm.asOf}, **${sm.reached} already reached** (${sm.surfacesReached} surfaces, ${sm.observed} observed), ${sm.held} held by stops, ${sm.needsDecision} need a decision. ` +
      `The source is ${sm.source ? `stopped${sm.source.actionClasses ? ` for ${mdText(sm.source.actionClasses.join(', '))}` : ''} since ${cell(sm.source.effectiveAt)}` : '**not stopped**'}. ` +
      (report.remainingExposure.length === 0
        ? 'No consumer remains exposed.'
        : `**${report.remainingExposure.length} consumers remain exposed**, ${p.surfacesExposed} of them customer-facing surfaces.`),
    '',
    ...regulatoryMarkdown(report.regulatory),
    ...audienceMarkdown(report.audiences),
    ...containmentMarkdown(report.containment),
    '## Timeline',
    '',
    '| When (UTC) | Who | What |',
    '| --- | --- | --- |',
    ...report.timeline.map((t) => `| ${cell(t.at)} | ${cell(t.by)} | ${cell(t.what)} |`),
    '',
    '## Consumers and decisions',
    '',
    '| Consumer | Kind | Depth | State | Arrival (UTC) | Exposed | Decision | By | Note | Owner |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.consumers.map(
      (c) =>
        `| ${mdCode(c.name)} | ${cell(c.kind)} | ${c.depth} | ${cell(stateInWords(c))} | ${cell(c.arrival ?? 'never')} | ${c.exposed ? '**yes**' : 'no'} | ${c.decision ? cell(c.decision.action + (c.decision.actionClasses ? ` (${c.decision.actionClasses.join(', ')})` : '')) : '_undecided_'} | ${cell(c.decision?.by ?? '')} | ${cell(c.decision?.note ?? '')} | ${cell(c.owner)} |`,
    ),
    '',
    '## Remaining exposure',
    '',
    ...(report.remainingExposure.length === 0
      ? ['None: future outputs of the source reach no consumer (the source or every path to them is stopped).']
      : report.remainingExposure.map((e) => `- ${mdCode(e.name)} (${mdText(e.kind)}, depth ${e.depth})`)),
    '',
    '## Notification contacts',
    '',
    ...(report.notificationContacts.length === 0
      ? ['No consumer is marked notify.']
      : report.notificationContacts.flatMap((g) => [
          `### ${mdText(g.owner)}${g.contact ? ` (${mdText(g.contact)})` : ''}`,
          '',
          ...g.consumers.map((c) => `- ${mdCode(c.name)} (${mdText(c.kind)}${c.title ? `, ${mdText(c.title)}` : ''})${c.note ? `: ${mdText(c.note)}` : ''}`),
          '',
        ])),
    '',
    '## Communications',
    '',
    ...(report.communications.length === 0
      ? ['None recorded.']
      : [
          '| Sent (UTC) | Audience | Channel | To | Summary | Filing | By |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          ...report.communications.map(
            (c) => `| ${cell(c.sentAt)} | ${cell(c.audience)} | ${cell(c.channel)} | ${cell(c.to ?? '')} | ${cell(c.summary)} | ${cell(filingWords(c, filed.get(c.seq)?.name))} | ${cell(c.by)} |`,
          ),
        ]),
    '',
    '## Propagation paths',
    '',
    ...report.consumers.map((c) => `- ${mdCode(c.path.join(' → '))}`),
    '',
  ];
  return lines.join('\n');
}

/** The Filing cell: the regime and the clock the communication filed (named, or the one it met). */
function filingWords(c: Communication, clock: string | undefined): string {
  if (!c.regime) return '';
  const name = clock ?? c.clock;
  return `${c.regime}${name ? ` ${name}` : ''}`;
}

/** One row per consumer, earliest arrival first (never-arriving last): the customer-communication team's worklist. */
export function worklistCsv(incident: Incident): string {
  const header = [
    'incident', 'incident_title', 'output_ref', 'name', 'kind', 'audience', 'title', 'owner', 'contact', 'depth', 'exposure',
    'state', 'reached', 'arrival_utc', 'still_exposed', 'suggested_action', 'decision', 'decided_by', 'decided_at', 'note',
  ];
  const rows = [...incident.consumers]
    .sort(byArrival)
    .map((c) => [
      incident.id, incident.title, incident.outputRef, c.name, c.kind, c.audience, c.title, c.owner, c.contact, c.depth, c.exposure,
      stateInWords(c), c.reached === false ? 'no' : c.reached, c.arrival ?? 'never', c.exposed ? 'yes' : 'no', c.suggestedAction,
      c.decision?.action ?? 'undecided', c.decision?.by, c.decision?.at, c.decision?.note,
    ]);
  return csvText([header, ...rows]);
}
