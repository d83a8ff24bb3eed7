/**
 * Which idempotency keys the ingest log may already hold, answered in memory: a set of 64-bit
 * fingerprints (two independent 32-bit hashes; open addressing in two parallel Uint32Arrays, 8-16
 * bytes per logged record). "No" is certain, so a new record costs no database lookup; "maybe" (a
 * real duplicate, or a fingerprint collision, about n / 2^64 of lookups: none in practice) is
 * confirmed against the log. With 32 bits, a 1M-record file met ~190 collisions, each a join over
 * the whole log. Built once per database handle by streaming the log's ids; kept in step by the one
 * writer of the log (log.ts, under the database queue).
 */

/** The second half of the last `fingerprints` call. */
let second = 0;

/**
 * Both halves of an id's 64-bit fingerprint in one pass: FNV-1a (returned, never 0) and an
 * independent multiply-rotate hash with a MurmurHash3 finaliser (left in `second`).
 */
function fingerprints(s: string): number {
  let h = 0x811c9dc5;
  let g = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ c, 0x01000193);
    g = Math.imul(g ^ c, 0x5bd1e995);
    g ^= g >>> 15;
  }
  g ^= s.length;
  g = Math.imul(g ^ (g >>> 16), 0x85ebca6b);
  g = Math.imul(g ^ (g >>> 13), 0xc2b2ae35);
  second = (g ^ (g >>> 16)) >>> 0;
  h >>>= 0;
  return h === 0 ? 1 : h;
}

export class IdFilter {
  /** First halves (never 0: 0 marks an empty slot) and second halves, slot by slot. */
  private hi: Uint32Array;
  private lo: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    let size = 1 << 16;
    while (size < capacity * 2) size *= 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** True when an id with this fingerprint was added (the id itself may differ: confirm it). */
  mayHave(id: string): boolean {
    const f = fingerprints(id);
    return this.has(f, second);
  }

  add(id: string): void {
    const f = fingerprints(id);
    this.addPrint(f, second);
  }

  private has(f: number, g: number): boolean {
    const mask = this.hi.length - 1;
    for (let i = f & mask; ; i = (i + 1) & mask) {
      const s = this.hi[i]!;
      if (s === 0) return false;
      if (s === f && this.lo[i] === g) return true;
    }
  }

  private addPrint(f: number, g: number): void {
    if ((this.count + 1) * 2 > this.hi.length) this.grow();
    const mask = this.hi.length - 1;
    for (let i = f & mask; ; i = (i + 1) & mask) {
      const s = this.hi[i]!;
      if (s === f && this.lo[i] === g) return;
      if (s === 0) {
        this.hi[i] = f;
        this.lo[i] = g;
        this.count++;
        return;
      }
    }
  }

  private grow(): void {
    const [hi, lo] = [this.hi, this.lo];
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    this.count = 0;
    for (let i = 0; i < hi.length; i++) if (hi[i] !== 0) this.addPrint(hi[i]!, lo[i]!);
  }
}
