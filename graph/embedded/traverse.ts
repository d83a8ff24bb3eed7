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
  const s = stamp;
  st.reset(ix.n);
  let cap = 64;
  let node = new Int32Array(cap);
  let depth = new Int32Array(cap);
  let parent = new Int32Array(cap);
  let edge = new Int32Array(cap);
  let count = 0;
  let truncated = false;
  const target = o.target ?? -1;
  let hit = false;
  /** Reports a node (the caller marks it); false when the limit bites. */
  const add = (v: number, d: number, p: number, e: number): boolean => {
    if (count >= o.limit) {
      truncated = true;
      return false;
    }
    if (count === cap) {
      cap *= 2;
      node = ensure(node, cap, Int32Array);
      depth = ensure(depth, cap, Int32Array);
      parent = ensure(parent, cap, Int32Array);
      edge = ensure(edge, cap, Int32Array);
    }
    node[count] = v;
    depth[count] = d;
    parent[count] = p;
    edge[count] = e;
    count++;
    if (v === target) hit = true;
    return true;
  };
  for (const v of seeds) {
    if (mark[v] === s) continue;
    if (!add(v, 0, -1, -1)) break;
    mark[v] = s;
  }

  const { kind, at, until, flags, nodeKind } = ix;
  const asOf = o.asOf;
  const all = o.allEdges === true;
  const useDelta = ix.deltaCount > 0;
  const inTime = o.inTime !== false && o.way !== 'both';
  const fwd = o.way === 'out';
  const timed = !inTime ? 0 : fwd ? TIMED_OUT : TIMED_IN;
  const ways: { csr: typeof ix.fwd; delta: Map<number, number[]> }[] = [];
  if (o.way !== 'in') ways.push({ csr: ix.fwd, delta: ix.deltaOut });
  if (o.way !== 'out') ways.push({ csr: ix.rev, delta: ix.deltaIn });
  const other = (e: number, u: number) => (ix.src[e] === u ? ix.dst[e]! : ix.src[e]!);

  /** Reaches the state (v, [lo, hi]) at depth d (v not marked); false when the limit bites. */
  const reach = (v: number, lo: number, hi: number, d: number, p: number, e: number): boolean => {
    const k = nodeKind[v]!;
    // only a container (or a serialised case) holds things in time: elsewhere a window tests nothing
    if ((lo === -Infinity && hi === Infinity) || (k !== CONTAINER && k !== SERIAL)) {
      if (windowed[v] === s) st.queue(v, d, -1, count);
      else if (!add(v, d, p, e)) return false;
      mark[v] = s;
      return true;
    }
    if (windowed[v] !== s) {
      const rep = count;
      if (!add(v, d, p, e)) return false;
      windowed[v] = s;
      st.open(v, rep, lo, hi);
      return true;
    }
    const slot = st.widen(v, lo, hi);
    if (slot >= 0) st.queue(v, d, slot, count);
    return true;
  };

  /** Follows edge e to v from a state with window [lo, hi] by the rules of time; false when the limit bites. */
  const timedStep = (e: number, v: number, lo: number, hi: number, d: number, p: number): boolean => {
    if (!inTime) return reach(v, -Infinity, Infinity, d, p, e);
    const k = kind[e]!;
    const t = at[e]!;
    if (k === PACKED) {
      const a = Number.isNaN(t) ? -Infinity : t - BEFORE;
      const b = Number.isNaN(until[e]!) ? Infinity : until[e]! + AFTER;
      if (a > hi || b < lo) return true;
      return reach(v, Math.max(lo, a), Math.min(hi, b), d, p, e);
    }
    if (fwd) {
      // a shipment or consumption of a container while the item was in it
      if (t < lo || t > hi) return true;
      return reach(v, -Infinity, Infinity, d, p, e);
    }
    // what the container held when it shipped or was used
    if (((timed >> k) & 1) !== 0 && !Number.isNaN(t)) return reach(v, t, t, d, p, e);
    return reach(v, -Infinity, Infinity, d, p, e);
  };

  /**
   * Expands the state (u, [lo, hi]) at depth d, reported at index i, by the rules of time: every
   * edge goes through timedStep. For bounded states and delta edges (the hot loop below is for the
   * CSR edges of unbounded states). False when the limit bites.
   */
  const scan = (u: number, d: number, i: number, lo: number, hi: number, csrToo: boolean): boolean => {
    for (const w of ways) {
      const { offsets, targets, edges } = w.csr;
      const list = useDelta ? w.delta.get(u) : undefined;
      const inCsr = csrToo && u < ix.csrN ? offsets[u + 1]! - offsets[u]! : 0;
      for (let j = 0, n = inCsr + (list?.length ?? 0); j < n; j++) {
        const e = j < inCsr ? edges[offsets[u]! + j]! : list![j - inCsr]!;
        const v = j < inCsr ? targets[offsets[u]! + j]! : other(e, u);
        if (mark[v] === s) continue;
        if ((flags[e]! & 1) !== 0 || (!all && kind[e]! >= FLOW_LIMIT)) continue;
        if (asOf !== undefined && at[e]! > asOf) continue;
        if (o.edgeOk && !o.edgeOk(e, d)) continue;
        if (!timedStep(e, v, lo, hi, d + 1, i)) return false;
      }
    }
    return true;
  };

  // States beyond a node's first (reported) one wait in `st`'s queue, each after the nodes reported
  // before it was queued: the two queues are taken in the order their states were found.
  let head = 0;
  outer: while (!truncated && !hit) {
    if (st.qHead < st.qLen && st.qAfter[st.qHead]! <= head) {
      const q = st.qHead++;
      const u = st.qNode[q]!;
      const slot = st.qSlot[q]!;
      if (st.qDepth[q]! < o.maxDepth && !scan(u, st.qDepth[q]!, st.rep[u]!, slot < 0 ? -Infinity : st.lo[slot]!, slot < 0 ? Infinity : st.hi[slot]!, true)) break;
      continue;
    }
    if (head >= count) break;
    const i = head++;
    const u = node[i]!;
    const d = depth[i]!;
    if (d >= o.maxDepth) continue;
    if (windowed[u] === s) {
      if (!scan(u, d, i, st.lo[st.first[u]!]!, st.hi[st.first[u]!]!, true)) break;
      continue;
    }
    for (const w of ways) {
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
        if (((timed >> k) & 1) !== 0 || windowed[v] === s) {
          // the common case inline: packed into a container already reached in a window that covers this one
          if (k === PACKED && windowed[v] === s) {
            const f = st.first[v]!;
            const a = at[e]!;
            const b = until[e]!;
            if (st.lo[f]! <= (Number.isNaN(a) ? -Infinity : a - BEFORE) && (Number.isNaN(b) ? Infinity : b + AFTER) <= st.hi[f]!) continue;
          }
          if (!timedStep(e, v, -Infinity, Infinity, d + 1, i)) break outer;
        } else {
          if (!add(v, d + 1, i, e)) break outer;
          mark[v] = s;
        }
      }
    }
    if (useDelta && !scan(u, d, i, -Infinity, Infinity, false)) break;
  }
  return { count, node, depth, parent, edge, truncated };
}
