// A binary min-heap for Dijkstra, hand-written: a library heap would box every entry, and a radius
// has a million of them.
/**
 * A min-heap of (time, node id) in typed arrays, for Dijkstra over a radius of a million edges:
 * no object per entry, so recomputing arrival after a stop stays within a decision's budget.
 * Entries are never decreased in place; a stale one is skipped when popped (lazy deletion).
 */
export class IdHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.ids = new Int32Array(Math.max(16, capacity));
  }

  push(key: number, id: number): void {
    if (this.size === this.keys.length) this.grow();
    const { keys, ids } = this;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      ids[i] = ids[p];
      i = p;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** The smallest key's id (its key is `lastKey`); -1 when empty. */
  lastKey = 0;
  pop(): number {
    if (this.size === 0) return -1;
    const { keys, ids } = this;
    const topId = ids[0];
    this.lastKey = keys[0];
    const n = --this.size;
    if (n > 0) {
      const key = keys[n];
      const id = ids[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1] < keys[c]) c++;
        if (keys[c] >= key) break;
        keys[i] = keys[c];
        ids[i] = ids[c];
        i = c;
      }
      keys[i] = key;
      ids[i] = id;
    }
    return topId;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const ids = new Int32Array(this.ids.length * 2);
    keys.set(this.keys);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}
