// Serialized blast-radius answers, by revision. A revision never changes, so its answer never
// goes stale: a commander reopening the same what-if, or a second screen asking for it, is
// served without recomputing a radius that can run to a hundred megabytes of JSON.
export class RadiusCache {
  private entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private maxBytes = 256 * 1024 * 1024) {}

  async get(key: string, compute: () => Promise<unknown>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key); // most recently used goes last
      this.entries.set(key, hit);
      return hit;
    }
    const text = Buffer.from(JSON.stringify(await compute()), 'utf8');
    if (text.length <= this.maxBytes) {
      this.entries.set(key, text);
      this.bytes += text.length;
      for (const [k, v] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(k);
        this.bytes -= v.length;
      }
    }
    return text;
  }
}
