/**
 * Breadth-first expansion over the CSR index and its delta: iterative (no recursion limit), each
 * node reported once (cycles terminate), shortest depth and one parent per node. Scratch arrays are
 * reused across calls (stamped marks), so a trace allocates only its result.
 *
 * A trace (`way` 'out' or 'in', `inTime` not false) follows containment in time (graph/store.ts,
 * "Containment in time"): it searches states, a node with a window [lo, hi]. A node visited with
 * the unbounded window is done (`mark`, the only check most nodes ever cost); a Container or Serial
 * reached with a bounded window keeps the list of its windows (`seen`), and a state at it is
 * expanded again only when its window is not within one already visited there.
 */
import { CONTAINMENT_MARGIN, type EdgeKind } from '../model.ts';
import { EDGE_CODE, FLOW_LIMIT, NODE_CODE, type GraphIndex } from './graph-index.ts';
import { ensure } from './grow.ts';
import { StateScratch } from './state-scratch.ts';

export type Way = 'out' | 'in' | 'both';

export interface TraverseOptions {
  way: Way;
  maxDepth: number;
  /** Epoch ms; edges with a later `at` are skipped. */
  asOf?: number | undefined;
  /** Cap on visited nodes; `truncated` is set when more were reachable. */
  limit: number;
  /** Follow reference edges too (explorer), not only flow edges (trace). */
  allEdges?: boolean;
  /** Optional edge filter (e.g. a time window on the first hop). */
  edgeOk?: (e: number, depth: number) => boolean;
  /** Stop as soon as this node is reached (path search). */
  target?: number;
  /** Windows through containers on 'out' and 'in' (default true: trace, recall); paths and neighbourhoods pass false. */
  inTime?: boolean;
}

/** The visit, in BFS order: node, depth, index of the parent in this order (-1 for seeds), edge taken. */
export interface Visit {
  count: number;
  node: Int32Array;
  depth: Int32Array;
  parent: Int32Array;
  edge: Int32Array;
  truncated: boolean;
}

const PACKED = EDGE_CODE.PACKED_INTO;
/** A containment's interval is widened by these (graph/model.ts containmentWindow, inlined: it runs per edge). */
const BEFORE = CONTAINMENT_MARGIN.beforeMs;
const AFTER = CONTAINMENT_MARGIN.afterMs;
const CONTAINER = NODE_CODE.Container;
const SERIAL = NODE_CODE.Serial;
/** Node kinds that hold things in time (bit k: kind code k): a window anywhere else tests nothing. */
const HOLDERS = (1 << CONTAINER) | (1 << SERIAL);
/** Per direction, the edge kinds whose time sets or tests a window even out of an unbounded state (bit k: kind code k). */
const TIMED_OUT = kindBits(['PACKED_INTO']);
const TIMED_IN = kindBits(['PACKED_INTO', 'SHIPPED_IN', 'CONSUMED_BY']);

function kindBits(kinds: EdgeKind[]): number {
  return kinds.reduce((b, k) => b | (1 << EDGE_CODE[k]), 0);
}

let mark = new Uint32Array(1024);
/** `windowed[v] === stamp`: v has a window list in `st`. */
let windowed = new Uint32Array(1024);
let stamp = 0;
const st = new StateScratch();

/** Expands from `seeds` (all at depth 0, unbounded). */
export function traverse(ix: GraphIndex, seeds: readonly number[], o: TraverseOptions): Visit {
  if (mark.length < ix.n) {
    mark = ensure(mark, ix.n, Uint32Array);
    windowed = ensure(windowed, ix.n, Uint32Array);
  }
  if (++stamp === 0xffffffff) {
    mark.fill(0);
    windowed.fill(0);
    stamp = 1;
  }
  st.reset(ix.n);
  return new Search(ix, o, stamp).run(seeds);
}

/**
 * One traversal. A class rather than closures: the TypeScript loader names every closure a call
 * creates (a property write each), which a recall that runs many small traversals pays for.
 */
