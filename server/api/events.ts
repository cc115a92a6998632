// Server-sent events for one incident: one event per log entry, `id:` its seq, so a client that
// reconnects with Last-Event-ID (EventSource does) misses nothing and sees nothing twice.
import type { Request, Response } from 'express';
import type { LogEntry } from '../../graph-schema/index.js';
import type { IncidentService } from '../service/incidents.js';

/** Open streams, so a graceful shutdown can end them (clients reconnect to another instance). */
const open = new Set<Response>();

export function endEventStreams(): void {
  for (const res of open) res.end();
  open.clear();
}

function dataOf(e: LogEntry): unknown {
  switch (e.type) {
    case 'decision':
      return e.entry;
    case 'status':
      return e.change;
    case 'observations':
      return { count: e.list.length };
    case 'communication':
      return e.communication;
  }
}

export async function serveEvents(incidents: IncidentService, id: string, req: Request, res: Response): Promise<undefined> {
  const header = req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
  const resume = header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
  const state = await incidents.states.current(id); // 404 before the stream starts
  const from = resume ?? state.log.lastSeq;
  // gone while the log was read: a subscription now would never hear its close and write forever
  if (res.destroyed || req.socket.destroyed) return undefined;
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ incident: id, lastSeq: from })}\n\n`);
  open.add(res);
  const unsubscribe = incidents.live.subscribe(id, from, (entries) => {
    res.write(entries.map((e) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(dataOf(e))}\n\n`).join(''));
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 20000);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    open.delete(res);
  });
  return undefined;
}
