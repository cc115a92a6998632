// A live subscriber over raw node:http: it keeps the seq (SSE id) of every event it got and when,
// so a test can check each event came exactly once and measure how long it took to arrive.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LiveEvent {
  seq: number;
  event: string;
  data: unknown;
  /** performance.now() when it was parsed. */
  at: number;
}

export interface Subscriber {
  /** Resolves with the `ready` event's lastSeq (where the stream starts). */
  ready: Promise<number>;
  events: LiveEvent[];
  /** Problems: a non-200 answer, a socket error, an event without an id, an end not asked for. */
  problems: string[];
  /** Resolves once an event with seq >= `seq` came (rejects after `timeoutMs`). */
  until(seq: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** `light`: keep only each event's seq and time (a load run's 200 subscribers need no payloads). */
export function subscribe(baseUrl: string, incident: string, options: { lastEventId?: number; agent?: http.Agent; light?: boolean } = {}): Subscriber {
  const events: LiveEvent[] = [];
  const problems: string[] = [];
  const waiters: { seq: number; resolve: () => void }[] = [];
  let closing = false;
  let resolveReady!: (seq: number) => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<number>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined); // a failure is also in problems

  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = String(options.lastEventId);
  const req = http.get(`${baseUrl}/api/v1/incidents/${incident}/events`, { headers, agent: options.agent ?? false }, (res) => {
    if (res.statusCode !== 200) {
      problems.push(`status ${res.statusCode}`);
      rejectReady(new Error(`events answered ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onBlock(block);
      }
    });
    res.on('end', () => {
      if (!closing) problems.push('the stream ended');
    });
  });
  req.on('error', (err) => {
    if (closing) return;
    problems.push(`socket: ${err.message}`);
    rejectReady(err);
  });

  function onBlock(block: string): void {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // keep-alive comment
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0 && id === undefined) return; // retry: or a comment only
    if (event === 'ready') {
      resolveReady((JSON.parse(data.join('\n')) as { lastSeq: number }).lastSeq);
      return;
    }
    const parsed = options.light ? undefined : (JSON.parse(data.join('\n')) as unknown);
    if (id === undefined) {
      problems.push(`a ${event} event without an id`);
      return;
    }
    const seq = Number(id);
    events.push({ seq, event, data: parsed, at: performance.now() });
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (seq >= waiters[i].seq) {
        waiters[i].resolve();
        waiters.splice(i, 1);
      }
    }
  }

  return {
    ready,
    events,
    problems,
    until(seq, timeoutMs = 10_000) {
      if (events.some((e) => e.seq >= seq)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event with seq >= ${seq} within ${timeoutMs} ms (last ${events.at(-1)?.seq ?? 'none'}; ${problems.join('; ') || 'no problem'})`)), timeoutMs);
        waiters.push({
          seq,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close() {
      closing = true;
      req.destroy();
    },
  };
}
