// The report's control review, "Did containment work?" (the playbook's step 6): every stop in
// force with when it took effect, what it held and any breach the observations show, and every
// re-enable with the note that justified it. Pure: it reads the Incident the commander reads, its
// history, and the accuracy when observations exist.
//
// What a stop "held", from the incident's consumers alone (no edges): a consumer with no arrival
// (`held`) is credited to every stop on its recorded path (the source → … → it path the radius
// gives, itself included) that took effect before the output got to the stopped node. A stop on
// the held consumer itself counts only when it is a full stop. A consumer behind two such stops is
// listed under both: the report does not claim which one alone saved it. A stop that took effect
// after the output reached its node ("late") held nothing already travelling: it only keeps later
// outputs from passing, and is credited with nothing.
import type { Accuracy, Decision, HistoryEntry, Incident, IncidentConsumer, NodeKind, Unexplained } from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';
import { mdCell, mdCode, mdText } from './escape.js';

export const HELD_RULE =
  'A consumer with no arrival is listed under every stop on its recorded path (the source to it, itself included when stopped in full) that took effect before the output reached the stopped node; one behind two stops is listed under both. A stop that took effect after the output reached its node held nothing already travelling.';

export interface StopReview {
  name: string;
  kind: NodeKind;
  source: boolean;
  /** When it took effect, and when it was recorded (UTC). */
  effectiveAt: string;
  at: string;
  by: string;
  note?: string;
  /** The paused action classes of a partial stop; null for a full stop. */
  actionClasses: string[] | null;
  /** When the output reached the stopped node (the source: outputAt); null: never. */
  outputArrival: string | null;
  /** true when it took effect after the output reached its node: it held nothing already travelling. */
  late: boolean;
  held: { name: string; kind: NodeKind }[];
  /** Observations the graph and the stops cannot explain, naming this stop. */
  breaches: Unexplained[];
}

export interface ReEnable {
  name: string;
  /** `clear`, or the decision that replaced the stop. */
  action: HistoryEntry['action'];
  at: string;
  effectiveAt: string;
  by: string;
  note?: string;
  /** The stop it ended: since when, and which classes (null: full). */
  stoppedSince: string | null;
  actionClasses: string[] | null;
}

export interface ContainmentReview {
  rule: string;
  stops: StopReview[];
  reEnables: ReEnable[];
  /** Whether observations were recorded (and the breaches below could be judged). */
  observed: boolean;
  /** Predicted, held and never observed (accuracy's `contained`); null without observations. */
  contained: string[] | null;
  /** Unexplained observations that name no stop (a missing edge, an arrival earlier than possible). */
  otherUnexplained: Unexplained[];
  verdict: string;
}

const ms = (iso: string) => Date.parse(iso);

function stopOf(incident: Incident, c: IncidentConsumer | undefined, d: Decision): Omit<StopReview, 'held' | 'breaches'> {
  const source = c === undefined;
  const outputArrival = source ? incident.outputAt : c.arrival;
  const review: Omit<StopReview, 'held' | 'breaches'> = {
    name: d.name,
    kind: source ? incident.sourceKind : c.kind,
    source,
    effectiveAt: d.effectiveAt,
    at: d.at,
    by: d.by,
    actionClasses: d.actionClasses ?? null,
    outputArrival,
    // the engine's rule (CONTRACT.md §5): a stop blocks the output only if in effect at or before it arrives
    late: outputArrival !== null && ms(d.effectiveAt) > ms(outputArrival),
  };
  if (d.note !== undefined) review.note = d.note;
  return review;
}

export function containmentReview(incident: Incident, history: readonly HistoryEntry[], accuracy?: Accuracy): ContainmentReview {
  const stops: StopReview[] = [];
  const source = incident.summary.source;
  if (source?.action === 'stop') stops.push({ ...stopOf(incident, undefined, source), held: [], breaches: [] });
  for (const c of incident.consumers) if (c.decision?.action === 'stop') stops.push({ ...stopOf(incident, c, c.decision), held: [], breaches: [] });
  const stopAt = new Map(stops.map((s) => [s.name, s]));

  for (const c of incident.consumers) {
    if (c.arrival !== null) continue;
    for (const name of c.path) {
      const s = stopAt.get(name);
      if (!s || s.late) continue;
      if (name === c.name && s.actionClasses !== null) continue; // a partial stop on it does not keep the output from it
      s.held.push({ name: c.name, kind: c.kind });
    }
  }

  const unexplained = accuracy?.unexplained ?? [];
  for (const u of unexplained) if (u.stop) stopAt.get(u.stop.name)?.breaches.push(u);
  const otherUnexplained = unexplained.filter((u) => !u.stop || !stopAt.has(u.stop.name));

  stops.sort((a, b) => Number(b.source) - Number(a.source) || ms(a.effectiveAt) - ms(b.effectiveAt) || byName(a.name, b.name));
  return {
    rule: HELD_RULE,
    stops,
    reEnables: reEnablesOf(history),
    observed: accuracy !== undefined,
    contained: accuracy ? accuracy.contained : null,
    otherUnexplained,
    verdict: verdictOf(stops, accuracy, otherUnexplained),
  };
}

