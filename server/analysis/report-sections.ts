// The report's playbook sections (CONTRACT.md §7) for legal and regulators: the regulatory clocks
// with the filing that met each, and who to tell, per audience. Pure, like the rest of the report:
// every value it did not write itself goes through server/analysis/escape.ts.
import { AUDIENCES, type Clock, type Communication, type Incident, type NodeKind, type RegimesFile } from '../../graph-schema/index.js';
import { byArrivalTime, byName, stateInWords } from '../../graph-schema/rules.js';
import { mdCell, mdCode, mdText } from './escape.js';

/** Said wherever a deadline is shown when no regimes file is at hand (its own statement wins). */
export const NOT_LEGAL_ADVICE =
  'Not legal advice. These deadlines are a summary for incident response; whether a regime applies and when its clock starts is for your counsel and compliance team to decide.';

// ---------- regulatory clocks ----------

export type RegimeInfo = Pick<RegimesFile, 'notLegalAdvice' | 'regimes'>;

export interface ClockEntry extends Clock {
  regimeName: string | null;
  /** The communication that filed it (the first one tied to it); null until filed. */
  filing: Communication | null;
  /** Whether that filing was sent after the due time; null until filed. */
  filedAfterDue: boolean | null;
}

export interface RegulatorySection {
  notLegalAdvice: string;
  clocks: ClockEntry[];
  /** The regimes these clocks come from, with their source, date checked and caveat. */
  regimes: { id: string; name: string; authority: string; source: string; checked: string; notLegalAdvice: string }[];
}

/**
 * Ties each communication to the clock it filed, by the rule the incident's clocks use
 * (server/playbook/clocks.ts): `regime` and `clock` file that clock; `regime` alone files the
 * regime's earliest-due clock not yet filed. Communications recorded after asOf file nothing.
 * Answers, by communication seq, the clock it filed.
 */
export function filingsOf(clocks: readonly Clock[], communications: readonly Communication[], asOf: string): Map<number, Clock> {
  const filed = new Set<Clock>();
  const out = new Map<number, Clock>();
  const asOfMs = Date.parse(asOf);
  for (const comm of communications) {
    if (comm.regime === undefined) continue;
    if (Number.isFinite(asOfMs) && Date.parse(comm.recordedAt) > asOfMs) continue;
    const target =
      comm.clock !== undefined
        ? clocks.find((c) => c.regime === comm.regime && c.name === comm.clock)
        : clocks.find((c) => c.regime === comm.regime && !filed.has(c));
    if (!target) continue;
    filed.add(target);
    out.set(comm.seq, target);
  }
  return out;
}

export function regulatorySection(incident: Incident, communications: readonly Communication[], regimes?: RegimeInfo): RegulatorySection {
  const filings = filingsOf(incident.clocks, communications, incident.asOf);
  const firstFiling = new Map<Clock, Communication>();
  for (const comm of communications) {
    const clock = filings.get(comm.seq);
    if (clock && !firstFiling.has(clock)) firstFiling.set(clock, comm);
  }
  const known = new Map((regimes?.regimes ?? []).map((r) => [r.id, r]));
  const clocks = incident.clocks.map((clock): ClockEntry => {
    const filing = clock.status === 'filed' ? (firstFiling.get(clock) ?? null) : null;
    return {
      ...clock,
      regimeName: known.get(clock.regime)?.name ?? null,
      filing,
      filedAfterDue: filing ? Date.parse(filing.sentAt) > Date.parse(clock.due) : null,
    };
  });
  const ids = [...new Set(incident.clocks.map((c) => c.regime))];
  return {
    notLegalAdvice: regimes?.notLegalAdvice ?? NOT_LEGAL_ADVICE,
    clocks,
    regimes: ids.flatMap((id) => {
      const r = known.get(id);
      return r ? [{ id: r.id, name: r.name, authority: r.authority, source: r.source, checked: r.checked, notLegalAdvice: r.notLegalAdvice }] : [];
    }),
  };
}

/** A communication in one line of plain text (escaped by the caller). */
export function communicationText(c: Communication): string {
  return `sent ${c.sentAt} by ${c.by} via ${c.channel}${c.to ? ` to ${c.to}` : ''}: ${c.summary}${c.ref ? ` (ref ${c.ref})` : ''}`;
}

function clockStatus(c: ClockEntry): string {
  if (c.status === 'filed') return c.filedAfterDue ? 'filed (after due)' : 'filed';
  return c.status === 'overdue' ? '**overdue**' : 'pending';
}

