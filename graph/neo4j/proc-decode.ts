/**
 * Decodes the packed answer of the `lotgraph.trace` procedure (cypher/trace-proc.ts): keys joined
 * by '\n', parent indexes as decimal numbers joined by ',', for recalls also node ids and the
 * out-edges per node the same way.
 * Depths come with the answer: not always the parent's + 1, as a node first reached through a
 * container's later window is one hop from that state, deeper than the container's first discovery
 * (graph/store.ts "Containment in time"). Kinds from key prefixes and edge kinds from endpoint
 * kinds, as closure.ts does for the Cypher path.
 */
import { NODE_KINDS, type EdgeKind, type NodeKind } from '../model.ts';
import type { TracedNode } from '../store.ts';
import type { Visit } from './bfs.ts';
import { FLOW_BY_INDEX, kindIndexOfKey, kindOfFlow, kindOfPrefix, type ClosureNode, type Next } from './closure.ts';
import type { Row } from './connection.ts';
import { propName } from './props-codec.ts';

/** A trace's visit without internal ids (what a trace result needs). */
export type TraceVisit = Pick<Visit, 'keys' | 'kinds' | 'depth' | 'parent' | 'edge' | 'truncated'>;

/** The integers of a ',' separated decimal list ('' is none); a hand loop, ~10x faster than split + Number. */
export function ints(s: string | null | undefined): number[] {
  const out: number[] = [];
  if (!s) return out;
  let v = 0;
  let neg = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      out.push(neg ? -v : v);
      v = 0;
      neg = false;
    } else if (c === 45) neg = true;
    else v = v * 10 + (c - 48);
  }
  out.push(neg ? -v : v);
  return out;
}

/** The keys of an answer (an empty string when no seed existed). */
export const splitKeys = (s: string | null | undefined): string[] => (s ? s.split('\n') : []);

/**
 * The first `limit` nodes of an answer as a visit; `truncated` when the answer says so or it has
 * more than `limit` nodes (recalls come back uncapped: the capped BFS is a prefix of the full one).
 */
export function traceVisit(keys: string[], parents: number[], depths: number[], way: 'out' | 'in', limit: number, truncated: boolean): TraceVisit {
  if (parents.length !== keys.length) throw new Error(`lotgraph.trace: ${keys.length} keys but ${parents.length} parents`);
  if (depths.length !== keys.length) throw new Error(`lotgraph.trace: ${keys.length} keys but ${depths.length} depths`);
  const n = Math.min(keys.length, limit);
  const kinds = new Array<NodeKind>(n);
  const depth = new Array<number>(n);
  const parent = new Array<number>(n);
  const edge = new Array<EdgeKind | null>(n);
  for (let i = 0; i < n; i++) {
    const p = parents[i]!;
    const k = kindOfPrefix(keys[i]!);
    kinds[i] = k;
    parent[i] = p;
    if (p < 0) {
      depth[i] = 0;
      edge[i] = null;
    } else {
      depth[i] = depths[i]!;
      edge[i] = way === 'out' ? kindOfFlow(kinds[p]!, k) : kindOfFlow(k, kinds[p]!);
    }
  }
  return { keys: n === keys.length ? keys : keys.slice(0, n), kinds, depth, parent, edge, truncated: truncated || keys.length > n };
}

/**
 * A trace answer straight to result nodes, in one pass over the two strings: what
 * `traceVisit(splitKeys(keys), ints(parents), ints(depths), ...)` and then one result node per visited node
 * give, without the intermediate arrays (a 74k-node answer spent more time in those, and in the
 * garbage collector after them, than in the nodes themselves; measured).
 */
export function traceNodes(keys: string, parents: string, depths: string, way: 'out' | 'in', limit: number, truncated: boolean): { nodes: TracedNode[]; truncated: boolean } {
  if (!keys) {
    if (parents) throw new Error('lotgraph.trace: 0 keys but some parents');
    return { nodes: [], truncated };
  }
  // Sized up front from the parents (no growing arrays to collect), kind indexes in bytes.
  let total = 1;
  for (let i = parents.indexOf(','); i >= 0; i = parents.indexOf(',', i + 1)) total++;
  const n = Math.min(total, limit);
  const nodes = new Array<TracedNode>(n);
  const kinds = new Uint8Array(n);
  const K = keys.length;
  const P = parents.length;
  const D = depths.length;
  let kp = 0;
  let pp = 0;
  let dp = 0;
  let c = 0;
  for (; c < n && kp <= K; c++) {
    let nl = keys.indexOf('\n', kp);
    if (nl < 0) nl = K;
    const key = keys.slice(kp, nl);
    kp = nl + 1;
    let v = 0;
    let neg = false;
    for (; pp < P; pp++) {
      const ch = parents.charCodeAt(pp);
      if (ch === 44) break;
      if (ch === 45) neg = true;
      else v = v * 10 + (ch - 48);
    }
    pp++;
    let depth = 0;
    for (; dp < D; dp++) {
      const ch = depths.charCodeAt(dp);
      if (ch === 44) break;
      depth = depth * 10 + (ch - 48);
    }
    dp++;
    const ki = kindIndexOfKey(key);
    kinds[c] = ki;
    if (neg) {
      nodes[c] = { key, kind: NODE_KINDS[ki]!, depth: 0, parent: null, edge: null };
      continue;
    }
    const up = nodes[v]!;
    const pk = kinds[v]!;
    const edge = way === 'out' ? FLOW_BY_INDEX[pk]![ki] : FLOW_BY_INDEX[ki]![pk];
    nodes[c] = { key, kind: NODE_KINDS[ki]!, depth, parent: up.key, edge: edge ?? kindOfFlow(NODE_KINDS[way === 'out' ? pk : ki]!, NODE_KINDS[way === 'out' ? ki : pk]!) };
  }
  const more = kp <= K;
  if (c < n || (n === total && more)) throw new Error(`lotgraph.trace: ${c + (more ? 1 : 0)}${more ? '+' : ''} keys but ${total} parents`);
  return { nodes, truncated: truncated || more };
}

