// Live updates: the incident's events over SSE. EventSource resumes by itself with
// Last-Event-ID after a drop (the server replays what was missed); while it is away one banner
// says so, and it goes by itself once the stream is back.
import type { HistoryEntry, IncidentStatus, StatusChange } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import { connectionBack, connectionLost } from './notices.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  onEntry(e: HistoryEntry): void;
  onStatus(status: IncidentStatus, change: Partial<StatusChange>): void;
  onObservations(): void;
  onCommunication(): void;
  /** Back after a drop: the replay brings the events; a re-read of the header, the counts in time. */
  onReconnected(): void;
  onState(s: LiveState): void;
}

function parse<T>(ev: Event): T | undefined {
  try {
    return JSON.parse((ev as MessageEvent).data as string) as T;
  } catch {
    return undefined;
  }
}

export function connectLive(id: string, h: LiveHandlers): () => void {
  let es: EventSource | undefined;
  let closed = false;
  let dropped = false;
  let bannerTimer = 0;
  let retryTimer = 0;

  const lost = (): void => {
    if (dropped) return;
    dropped = true;
    h.onState('reconnecting');
    // a blip shorter than this is not worth a banner
    bannerTimer = window.setTimeout(() => dropped && connectionLost(), 1500);
  };

  const open = (): void => {
    if (closed) return;
    es = new EventSource(api.eventsUrl(id));
    es.addEventListener('open', () => {
      clearTimeout(bannerTimer);
      connectionBack();
      h.onState('live');
      if (dropped) h.onReconnected();
      dropped = false;
    });
    es.addEventListener('error', () => {
      lost();
      // a refused stream (e.g. HTTP 5xx) is closed for good: open a new one after a pause
      if (es?.readyState === EventSource.CLOSED) {
        clearTimeout(retryTimer);
        retryTimer = window.setTimeout(open, 3000);
      }
    });
    es.addEventListener('decision', (ev) => {
      const d = parse<HistoryEntry>(ev);
      if (d) h.onEntry(d);
    });
    es.addEventListener('status', (ev) => {
      const s = parse<StatusChange>(ev);
      if (s?.status) h.onStatus(s.status, s);
    });
    es.addEventListener('observations', () => h.onObservations());
    es.addEventListener('communication', () => h.onCommunication());
  };
  open();

  return () => {
    closed = true;
    clearTimeout(bannerTimer);
    clearTimeout(retryTimer);
    es?.close();
    connectionBack();
  };
}