export function regulatoryMarkdown(section: RegulatorySection): string[] {
  const lines = ['## Regulatory clocks', '', `> ${mdText(section.notLegalAdvice)}`, ''];
  if (section.clocks.length === 0) {
    lines.push('No reporting regime is triggered: neither the source nor any reached or exposed consumer names one.', '');
    return lines;
  }
  lines.push(
    'Each clock runs from detection (detectedAt). A filing is a communication naming the regime (and clock).',
    '',
    '| Regime | Clock | Due (UTC) | Triggered by | Status | Filing |',
    '| --- | --- | --- | --- | --- | --- |',
    ...section.clocks.map(
      (c) =>
        `| ${mdCode(c.regime)}${c.regimeName ? ` ${mdCell(c.regimeName)}` : ''} | ${mdCell(c.name)} | ${mdCell(c.due)} | ${c.triggeredBy.map(mdCode).join(', ')} | ${clockStatus(c)} | ${c.filing ? mdCell(communicationText(c.filing)) : c.status === 'filed' ? 'filed' : 'not yet'} |`,
    ),
    '',
  );
  if (section.regimes.length > 0) {
    lines.push(
      ...section.regimes.map((r) => `- ${mdCode(r.id)}: ${mdText(r.name)}. Report to: ${mdText(r.authority)}. Source: ${mdText(r.source)} (checked ${mdText(r.checked)}). ${mdText(r.notLegalAdvice)}`),
      '',
    );
  }
  return lines;
}

// ---------- who to tell ----------

const AUDIENCE_LABEL: Record<string, string> = {
  customer: 'Customers',
  counterparty: 'Counterparties',
  regulator: 'Regulators',
  public: 'The public',
  internal: 'Internal',
  board: 'The board',
};

export interface AudienceSurface {
  name: string;
  kind: NodeKind;
  title?: string;
  owner: string;
  contact?: string;
  state: string;
  arrival: string | null;
  exposed: boolean;
  decision: string | null;
}

export interface AudienceList {
  audience: string;
  surfaces: AudienceSurface[];
  owners: string[];
  contacts: string[];
  /** Communications recorded to this audience: how many, and the last one sent (UTC). */
  told: { count: number; lastSentAt: string | null };
}

const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();

/**
 * Surfaces per audience (a Surface without one is `customer`, the manifest's default): those the
 * output reached, those it is still travelling toward, and those still exposed to new outputs, in
 * the order customer, counterparty, regulator, public, internal, board. Earliest arrival first.
 */
export function audienceLists(incident: Incident, communications: readonly Communication[]): AudienceList[] {
  const groups = new Map<string, AudienceSurface[]>();
  for (const c of incident.consumers) {
    if (c.kind !== 'Surface' || (c.reached === false && !c.exposed && c.arrival === null)) continue;
    const audience = c.audience ?? 'customer';
    const surface: AudienceSurface = { name: c.name, kind: c.kind, owner: c.owner, state: stateInWords(c), arrival: c.arrival, exposed: c.exposed, decision: c.decision?.action ?? null };
    if (c.title !== undefined) surface.title = c.title;
    if (c.contact !== undefined) surface.contact = c.contact;
    if (!groups.has(audience)) groups.set(audience, []);
    groups.get(audience)!.push(surface);
  }
  const rank = (a: string) => {
    const i = (AUDIENCES as readonly string[]).indexOf(a);
    return i < 0 ? AUDIENCES.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || byName(a, b))
    .map(([audience, surfaces]) => {
      surfaces.sort((a, b) => byArrivalTime(a.arrival, b.arrival) || byName(a.name, b.name));
      const told = communications.filter((m) => m.audience === audience);
      return {
        audience,
        surfaces,
        owners: unique(surfaces.map((s) => s.owner)),
        contacts: unique(surfaces.map((s) => s.contact)),
        told: { count: told.length, lastSentAt: told.reduce<string | null>((last, m) => (last === null || m.sentAt > last ? m.sentAt : last), null) },
      };
    });
}

export function audienceMarkdown(lists: readonly AudienceList[]): string[] {
  const lines = ['## Who to tell', ''];
  if (lists.length === 0) {
    lines.push('No Surface has been reached, has the output on its way, or is exposed to new outputs.', '');
    return lines;
  }
  lines.push('Surfaces reached, with the output on its way, or still exposed, by audience. Drafts per audience: GET …/notifications.', '');
  for (const g of lists) {
    const label = AUDIENCE_LABEL[g.audience] ?? g.audience;
    lines.push(
      `### ${mdText(label)} (${mdText(g.audience)}): ${g.surfaces.length} surface${g.surfaces.length === 1 ? '' : 's'}`,
      '',
      `Owners: ${g.owners.map(mdText).join(', ')}. Contacts: ${g.contacts.length === 0 ? 'none registered' : g.contacts.map(mdText).join(', ')}. ` +
        (g.told.count === 0 ? 'Nothing recorded as sent to this audience yet.' : `${g.told.count} communication${g.told.count === 1 ? '' : 's'} recorded, the last sent ${mdText(g.told.lastSentAt)}.`),
      '',
      '| Surface | Title | State | Arrival (UTC) | Still exposed | Decision | Owner | Contact |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...g.surfaces.map(
        (s) =>
          `| ${mdCode(s.name)} | ${mdCell(s.title ?? '')} | ${mdCell(s.state)} | ${mdCell(s.arrival ?? 'never')} | ${s.exposed ? '**yes**' : 'no'} | ${s.decision ? mdCell(s.decision) : '_undecided_'} | ${mdCell(s.owner)} | ${mdCell(s.contact ?? '')} |`,
      ),
      '',
    );
  }
  return lines;
}
