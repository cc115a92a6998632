// Plain HTTP helpers for the API contract suites: JSON calls that keep the status and headers, the
// error-shape check of CONTRACT.md §9, and a raw server-sent-events reader (node:http, so the test
// sees exactly the bytes the server writes, ids included).
import http from 'node:http';
import { expect } from 'vitest';

export interface JsonAnswer {
  status: number;
  body: any;
  headers: Headers;
}

export function jsonClient(base: () => string, actor = 'priya') {
  return async (path: string, init: RequestInit & { body?: string } = {}): Promise<JsonAnswer> => {
    const res = await fetch(base() + path, {
      ...init,
      headers: { 'Content-Type': 'application/json', 'X-Actor': actor, ...(init.headers ?? {}) },
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  };
}

/** The error shape of §9, with the status expected; answers the detail paths. */
export function expectError(res: { status: number; body: any }, status: number): string[] {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
  for (const d of res.body.error.details) expect(d).toMatchObject({ path: expect.any(String), message: expect.any(String) });
  return res.body.error.details.map((d: { path: string }) => d.path);
}

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** One open event stream: the events parsed so far, a wait for a condition, and close. */
export interface EventStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  until(done: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** Opens GET url as text/event-stream, optionally resuming with Last-Event-ID, and parses it (WHATWG rules, the subset the server uses). */
export function openEventStream(url: string, lastEventId?: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
    const req = http.get(url, { headers }, (res) => {
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string[]> = {};
          for (const line of block.split('\n')) {
            if (line === '' || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const key = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            (fields[key] ??= []).push(value);
          }
          if (!fields.data) continue; // retry-only or comment blocks dispatch nothing
          const text = fields.data.join('\n');
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // kept as text
          }
          events.push({ ...(fields.id ? { id: fields.id.at(-1) } : {}), event: fields.event?.at(-1) ?? 'message', data });
        }
        for (const wake of waiters) wake();
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        until(done, timeoutMs = 10_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              if (!done(events)) return;
              waiters.delete(check);
              clearTimeout(timer);
              ok(events);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`event stream: condition not met in ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.id, e.event]))}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e);
    });
  });
}