/** Every end of a stop (a clear, or another decision replacing it), with the stop it ended. */
function reEnablesOf(history: readonly HistoryEntry[]): ReEnable[] {
  const ordered = [...history].sort((a, b) => a.seq - b.seq);
  const lastStop = new Map<string, HistoryEntry>();
  const out: ReEnable[] = [];
  for (const h of ordered) {
    if (h.action === 'stop') {
      lastStop.set(h.name, h);
      continue;
    }
    if (h.previousAction !== 'stop') continue;
    const stop = lastStop.get(h.name);
    const entry: ReEnable = {
      name: h.name,
      action: h.action,
      at: h.at,
      effectiveAt: h.effectiveAt,
      by: h.by,
      stoppedSince: stop?.effectiveAt ?? null,
      actionClasses: stop?.actionClasses ?? null,
    };
    if (h.note !== undefined) entry.note = h.note;
    out.push(entry);
    lastStop.delete(h.name);
  }
  return out;
}

function verdictOf(stops: StopReview[], accuracy: Accuracy | undefined, other: Unexplained[]): string {
  if (stops.length === 0) return 'No stop is in force: nothing was held by a stop.';
  if (!accuracy) return 'No observations are recorded, so no stop can be checked against what really happened: record them (POST …/observations, e.g. OTLP traces) to see any breach.';
  const breaches = stops.reduce((n, s) => n + s.breaches.length, 0);
  const tail = other.length > 0 ? ` ${other.length} other observation${other.length === 1 ? '' : 's'} the graph cannot explain (listed below).` : '';
  return breaches === 0
    ? `No observation contradicts a stop: ${accuracy.contained.length} consumer${accuracy.contained.length === 1 ? ' was' : 's were'} held and never observed.${tail}`
    : `${breaches} observation${breaches === 1 ? ' contradicts' : 's contradict'} a stop: the output was seen where a stop should have held it.${tail}`;
}

// ---------- Markdown ----------

/** At most this many names in a Markdown cell; the JSON report lists them all. */
const CELL_NAMES = 25;
const names = (list: readonly { name: string }[]) =>
  list.length === 0
    ? 'nothing'
    : list.slice(0, CELL_NAMES).map((x) => mdCode(x.name)).join(', ') + (list.length > CELL_NAMES ? ` and ${list.length - CELL_NAMES} more (${list.length} in all)` : '');

function breachText(u: Unexplained): string {
  const seen = u.at ? `seen ${u.at}` : 'seen (no time given)';
  const expected = u.arrival === null ? 'no arrival possible' : `earliest possible arrival ${u.arrival}`;
  return `${u.name} ${seen}, ${expected}`;
}

function unexplainedText(u: Unexplained): string {
  const why =
    u.reason === 'missing-edge' && u.edge
      ? `hop ${u.edge.from} → ${u.edge.to} is not registered`
      : u.reason === 'not-in-radius'
        ? 'not in the predicted radius'
        : u.reason === 'earlier-than-possible'
          ? 'seen earlier than the graph allows'
          : 'no stop on its path explains it';
  return `${breachText(u)}: ${why}`;
}

function stopRow(s: StopReview): string {
  const node = `${mdCode(s.name)}${s.source ? ' (source)' : ''}`;
  const scope = s.actionClasses ? `partial: ${s.actionClasses.join(', ')}` : 'full';
  const timing = s.late
    ? s.source
      ? `after the first output (${s.outputArrival}): stops new outputs, recalls none already travelling`
      : `late: the output reached it at ${s.outputArrival}`
    : s.source
      ? 'before the first output'
      : 'in time';
  const breaches = s.breaches.length === 0 ? 'none' : `**${mdCell(s.breaches.map(breachText).join('; '))}**`;
  return `| ${node} | ${mdCell(s.kind)} | ${mdCell(s.effectiveAt)} | ${mdCell(s.by)} | ${mdCell(scope)} | ${mdCell(timing)} | ${names(s.held)} | ${breaches} | ${mdCell(s.note ?? '')} |`;
}

export function containmentMarkdown(review: ContainmentReview): string[] {
  const lines = ['## Did containment work?', '', mdText(review.verdict), ''];
  if (review.stops.length > 0) {
    lines.push(
      '| Stop | Kind | Effective (UTC) | By | Scope | Timing | Held | Breach | Note |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...review.stops.map(stopRow),
      '',
      `How "held" is counted: ${mdText(review.rule)}`,
      '',
    );
  }
  if (review.contained !== null) {
    lines.push(`Contained (held by a stop and never observed): ${review.contained.length === 0 ? 'none' : review.contained.map(mdCode).join(', ')}.`, '');
  }
  if (review.otherUnexplained.length > 0) {
    lines.push('Observations no stop explains:', '', ...review.otherUnexplained.map((u) => `- ${mdText(unexplainedText(u))}`), '');
  }
  lines.push('### Re-enabled stops', '');
  if (review.reEnables.length === 0) lines.push('No stop was re-enabled.', '');
  else {
    lines.push(
      '| Node | Re-enabled (UTC) | By | How | Stopped since (UTC) | Note |',
      '| --- | --- | --- | --- | --- | --- |',
      ...review.reEnables.map(
        (r) =>
          `| ${mdCode(r.name)} | ${mdCell(r.effectiveAt)} | ${mdCell(r.by)} | ${mdCell(r.action === 'clear' ? 'cleared' : `replaced by ${r.action}`)}${r.actionClasses ? ` (was ${mdCell(r.actionClasses.join(', '))} only)` : ''} | ${mdCell(r.stoppedSince ?? 'unknown')} | ${mdCell(r.note ?? '')} |`,
      ),
      '',
    );
  }
  return lines;
}
