// What a load run must hold: the history complete (every accepted decision in it once, seqs
// contiguous, versions contiguous per name, nothing else), the same history through every
// instance, and every subscriber given every event after its start exactly once, in order.
import type { Accepted } from './commanders.js';
import type { Subscriber } from './sse.js';

export interface HistoryLine {
  seq: number;
  name: string;
  version: number;
}

/**
 * `inFlight`: decisions sent when the run stopped, whose answers were cut off; a history line no
 * answer names must be one of them (its name, at the version after the one it expected).
 */
export function checkHistory(history: HistoryLine[], accepted: Accepted[], inFlight: { name: string; expectedVersion: number }[], lastSeq: number): { problems: string[]; cutOff: number } {
  const problems: string[] = [];
  history.forEach((h, i) => {
    if (h.seq !== i + 1) problems.push(`history line ${i} has seq ${h.seq}, expected ${i + 1}`);
  });
  if (history.length !== lastSeq) problems.push(`the log's lastSeq is ${lastSeq} but the history has ${history.length} decisions`);
  const versions = new Map<string, number>();
  for (const h of history) {
    const expected = (versions.get(h.name) ?? 0) + 1;
    if (h.version !== expected) problems.push(`${h.name}: version ${h.version} at seq ${h.seq}, expected ${expected}`);
    versions.set(h.name, h.version);
  }
  const bySeq = new Map(history.map((h) => [h.seq, h]));
  const answered = new Set<number>();
  for (const a of accepted) {
    if (answered.has(a.seq)) problems.push(`seq ${a.seq} was answered twice`);
    answered.add(a.seq);
    const h = bySeq.get(a.seq);
    if (!h) problems.push(`accepted decision seq ${a.seq} (${a.name} v${a.version}) is not in the history: lost`);
    else if (h.name !== a.name || h.version !== a.version) problems.push(`seq ${a.seq} answered ${a.name} v${a.version}, the history has ${h.name} v${h.version}`);
  }
  const unanswered = new Map<string, number>();
  for (const f of inFlight) unanswered.set(`${f.name} v${f.expectedVersion + 1}`, (unanswered.get(`${f.name} v${f.expectedVersion + 1}`) ?? 0) + 1);
  let cutOff = 0;
  for (const h of history) {
    if (answered.has(h.seq)) continue;
    const key = `${h.name} v${h.version}`;
    const left = unanswered.get(key) ?? 0;
    if (left === 0) problems.push(`history seq ${h.seq} (${key}) was answered to no one and was not in flight at the stop`);
    else {
      unanswered.set(key, left - 1);
      cutOff++;
    }
  }
  return { problems: problems.slice(0, 20), cutOff };
}

export function sameHistory(a: HistoryLine[], b: HistoryLine[]): boolean {
  return a.length === b.length && a.every((h, i) => h.seq === b[i].seq && h.name === b[i].name && h.version === b[i].version);
}

/** Per subscriber: exactly seqs start+1..lastSeq, in order. Answers the problems (at most 20). */
export function checkDelivery(subscribers: { sub: Subscriber; start: number }[], lastSeq: number): { problems: string[]; exact: number } {
  const problems: string[] = [];
  let exact = 0;
  subscribers.forEach(({ sub, start }, i) => {
    const seqs = sub.events.map((e) => e.seq);
    const want = lastSeq - start;
    const ok = seqs.length === want && seqs.every((s, k) => s === start + 1 + k);
    if (ok && sub.problems.length === 0) exact++;
    else {
      const seen = new Set<number>();
      const dups = seqs.filter((s) => (seen.has(s) ? true : (seen.add(s), false))).length;
      const missing = want - seen.size;
      problems.push(`subscriber ${i}: ${seqs.length} events for ${want} (${missing} missing, ${dups} twice)${sub.problems.length ? `; ${sub.problems.join('; ')}` : ''}`);
    }
  });
  return { problems: problems.slice(0, 20), exact };
}
