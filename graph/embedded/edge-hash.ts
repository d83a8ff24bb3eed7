/**
 * Open-addressing hash from an edge's identity (src, dst, kind) to its edge id, stored in one
 * Int32Array (4 bytes a slot, ≤ 50% load): a JS Map of composite keys would cap at 16.7M entries
 * and cost ~80 bytes an edge.
 */
export class EdgeHash {
  private slots = new Int32Array(1024).fill(-1);
  private used = 0;

  /** `same(id)` tells whether edge `id` has the identity being looked up. */
  find(src: number, dst: number, kind: number, same: (id: number) => boolean): number {
    const mask = this.slots.length - 1;
    for (let i = hash(src, dst, kind) & mask; ; i = (i + 1) & mask) {
      const id = this.slots[i]!;
      if (id === -1) return -1;
      if (same(id)) return id;
    }
  }

  /** Adds an id known to be absent; `hashOf(id)` recomputes hashes when the table grows. */
  add(id: number, src: number, dst: number, kind: number, hashOf: (id: number) => number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.grow(hashOf);
    const mask = this.slots.length - 1;
    let i = hash(src, dst, kind) & mask;
    while (this.slots[i] !== -1) i = (i + 1) & mask;
    this.slots[i] = id;
    this.used++;
  }

  /** Grows the table so `count` entries fit without further rehashing. */
  reserve(count: number, hashOf: (id: number) => number): void {
    while (count * 2 > this.slots.length) this.grow(hashOf);
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  private grow(hashOf: (id: number) => number): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (const id of old) {
      if (id === -1) continue;
      let i = hashOf(id) & mask;
      while (this.slots[i] !== -1) i = (i + 1) & mask;
      this.slots[i] = id;
    }
  }
}

/** A 32-bit mix of the edge identity (murmur-style finaliser). */
export function hash(src: number, dst: number, kind: number): number {
  let h = Math.imul(src ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(dst + kind * 0x27d4eb2f, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}
