/**
 * Scratch of traverse()'s state search, reused across calls (no Map or object per node): the
 * windows visited at each node first reached with a bounded one, and the FIFO of states beyond a
 * node's first. Typed arrays, grown by doubling; `reset` empties them in O(1).
 */
import { ensure } from './grow.ts';

export class StateScratch {
  /** Per node (valid while the caller's stamp says so): its first window's slot, its report index. */
  first = new Int32Array(1024);
  rep = new Int32Array(1024);
  /** Window slots: bounds and the next slot of the same node (-1 ends). */
  lo = new Float64Array(256);
  hi = new Float64Array(256);
  next = new Int32Array(256);
  slots = 0;
  /** Queued states: node, depth, window slot (-1: unbounded), nodes reported before it was queued. */
  qNode = new Int32Array(256);
  qDepth = new Int32Array(256);
  qSlot = new Int32Array(256);
  qAfter = new Int32Array(256);
  qLen = 0;
  qHead = 0;

  reset(n: number): void {
    if (this.first.length < n) {
      this.first = ensure(this.first, n, Int32Array);
      this.rep = ensure(this.rep, n, Int32Array);
    }
    this.slots = 0;
    this.qLen = 0;
    this.qHead = 0;
  }

  /** Starts the window list of node v (reported at index rep) with [lo, hi]. */
  open(v: number, rep: number, lo: number, hi: number): void {
    this.first[v] = this.slot(lo, hi, -1);
    this.rep[v] = rep;
  }

  /** Adds [lo, hi] to v's windows unless it lies within one of them; returns its slot, or -1 when it does. */
  widen(v: number, lo: number, hi: number): number {
    const f = this.first[v]!;
    for (let j = f; j >= 0; j = this.next[j]!) if (this.lo[j]! <= lo && hi <= this.hi[j]!) return -1;
    const sl = this.slot(lo, hi, this.next[f]!);
    this.next[f] = sl;
    return sl;
  }

  /** Queues a state of v at depth d (`after`: nodes reported so far). */
  queue(v: number, d: number, slot: number, after: number): void {
    const i = this.qLen++;
    if (i === this.qNode.length) {
      this.qNode = ensure(this.qNode, i + 1, Int32Array);
      this.qDepth = ensure(this.qDepth, i + 1, Int32Array);
      this.qSlot = ensure(this.qSlot, i + 1, Int32Array);
      this.qAfter = ensure(this.qAfter, i + 1, Int32Array);
    }
    this.qNode[i] = v;
    this.qDepth[i] = d;
    this.qSlot[i] = slot;
    this.qAfter[i] = after;
  }

  private slot(lo: number, hi: number, next: number): number {
    const i = this.slots++;
    if (i === this.lo.length) {
      this.lo = ensure(this.lo, i + 1, Float64Array);
      this.hi = ensure(this.hi, i + 1, Float64Array);
      this.next = ensure(this.next, i + 1, Int32Array);
    }
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.next[i] = next;
    return i;
  }
}
