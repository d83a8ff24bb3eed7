/**
 * Neo4j rows to the GraphStore's results (shared by the reads of neo4j-store.ts): a node's view,
 * the node an id resolves to, an expanded edge, a trace's nodes with the parents `kinds` hid.
 */
import { LgError } from '../../lib/errors.ts';
import { looksLikeKey, parseKey } from '../keys.ts';
import type { EdgeView, NodeView } from '../model.ts';
import type { TraceResult, TracedNode } from '../store.ts';
import type { Seed, Visit } from './bfs.ts';
import type { Row, Tx } from './connection.ts';
import { nodeByKey, nodesByAlias, nodesById } from './cypher/lookup.ts';
import type { TraceVisit } from './proc-decode.ts';
import { decodeProps, storedIds } from './props-codec.ts';

export type Resolved = Seed & { view: NodeView };

export const view = (r: Row): NodeView => ({ key: r.key as string, kind: r.kind as NodeView['kind'], ids: storedIds(r.key as string, r.ids), props: decodeProps(r.p as Record<string, unknown>) });

/** Node of a key or alias; LG_BAD_ID / LG_NOT_FOUND / LG_AMBIGUOUS_ID otherwise (as the embedded store). */
export async function resolve(tx: Tx, id: string): Promise<Resolved> {
  const s = typeof id === 'string' ? id.trim() : '';
  if (s === '') throw new LgError('LG_BAD_ID', 'an id is required');
  const byKey = await tx.run(nodeByKey(s));
  if (byKey[0]) return resolved(byKey[0]);
  if (looksLikeKey(s)) parseKey(s);
  const hits = await tx.run(nodesByAlias(s));
  if (hits.length === 1) return resolved(hits[0]!);
  if (hits.length > 1) {
    throw new LgError('LG_AMBIGUOUS_ID', `'${s}' names ${hits.length} nodes: use one of their keys`, { candidates: hits.slice(0, 20).map((h) => h.key) });
  }
  throw new LgError('LG_NOT_FOUND', `no node with key or identifier '${s}'`, { id: s });
}

export async function viewsOf(tx: Tx, ids: number[]): Promise<Map<number, NodeView>> {
  const m = new Map<number, NodeView>();
  for (const r of await tx.run(nodesById(ids))) m.set(r.id as number, view(r));
  return m;
}

export function resolved(r: Row): Resolved {
  return { id: r.id as number, key: r.key as string, kind: r.kind as Seed['kind'], view: view(r) };
}

export function edgeView(v: Visit, i: number): EdgeView {
  const a = v.attrs[i]!;
  const here = v.keys[i]!;
  const parent = v.keys[v.parent[i]!]!;
  return { kind: v.edge[i]!, from: a.out ? parent : here, to: a.out ? here : parent, at: a.at, until: a.until, qty: a.qty, uom: a.uom };
}

/** Turns a visit into result nodes plus the parent links of hidden ancestors of shown nodes (as the embedded store). */
export function traced(v: TraceVisit, kinds: ReadonlySet<string> | undefined): Pick<TraceResult, 'nodes' | 'hiddenParents'> {
  const nodes: TracedNode[] = [];
  const hiddenParents: TraceResult['hiddenParents'] = new Map();
  const needed = kinds ? new Uint8Array(v.keys.length) : null;
  for (let i = 0; i < v.keys.length; i++) {
    if (i > 0 && kinds && !kinds.has(v.kinds[i]!)) continue;
    const p = v.parent[i]!;
    nodes.push({ key: v.keys[i]!, kind: v.kinds[i]!, depth: v.depth[i]!, parent: p < 0 ? null : v.keys[p]!, edge: v.edge[i]! });
    if (needed) for (let a = p; a >= 0 && needed[a] === 0; a = v.parent[a]!) needed[a] = 1;
  }
  if (needed && kinds) {
    for (let i = 1; i < v.keys.length; i++) {
      if (!needed[i] || kinds.has(v.kinds[i]!)) continue;
      const p = v.parent[i]!;
      hiddenParents.set(v.keys[i]!, { parent: p < 0 ? null : v.keys[p]!, edge: v.edge[i]! });
    }
  }
  return { nodes, hiddenParents };
}
