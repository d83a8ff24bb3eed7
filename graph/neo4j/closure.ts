/**
 * Trace by closure: one query returns every reachable node and its edges (cypher/trace.ts), with
 * the times of the edges where containment windows matter; the BFS over states (node, window) is
 * then replayed over that adjacency (replay.ts): depths, parents and the node cap as the embedded
 * store (ties between equally short parents go by node id for traces, by edge id for recalls).
 */
import { kindOfKey, lotKey, serialKey, simpleKey } from '../keys.ts';
import { EDGE_ENDPOINTS, edgeJoins, FLOW_EDGE_KINDS, NODE_KINDS, type EdgeKind, type NodeKind } from '../model.ts';
import type { Seed, Visit } from './bfs.ts';
import { replay, type Slot, type Times } from './replay.ts';
import type { Row, Tx } from './connection.ts';
import { traceClosure, type TraceOptions } from './cypher/trace.ts';
import type { Statement } from './cypher/statement.ts';

/** An out-edge in the recall closure: edge id, kind, other node id and key, qty, uom, and at, until where windows matter (cypher/trace.ts `timed`). */
export type Next = [number, EdgeKind, number, string, number | null, string | null, (number | null)?, (number | null)?];

/** A reached node as the closure query returns it (recall columns present with `recall`). */
export interface ClosureNode {
  key: string;
  kind: NodeKind;
  next: Next[];
  row: Row;
}

const PREFIX_KIND = new Map(NODE_KINDS.map((k) => [simpleKeyPrefix(k), k]));

/** Kind by a key's first two characters, when those tell the prefixes apart (they do; checked here). */
const two = (s: string): number => s.charCodeAt(0) * 65536 + s.charCodeAt(1);
const KIND_OF_TWO = new Map([...PREFIX_KIND].map(([p, k]) => [two(p), k]));
const TWO_UNIQUE = KIND_OF_TWO.size === PREFIX_KIND.size;

/** A node's kind from its key prefix (keys come from the store, so they are well-formed); hot in big traces. */
export function kindOfPrefix(key: string): NodeKind {
  return (TWO_UNIQUE ? KIND_OF_TWO.get(two(key)) : PREFIX_KIND.get(key.slice(0, key.indexOf(':')))) ?? kindOfKey(key);
}

/** The key prefix of a kind (`lot`, `op`...), read off a sample key so keys.ts stays the one source. */
function simpleKeyPrefix(kind: NodeKind): string {
  const sample = kind === 'Lot' ? lotKey('m', 'x') : kind === 'Serial' ? serialKey('m', 'x') : simpleKey(kind, 'x');
  return sample.slice(0, sample.indexOf(':'));
}

/** Flow edge kind by from kind, then to kind: unique, as EDGE_ENDPOINTS gives each pair of kinds at most one flow kind. */
const FLOW_BY_ENDS = new Map<NodeKind, Map<NodeKind, EdgeKind>>(NODE_KINDS.map((k) => [k, new Map()]));
for (const k of FLOW_EDGE_KINDS) for (const f of EDGE_ENDPOINTS[k].from) for (const t of EDGE_ENDPOINTS[k].to) if (edgeJoins(k, f, t)) FLOW_BY_ENDS.get(f)!.set(t, k);

/** Kind index (into NODE_KINDS) by a key's first two characters; kindIndexOfKey falls back to kindOfPrefix. */
const INDEX_OF_TWO = new Map([...KIND_OF_TWO].map(([t, k]) => [t, NODE_KINDS.indexOf(k)]));

/** A node's kind as its index in NODE_KINDS (kindOfPrefix for decoders that look kinds up by number). */
export function kindIndexOfKey(key: string): number {
  return (TWO_UNIQUE ? INDEX_OF_TWO.get(two(key)) : undefined) ?? NODE_KINDS.indexOf(kindOfPrefix(key));
}

/** kindOfFlow by kind indexes: FLOW_BY_INDEX[from][to], undefined where no flow kind joins them. */
export const FLOW_BY_INDEX: (EdgeKind | undefined)[][] = NODE_KINDS.map((f) => NODE_KINDS.map((t) => FLOW_BY_ENDS.get(f)!.get(t)));

/** The flow edge kind joining a `from` node to a `to` node. */
export function kindOfFlow(from: NodeKind, to: NodeKind): EdgeKind {
  const k = FLOW_BY_ENDS.get(from)?.get(to);
  if (!k) throw new Error(`no flow edge kind from ${from} to ${to}`);
  return k;
}