class Search {
  cap = 64;
  node = new Int32Array(64);
  depth = new Int32Array(64);
  parent = new Int32Array(64);
  edge = new Int32Array(64);
  count = 0;
  truncated = false;
  hit = false;
  readonly target: number;
  readonly inTime: boolean;
  readonly fwd: boolean;
  readonly timed: number;
  readonly useDelta: boolean;
  readonly ways: { csr: GraphIndex['fwd']; delta: Map<number, number[]> }[] = [];

  constructor(private readonly ix: GraphIndex, private readonly o: TraverseOptions, private readonly s: number) {
    this.target = o.target ?? -1;
    this.inTime = o.inTime !== false && o.way !== 'both';
    this.fwd = o.way === 'out';
    this.timed = !this.inTime ? 0 : this.fwd ? TIMED_OUT : TIMED_IN;
    this.useDelta = ix.deltaCount > 0;
    if (o.way !== 'in') this.ways.push({ csr: ix.fwd, delta: ix.deltaOut });
    if (o.way !== 'out') this.ways.push({ csr: ix.rev, delta: ix.deltaIn });
  }

  /** Reports a node (the caller marks it); false when the limit bites. */
  add(v: number, d: number, p: number, e: number): boolean {
    const c = this.count;
    if (c >= this.o.limit) {
      this.truncated = true;
      return false;
    }
    if (c === this.cap) {
      this.cap *= 2;
      this.node = ensure(this.node, this.cap, Int32Array);
      this.depth = ensure(this.depth, this.cap, Int32Array);
      this.parent = ensure(this.parent, this.cap, Int32Array);
      this.edge = ensure(this.edge, this.cap, Int32Array);
    }
    this.node[c] = v;
    this.depth[c] = d;
    this.parent[c] = p;
    this.edge[c] = e;
    this.count = c + 1;
    if (v === this.target) this.hit = true;
    return true;
  }

  /** Reaches the state (v, [lo, hi]) at depth d (v not marked); false when the limit bites. */
  reach(v: number, lo: number, hi: number, d: number, p: number, e: number): boolean {
    const s = this.s;
    // only a container (or a serialised case) holds things in time: elsewhere a window tests nothing
    if ((lo === -Infinity && hi === Infinity) || ((HOLDERS >> this.ix.nodeKind[v]!) & 1) === 0) {
      if (windowed[v] === s) st.queue(v, d, -1, this.count);
      else if (!this.add(v, d, p, e)) return false;
      mark[v] = s;
      return true;
    }
    if (windowed[v] !== s) {
      const rep = this.count;
      if (!this.add(v, d, p, e)) return false;
      windowed[v] = s;
      st.open(v, rep, lo, hi);
      return true;
    }
    const slot = st.widen(v, lo, hi);
    if (slot >= 0) st.queue(v, d, slot, this.count);
    return true;
  }

  /** Follows edge e to v from a state with window [lo, hi] by the rules of time; false when the limit bites. */
  timedStep(e: number, v: number, lo: number, hi: number, d: number, p: number): boolean {
    if (!this.inTime) return this.reach(v, -Infinity, Infinity, d, p, e);
    const k = this.ix.kind[e]!;
    const t = this.ix.at[e]!;
    if (k === PACKED) {
      const u = this.ix.until[e]!;
      const a = Number.isNaN(t) ? -Infinity : t - BEFORE;
      const b = Number.isNaN(u) ? Infinity : u + AFTER;
      if (a > hi || b < lo) return true;
      return this.reach(v, Math.max(lo, a), Math.min(hi, b), d, p, e);
    }
    if (this.fwd) {
      // a shipment or consumption of a container while the item was in it
      if (t < lo || t > hi) return true;
      return this.reach(v, -Infinity, Infinity, d, p, e);
    }
    // what the container held when it shipped or was used
    if (((this.timed >> k) & 1) !== 0 && !Number.isNaN(t)) return this.reach(v, t, t, d, p, e);
    return this.reach(v, -Infinity, Infinity, d, p, e);
  }

