/**
 * Decodes the packed answer of the `lotgraph.trace` procedure (cypher/trace-proc.ts): keys joined
 * by '\n', parent indexes as decimal numbers joined by ',', for recalls also node ids and the
 * out-edges per node the same way.
 * Depths follow from parents (a parent precedes its children in BFS order); kinds from key
 * prefixes and edge kinds from endpoint kinds, as closure.ts does for the Cypher path.
 */
import type { EdgeKind, NodeKind } from '../model.ts';
import type { Visit } from './bfs.ts';
import { kindOfFlow, kindOfPrefix, type ClosureNode, type Next } from './closure.ts';
import type { Row } from './connection.ts';

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
export function traceVisit(keys: string[], parents: number[], way: 'out' | 'in', limit: number, truncated: boolean): TraceVisit {
  if (parents.length !== keys.length) throw new Error(`lotgraph.trace: ${keys.length} keys but ${parents.length} parents`);
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
      depth[i] = depth[p]! + 1;
      edge[i] = way === 'out' ? kindOfFlow(kinds[p]!, k) : kindOfFlow(k, kinds[p]!);
    }
  }
  return { keys: n === keys.length ? keys : keys.slice(0, n), kinds, depth, parent, edge, truncated: truncated || keys.length > n };
}

/** A recall answer (cypher/trace-proc.ts `procRecall`) as the capped visit and the closure recall.ts summarises. */
export function recallClosure(row: Row, limit: number): { visit: Visit; closure: Map<number, ClosureNode> } {
  const keys = splitKeys(row.keys as string);
  const ids = ints(row.ids as string);
  const t = traceVisit(keys, ints(row.parents as string), 'out', limit, false);
  const visit: Visit = { ...t, ids: ids.slice(0, t.keys.length), attrs: new Array(t.keys.length).fill(null), index: new Map() };
  visit.ids.forEach((id, i) => visit.index.set(id, i));

  const kinds = keys.map(kindOfPrefix);
  const cols = new Map<number, unknown[]>();
  for (const c of row.cols as unknown[][]) cols.set(c[0] as number, c);
  const adj = ints(row.adj as string);
  const qty = row.qty as (number | null)[];
  const uom = row.uom as (string | null)[];
  const closure = new Map<number, ClosureNode>();
  let a = 0;
  let e = 0;
  for (let i = 0; i < keys.length; i++) {
    const count = adj[a++]!;
    const next: Next[] = [];
    for (let j = 0; j < count; j++, e++) {
      const o = adj[a++]!;
      // Edges come in relationship-id order; their ids are not sent, so the position stands in for one.
      next.push([e, kindOfFlow(kinds[i]!, kinds[o]!), ids[o]!, keys[o]!, qty[e] ?? null, uom[e] ?? null]);
    }
    const c = cols.get(i);
    const r: Row = c ? { category: c[1], quantity: c[2], uom: c[3], name: c[4], unitOf: c[5], produced: c[6], shippedAt: c[7] } : {};
    closure.set(ids[i]!, { key: keys[i]!, kind: kinds[i]!, next, row: r });
  }
  if (a !== adj.length || e !== qty.length) throw new Error('lotgraph.trace: malformed edge lists');
  return { visit, closure };
}
