// The LogFollower's races that a load run exposes, made deterministic with a store whose log read
// waits for the test: a subscriber that joins (resuming from further back) while the follower is
// reading the log for the others, and an unsubscribe called twice after its incident was watched anew.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../graph-schema/index.js';
import { LogFollower } from '../../server/service/live.js';
import type { GraphStore } from '../../server/store/types.js';

function status(seq: number): LogEntry {
  return { seq, type: 'status', change: { status: 'open', previous: 'open', by: 't', at: new Date(0).toISOString() } } as LogEntry;
}

/** A log of `n` entries; log() holds until `release()` when `hold` is set. */
function fakeStore(n: number) {
  const entries = Array.from({ length: n }, (_, i) => status(i + 1));
  let gate: (() => void) | undefined;
  const state = { hold: false, reads: 0 };
  const store = {
    kind: 'embedded',
    lastSeq: async () => entries.length,
    log: async (_id: string, after = 0) => {
      state.reads++;
      if (state.hold) await new Promise<void>((resolve) => (gate = resolve));
      return entries.filter((e) => e.seq > after);
    },
  } as unknown as GraphStore;
  return {
    store,
    state,
    append: () => entries.push(status(entries.length + 1)),
    release: () => gate?.(),
    waitForRead: async () => {
      while (!gate) await new Promise((r) => setTimeout(r, 1));
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('LogFollower under concurrent subscribers', () => {
  it('a subscriber resuming from further back while the log is being read still gets every entry once', async () => {
    const fake = fakeStore(10);
    const follower = new LogFollower(fake.store, 60_000);
    const a: number[] = [];
    const b: number[] = [];
    fake.state.hold = true;
    follower.subscribe('inc', 5, (es) => a.push(...es.map((e) => e.seq)));
    await fake.waitForRead(); // the follower is reading after seq 5 for A
    fake.state.hold = false;
    follower.subscribe('inc', 2, (es) => b.push(...es.map((e) => e.seq))); // B resumes from 2
    fake.release();
    await settle();
    expect(a).toEqual([6, 7, 8, 9, 10]);
    expect(b).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    fake.append();
    await follower.poke('inc');
    await settle();
    expect(a.at(-1)).toBe(11);
    expect(b.at(-1)).toBe(11);
    expect(new Set(b).size).toBe(b.length);
    follower.close();
  });

  it('an unsubscribe called twice does not silence the subscribers who watch the incident after it', async () => {
    const fake = fakeStore(1);
    const follower = new LogFollower(fake.store, 60_000);
    const stop = follower.subscribe('inc', 1, () => {});
    stop();
    const later: number[] = [];
    follower.subscribe('inc', 1, (es) => later.push(...es.map((e) => e.seq)));
    stop();
    fake.append();
    await follower.poke('inc');
    await settle(); // a poke in flight answers the second one by going round again
    expect(later).toEqual([2]);
    follower.close();
  });
});