  /**
   * Expands the state (u, [lo, hi]) at depth d, reported at index i, by the rules of time: every
   * edge goes through timedStep. For bounded states and delta edges (the hot loop in `run` is for
   * the CSR edges of unbounded states). False when the limit bites.
   */
  scan(u: number, d: number, i: number, lo: number, hi: number, csrToo: boolean): boolean {
    const { ix, o, s } = this;
    const { kind, at, flags } = ix;
    const all = o.allEdges === true;
    for (const w of this.ways) {
      const { offsets, targets, edges } = w.csr;
      const list = this.useDelta ? w.delta.get(u) : undefined;
      const inCsr = csrToo && u < ix.csrN ? offsets[u + 1]! - offsets[u]! : 0;
      for (let j = 0, n = inCsr + (list?.length ?? 0); j < n; j++) {
        const e = j < inCsr ? edges[offsets[u]! + j]! : list![j - inCsr]!;
        const v = j < inCsr ? targets[offsets[u]! + j]! : ix.src[e] === u ? ix.dst[e]! : ix.src[e]!;
        if (mark[v] === s) continue;
        if ((flags[e]! & 1) !== 0 || (!all && kind[e]! >= FLOW_LIMIT)) continue;
        if (o.asOf !== undefined && at[e]! > o.asOf) continue;
        if (o.edgeOk && !o.edgeOk(e, d)) continue;
        if (!this.timedStep(e, v, lo, hi, d + 1, i)) return false;
      }
    }
    return true;
  }

  run(seeds: readonly number[]): Visit {
    const { ix, o, s, timed } = this;
    for (const v of seeds) {
      if (mark[v] === s) continue;
      if (!this.add(v, 0, -1, -1)) break;
      mark[v] = s;
    }
    const { kind, at, until, flags, nodeKind } = ix;
    const asOf = o.asOf;
    const all = o.allEdges === true;
    // States beyond a node's first (reported) one wait in `st`'s queue, each after the nodes
    // reported before it was queued: the two queues are taken in the order their states were found.
    let head = 0;
    outer: while (!this.truncated && !this.hit) {
      if (st.qHead < st.qLen && st.qAfter[st.qHead]! <= head) {
        const q = st.qHead++;
        const u = st.qNode[q]!;
        const slot = st.qSlot[q]!;
        if (st.qDepth[q]! < o.maxDepth && !this.scan(u, st.qDepth[q]!, st.rep[u]!, slot < 0 ? -Infinity : st.lo[slot]!, slot < 0 ? Infinity : st.hi[slot]!, true)) break;
        continue;
      }
      if (head >= this.count) break;
      const i = head++;
      const u = this.node[i]!;
      const d = this.depth[i]!;
      if (d >= o.maxDepth) continue;
      if (windowed[u] === s) {
        if (!this.scan(u, d, i, st.lo[st.first[u]!]!, st.hi[st.first[u]!]!, true)) break;
        continue;
      }
      for (const w of this.ways) {
        const { offsets, targets, edges } = w.csr;
        if (u >= ix.csrN) continue;
        for (let p = offsets[u]!, end = offsets[u + 1]!; p < end; p++) {
          const v = targets[p]!;
          if (mark[v] === s) continue;
          const e = edges[p]!;
          const k = kind[e]!;
          if ((flags[e]! & 1) !== 0 || (!all && k >= FLOW_LIMIT)) continue;
          if (asOf !== undefined && at[e]! > asOf) continue;
          if (o.edgeOk && !o.edgeOk(e, d)) continue;
          if ((((timed >> k) & 1) !== 0 && ((HOLDERS >> nodeKind[v]!) & 1) !== 0) || windowed[v] === s) {
            // the common case inline: packed into a container already reached in a window that covers this one
            if (k === PACKED && windowed[v] === s) {
              const f = st.first[v]!;
              const a = at[e]!;
              const b = until[e]!;
              if (st.lo[f]! <= (Number.isNaN(a) ? -Infinity : a - BEFORE) && (Number.isNaN(b) ? Infinity : b + AFTER) <= st.hi[f]!) continue;
            }
            if (!this.timedStep(e, v, -Infinity, Infinity, d + 1, i)) break outer;
          } else {
            if (!this.add(v, d + 1, i, e)) break outer;
            mark[v] = s;
          }
        }
      }
      if (this.useDelta && !this.scan(u, d, i, -Infinity, Infinity, false)) break;
    }
    return { count: this.count, node: this.node, depth: this.depth, parent: this.parent, edge: this.edge, truncated: this.truncated };
  }
}
