// Live events: every subscriber of an incident gets each log entry once, in seq order, whichever
// API instance wrote it. Each instance follows the log in the store by sequence number (a cheap
// lastSeq read per watched incident and tick), and is poked at once for its own writes, so no
// message bus is needed; a client resumes from the last seq it saw (SSE Last-Event-ID).
import type { LogEntry } from '../../graph-schema/index.js';
import type { GraphStore } from '../store/types.js';

export type Subscriber = (entries: LogEntry[]) => void;

interface Watch {
  subscribers: Map<Subscriber, number>;
  busy: boolean;
  again: boolean;
}

export class LogFollower {
  private watches = new Map<string, Watch>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private store: GraphStore,
    private pollMs = store.kind === 'neo4j' ? 200 : 1000,
  ) {}

  /** Sends entries after `afterSeq` now, then every new one; returns the unsubscribe. */
  subscribe(id: string, afterSeq: number, subscriber: Subscriber): () => void {
    let watch = this.watches.get(id);
    if (!watch) this.watches.set(id, (watch = { subscribers: new Map(), busy: false, again: false }));
    watch.subscribers.set(subscriber, afterSeq);
    this.timer ??= setInterval(() => this.tick(), this.pollMs);
    this.timer.unref?.();
    void this.poke(id);
    return () => {
      watch.subscribers.delete(subscriber);
      // only this watch: a second call must not drop a newer watch of the same incident
      if (watch.subscribers.size === 0 && this.watches.get(id) === watch) this.watches.delete(id);
      if (this.watches.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Something was written to the incident through this instance: deliver it now. */
  async poke(id: string): Promise<void> {
    const watch = this.watches.get(id);
    if (!watch) return;
    if (watch.busy) {
      watch.again = true;
      return;
    }
    watch.busy = true;
    try {
      do {
        watch.again = false;
        const last = await this.store.lastSeq(id);
        const from = Math.min(...watch.subscribers.values());
        if (last <= from) continue;
        const entries = await this.store.log(id, from);
        for (const [subscriber, seen] of watch.subscribers) {
          // joined while the log was read, resuming from before what was read: served next round
          if (seen < from) {
            watch.again = true;
            continue;
          }
          const fresh = entries.filter((e) => e.seq > seen);
          if (fresh.length === 0) continue;
          watch.subscribers.set(subscriber, fresh.at(-1)!.seq);
          try {
            subscriber(fresh);
          } catch {
            // one broken stream must not keep the others from their entries
          }
        }
      } while (watch.again);
    } catch {
      // the store is unreachable: the next tick tries again, nothing is lost (seqs are kept)
    } finally {
      watch.busy = false;
    }
  }

  private tick(): void {
    for (const id of this.watches.keys()) void this.poke(id);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.watches.clear();
  }
}
