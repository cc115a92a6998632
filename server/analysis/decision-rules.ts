// What a decision may say (CONTRACT.md §5), checked before anything is written: every problem in
// one 400, every name outside the radius in one 404.
import type { DecisionAction, ErrorDetail } from '../../graph-schema/index.js';
import { DomainError, invalid } from '../errors.js';
import type { DecisionInput, LogState } from './incident-log.js';
import type { RadiusGraph } from './radius-graph.js';

/** How far ahead of the recording time an effective time may be, for clocks that disagree a little. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface DecisionAsk {
  names: string[];
  action: DecisionAction;
  note?: string;
  effectiveAt?: string;
  actionClasses?: string[];
  expectedVersions?: Record<string, number>;
  by: string;
}

export function decisionInputs(g: RadiusGraph, log: LogState, ask: DecisionAsk, nowMs: number, incidentId: string): DecisionInput[] {
  const outside = ask.names.filter((n) => !g.ids.has(n));
  if (outside.length > 0) {
    throw new DomainError(
      'not_found',
      'consumer_not_found',
      outside.length === 1 ? `'${outside[0]}' is not in the blast radius of incident ${incidentId}` : `${outside.length} names are not in the blast radius of incident ${incidentId}`,
      outside.slice(0, 100).map((n) => ({ path: `names.${n}`, message: `'${n}' is not the source or a consumer of this incident` })),
    );
  }
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  const at = new Date(nowMs).toISOString();
  let effectiveAt = at;
  if (ask.effectiveAt !== undefined) {
    const t = Date.parse(ask.effectiveAt);
    if (t > nowMs + CLOCK_SKEW_MS) problems.push({ path: 'body.effectiveAt', message: 'must not be more than 5 minutes after now: a decision cannot take effect in the future' });
    effectiveAt = new Date(t).toISOString();
  }
  if (ask.actionClasses !== undefined && ask.action !== 'stop') problems.push({ path: 'body.actionClasses', message: 'only a stop may name action classes (a partial stop)' });
  for (const name of ask.names) {
    if (seen.has(name)) problems.push({ path: `names.${name}`, message: 'named twice' });
    seen.add(name);
    const id = g.ids.get(name)!;
    if (id === 0 && ask.action !== 'stop' && ask.action !== 'clear') {
      problems.push({ path: `names.${name}`, message: `the source can only be stopped or cleared, not marked ${ask.action}` });
    }
    if (ask.actionClasses !== undefined && ask.action === 'stop') {
      const declared = g.declared[id] ?? [];
      const unknown = ask.actionClasses.filter((c) => !declared.includes(c));
      if (declared.length === 0) problems.push({ path: `names.${name}`, message: `'${name}' declares no action classes: stop it in full` });
      else if (unknown.length > 0) problems.push({ path: 'body.actionClasses', message: `'${name}' declares no action class ${unknown.join(', ')} (it declares ${declared.join(', ')})` });
    }
    const current = log.decisions.get(name);
    if (ask.action === 'clear') {
      if (!current) problems.push({ path: `names.${name}`, message: `'${name}' has no decision to clear` });
      else if (current.action === 'stop' && !ask.note?.trim()) {
        problems.push({ path: 'body.note', message: `re-enabling '${name}' (clearing its stop) needs a note saying why it is safe` });
      }
    }
  }
  if (problems.length > 0) throw invalid(`The decision cannot be written: ${problems.map((p) => p.message).join('; ')}`, problems);
  return ask.names.map((name) => {
    const input: DecisionInput = { name, action: ask.action, effectiveAt, by: ask.by, at };
    if (ask.note !== undefined) input.note = ask.note;
    if (ask.actionClasses !== undefined) input.actionClasses = [...new Set(ask.actionClasses)].sort();
    const expected = ask.expectedVersions?.[name];
    if (expected !== undefined) input.expectedVersion = expected;
    return input;
  });
}