/** A neighbour as the trace query lists it: its id, or `[id, at, until]` for an edge where windows matter. */
export type Neighbour = number | Times;

/** Traces from `seeds` (all at depth 0) with a node cap: one query, BFS replayed here. */
export async function traceFrom(tx: Tx, seeds: Seed[], o: TraceOptions & { limit: number }): Promise<Visit> {
  const rows = await tx.run(traceClosure([...new Set(seeds.map((s) => s.id))], { ...o, recall: false }));
  const { ids, keys, nexts } = rows[0] as { ids: number[]; keys: string[]; nexts: Neighbour[][] };
  return replayLists(ids, keys, nexts, seeds, o);
}

const idOf = (x: Neighbour): number => (typeof x === 'number' ? x : x[0]);

/** The BFS replay over a closure given as parallel lists (traceClosure's or traceByKey's row). */
export function replayLists(ids: number[], keys: string[], nexts: Neighbour[][], seeds: Seed[], o: Omit<TraceOptions, 'recall'> & { limit: number }): Visit {
  const slots = new Map<number, Slot>();
  for (let i = 0; i < ids.length; i++) {
    const raw = nexts[i]!;
    let timed = false;
    for (let j = 0; j < raw.length && !timed; j++) timed = typeof raw[j] !== 'number';
    let next: number[];
    let times: (Times | undefined)[] | null = null;
    if (!timed) next = (raw as number[]).sort((a, b) => a - b);
    else {
      if (raw.length > 1) raw.sort((a, b) => idOf(a) - idOf(b));
      next = raw.map(idOf);
      times = raw.map((x) => (typeof x === 'number' ? undefined : x));
    }
    slots.set(ids[i]!, { key: keys[i]!, kind: kindOfPrefix(keys[i]!), next, times });
  }
  return replay(slots, seeds, o, (u, c) => (o.way === 'out' ? kindOfFlow(u.kind, c.kind) : kindOfFlow(c.kind, u.kind)));
}

/**
 * Recall: the forward closure with the summary's columns (cypher/trace.ts `recall`), and the capped
 * visit. Seeds by key: null unless every key names a node (the caller then resolves them one by one).
 */
export async function recallFrom(
  run: (s: Statement) => Promise<Row[]>, seeds: Seed[] | { keys: string[] }, o: Omit<TraceOptions, 'way' | 'recall'> & { limit: number },
): Promise<{ visit: Visit; closure: Map<number, ClosureNode>; seeds: (Seed & { row: Row })[] } | null> {
  const nodes = new Map<number, ClosureNode>();
  const slots = new Map<number, Slot>();
  const byKey = !Array.isArray(seeds);
  const found = new Map<string, Seed & { row: Row }>();
  const rows = await run(traceClosure(byKey ? seeds : [...new Set(seeds.map((s) => s.id))], { ...o, way: 'out', recall: true }));
  for (const r of rows) {
    const n: ClosureNode = { key: r.key as string, kind: kindOfPrefix(r.key as string), next: [], row: r };
    nodes.set(r.id as number, n);
    if (byKey && r.seed) found.set(n.key, { id: r.id as number, key: n.key, kind: n.kind, row: r });
  }
  for (const [id, n] of nodes) {
    const raw = n.row.next as [number, number, number | null, string | null, (number | null)?, (number | null)?][];
    let timed = false;
    for (const x of raw) {
      const m = nodes.get(x[1]);
      if (!m) continue;
      if (x.length > 4) {
        timed = true;
        n.next.push([x[0], kindOfFlow(n.kind, m.kind), x[1], m.key, x[2], x[3], x[4] ?? null, x[5] ?? null]);
      } else n.next.push([x[0], kindOfFlow(n.kind, m.kind), x[1], m.key, x[2], x[3]]);
    }
    if (n.next.length > 1) n.next.sort((a, b) => a[0] - b[0]);
    const times = timed ? n.next.map((x): Times | undefined => (x.length > 6 ? [x[2], x[6] ?? null, x[7] ?? null] : undefined)) : null;
    slots.set(id, { key: n.key, kind: n.kind, next: n.next.map((x) => x[2]), times });
  }
  let list: (Seed & { row: Row })[];
  if (byKey) {
    if (seeds.keys.some((k) => !found.has(k))) return null;
    list = seeds.keys.map((k) => found.get(k)!);
  } else {
    list = seeds.map((s) => ({ ...s, row: nodes.get(s.id)?.row ?? {} }));
  }
  return { visit: replay(slots, list, { ...o, way: 'out' }, (u, c) => kindOfFlow(u.kind, c.kind)), closure: nodes, seeds: list };
}
