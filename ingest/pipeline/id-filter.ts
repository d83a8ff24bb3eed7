/**
 * Which idempotency keys the ingest log may already hold, answered in memory: a set of 32-bit
 * fingerprints (open addressing in one Uint32Array, 4-8 bytes per logged record). "No" is certain,
 * so a new record costs no database lookup; "maybe" (a real duplicate, or a fingerprint collision,
 * about n / 2^32 of lookups) is confirmed against the log. Built once per database handle by
 * streaming the log's ids; kept in step by the one writer of the log (log.ts, under the database queue).
 */

/** FNV-1a over the UTF-16 code units, never 0 (0 marks an empty slot). */
export function fingerprint(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return h === 0 ? 1 : h;
}

export class IdFilter {
  private slots: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    let size = 1 << 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Uint32Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** True when an id with this fingerprint was added (the id itself may differ: confirm it). */
  mayHave(id: string): boolean {
    return this.has(fingerprint(id));
  }

  add(id: string): void {
    this.addPrint(fingerprint(id));
  }

  private has(f: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = f & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i]!;
      if (s === 0) return false;
      if (s === f) return true;
    }
  }

  private addPrint(f: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = f & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i]!;
      if (s === f) return;
      if (s === 0) {
        this.slots[i] = f;
        this.count++;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.count = 0;
    for (const f of old) if (f !== 0) this.addPrint(f);
  }
}