/** A recall answer (cypher/trace-proc.ts `procRecall`) as the capped visit and the closure recall.ts summarises. */
export function recallClosure(row: Row, limit: number): { visit: Visit; closure: Map<number, ClosureNode> } {
  const keys = splitKeys(row.keys as string);
  const ids = ints(row.ids as string);
  const t = traceVisit(keys, ints(row.parents as string), ints(row.depths as string), 'out', limit, false);
  const visit: Visit = { ...t, ids: ids.slice(0, t.keys.length), attrs: new Array(t.keys.length).fill(null), index: new Map() };
  visit.ids.forEach((id, i) => visit.index.set(id, i));

  const kinds = keys.map(kindOfPrefix);
  const props = nodeProps(row.props as unknown[]);
  const cats = new Map((row.cats as [string, unknown][]).map(([m, c]) => [m, c]));
  const ins = inEdges(row.ins as unknown[]);
  const adj = ints(row.adj as string);
  const qty = row.qty as (number | null)[];
  const uom = row.uom as (string | null)[];
  // two values an edge: at, until (a plugin jar from before 2026-12-04 sends none: the probe at open
  // takes such a jar for no plugin, so this is always there)
  const times = (row.times ?? []) as (number | null)[];
  const closure = new Map<number, ClosureNode>();
  let a = 0;
  let e = 0;
  for (let i = 0; i < keys.length; i++) {
    const count = adj[a++]!;
    const next: Next[] = [];
    for (let j = 0; j < count; j++, e++) {
      const o = adj[a++]!;
      // Edges come in relationship-id order; their ids are not sent, so the position stands in for one.
      next.push([e, kindOfFlow(kinds[i]!, kinds[o]!), ids[o]!, keys[o]!, qty[e] ?? null, uom[e] ?? null, times[2 * e] ?? null, times[2 * e + 1] ?? null]);
    }
    closure.set(ids[i]!, { key: keys[i]!, kind: kinds[i]!, next, row: summaryRow(keys[i]!, kinds[i]!, props.get(i), cats, ins.get(i) ?? NONE) });
  }
  if (a !== adj.length || e !== qty.length || times.length !== 2 * e) throw new Error('lotgraph.trace: malformed edge lists');
  return { visit, closure };
}

const NONE: InEdge[] = [];

/** `props` (3 values a property: node index, name, value) by node index. */
function nodeProps(flat: unknown[] | null): Map<number, Record<string, unknown>> {
  const by = new Map<number, Record<string, unknown>>();
  if (!flat) return by;
  if (flat.length % 3 !== 0) throw new Error('lotgraph.trace: malformed node properties');
  for (let i = 0; i < flat.length; i += 3) {
    const at = flat[i] as number;
    const r = by.get(at) ?? {};
    r[flat[i + 1] as string] = flat[i + 2];
    by.set(at, r);
  }
  return by;
}

/** An in-edge from the procedure's `ins`: relationship id, type, other node's key, at, qty, uom. */
type InEdge = [number, string, string | null, number | null, number | null, string | null];

/** `ins` (7 values an edge, node index first) grouped by node index. */
function inEdges(flat: unknown[] | null): Map<number, InEdge[]> {
  const by = new Map<number, InEdge[]>();
  if (!flat) return by;
  if (flat.length % 7 !== 0) throw new Error('lotgraph.trace: malformed in-edges');
  for (let i = 0; i < flat.length; i += 7) {
    const at = flat[i] as number;
    const e = [flat[i + 1], flat[i + 2], flat[i + 3], flat[i + 4], flat[i + 5], flat[i + 6]] as InEdge;
    const list = by.get(at);
    if (list) list.push(e);
    else by.set(at, [e]);
  }
  return by;
}

/** The columns recall.ts reads for one node, as cypher/trace.ts `recall` names them (null where they do not apply). */
function summaryRow(key: string, kind: NodeKind, c: Record<string, unknown> | undefined, cats: Map<string, unknown>, ins: InEdge[]): Row {
  const r: Row = { category: null, quantity: null, uom: null, name: null, unitOf: null, produced: null, supplied: null, shippedAt: null };
  if (kind === 'Lot' || kind === 'Serial') {
    const from = key.indexOf(':') + 1;
    r.category = cats.get(key.slice(from, key.indexOf(':', from))) ?? null;
  }
  if (kind === 'Lot') {
    r.quantity = c?.[propName('quantity')] ?? null;
    r.uom = c?.[propName('uom')] ?? null;
    r.produced = ins.filter((e) => e[1] === 'PRODUCED').map((e) => [e[0], e[4], e[5]]);
    r.supplied = ins.filter((e) => e[1] === 'SUPPLIED').map((e) => [e[0], e[4], e[5]]);
  } else if (kind === 'Serial') {
    r.unitOf = ins.filter((e) => e[1] === 'HAS_UNIT').map((e) => [e[0], e[2]]);
  } else if (kind === 'Shipment') {
    r.shippedAt = ins.filter((e) => e[1] === 'SHIPPED_IN' && e[3] !== null).map((e) => e[3]);
  } else if (kind === 'Customer') {
    r.name = c?.[propName('name')] ?? null;
  }
  return r;
}
