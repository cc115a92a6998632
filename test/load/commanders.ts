// Commanders deciding on one incident, driven by autocannon (one connection per commander, one
// request in flight each). A commander decides with the expectedVersion it last read, from an
// answer: a 200's entry or a 409's "is at version N". A 409 is a legitimate answer (someone
// decided first) and is counted apart from errors. Now and then a commander reads the header.
import autocannon, { type Request, type Result } from 'autocannon';
import { performance } from 'node:perf_hooks';

export interface Accepted {
  seq: number;
  name: string;
  version: number;
  sentAt: number;
  answeredAt: number;
}

export interface CommanderResults {
  accepted: Accepted[];
  conflicts: number;
  reads: number;
  /** Statuses other than 200 (and 409 for a decision): each is an error. */
  otherStatuses: Map<number, number>;
  errorSamples: string[];
  latency: { decision: number[]; conflict: number[]; read: number[] };
  runs: Result[];
  /** Decisions sent whose answer the stop cut off: written or not, the history may hold them. */
  inFlight: { name: string; expectedVersion: number }[];
}

const ACTIONS = ['stop', 'correct', 'notify'] as const;
/** Half the decisions go to these few names, so commanders do meet each other (and get 409s). */
const HOT = 100;
const READ_SHARE = 0.15;

export async function runCommanders(urls: string[], incident: string, names: string[], commanders: number, seconds: number): Promise<CommanderResults> {
  const known = new Map<string, number>();
  const results: CommanderResults = { accepted: [], conflicts: 0, reads: 0, otherStatuses: new Map(), errorSamples: [], latency: { decision: [], conflict: [], read: [] }, runs: [], inFlight: [] };
  const pending = new Map<number, { name: string; expectedVersion: number }>();
  let n = 0;
  let random = 0x2545f491;
  const next = () => {
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return (random >>> 0) / 4294967296;
  };
  const fail = (status: number, body: string) => {
    results.otherStatuses.set(status, (results.otherStatuses.get(status) ?? 0) + 1);
    if (results.errorSamples.length < 10) results.errorSamples.push(`${status} ${body.slice(0, 300)}`);
  };

  const setupRequest = (request: Request, context: Record<string, unknown>): Request => {
    const who = `commander-${n++ % commanders}`;
    context.sentAt = performance.now();
    if (next() < READ_SHARE) {
      context.kind = 'read';
      return { ...request, method: 'GET', path: `/api/v1/incidents/${incident}?consumers=false`, headers: { 'x-actor': who } };
    }
    const name = next() < 0.5 ? names[Math.floor(next() * HOT)] : names[Math.floor(next() * names.length)];
    context.kind = 'decision';
    context.name = name;
    const expectedVersion = known.get(name) ?? 0;
    context.request = n;
    pending.set(n, { name, expectedVersion });
    const body = JSON.stringify({ action: ACTIONS[Math.floor(next() * ACTIONS.length)], expectedVersion, note: `load ${who}` });
    return { ...request, method: 'PUT', path: `/api/v1/incidents/${incident}/decisions/${name}`, headers: { 'content-type': 'application/json', 'x-actor': who }, body };
  };

  const onResponse = (status: number, body: string, context: Record<string, unknown>) => {
    const answeredAt = performance.now();
    const took = answeredAt - (context.sentAt as number);
    if (context.kind === 'read') {
      if (status === 200) {
        results.reads++;
        results.latency.read.push(took);
      } else fail(status, body);
      return;
    }
    pending.delete(context.request as number);
    if (status === 200) {
      const entry = (JSON.parse(body) as { entry: { seq: number; name: string; version: number } }).entry;
      known.set(entry.name, Math.max(known.get(entry.name) ?? 0, entry.version));
      results.accepted.push({ seq: entry.seq, name: entry.name, version: entry.version, sentAt: context.sentAt as number, answeredAt });
      results.latency.decision.push(took);
    } else if (status === 409) {
      // what this commander now reads: the version the answer says the decision is at
      const message = (JSON.parse(body) as { error: { details: { message: string }[] } }).error.details[0]?.message ?? '';
      const at = /at version (\d+)/.exec(message);
      known.set(context.name as string, at ? Number(at[1]) : 0);
      results.conflicts++;
      results.latency.conflict.push(took);
    } else fail(status, body);
  };

  // the commanders split across the instances, as a load balancer would spread them
  const share = (i: number) => Math.floor(commanders / urls.length) + (i < commanders % urls.length ? 1 : 0);
  const used = urls.filter((_, i) => share(i) > 0);
  results.runs = await Promise.all(
    used.map((url, i) => autocannon({ url, connections: share(i), pipelining: 1, duration: seconds, timeout: 30, requests: [{ setupRequest, onResponse }] })),
  );
  results.inFlight = [...pending.values()];
  return results;
}
