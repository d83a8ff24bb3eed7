/**
 * Batch upsert with the port's merge semantics, in one managed write transaction: read the stored
 * state of the keys and edges involved, compute the merge and the counts here, then write only
 * what changes (a batch replayed is read-only after the first read). Writes address nodes by
 * internal id once known, and CREATE what is new rather than MERGE it.
 */
import { kindOfKey } from '../keys.ts';
import type { Batch, EdgeKind, NodeKind, Props } from '../model.ts';
import type { UpsertResult } from '../store.ts';
import { validateBatch, type CleanBatch, type CleanEdge } from '../validate-batch.ts';
import type { Tx } from './connection.ts';
import { createNodes, linkAliases, readEdges, readNodes, removeEdges, updateNodes, writeEdges, type EdgeRow, type NewNodeRow, type NodeUpdateRow } from './cypher/upsert.ts';
import { decodeProps, encodeProps } from './props-codec.ts';

/** Rows per statement: big enough to amortise a round trip, small enough to keep a statement's state modest. */
const CHUNK = 10_000;

/** Validates a batch (nothing is written when any item is wrong). */
export const checkBatch = (batch: Batch): CleanBatch => validateBatch(batch);

/** Applies a validated batch inside `tx`. */
export async function upsertBatch(tx: Tx, b: CleanBatch): Promise<UpsertResult> {
  const res: UpsertResult = { nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0, unchanged: 0 };
  const given = new Set(b.nodes.map((n) => n.key));
  const endpoints = new Set<string>();
  for (const e of b.edges) {
    if (!given.has(e.from)) endpoints.add(e.from);
    if (!given.has(e.to)) endpoints.add(e.to);
  }
  const removeEnds = new Set<string>();
  for (const r of b.removeEdges) for (const k of [r.from, r.to]) if (!given.has(k) && !endpoints.has(k)) removeEnds.add(k);

  // Stored state: full for the nodes given, internal id only for bare endpoints.
  const idOf = new Map<string, number>();
  const stored = new Map<string, { id: number; ids: string[]; props: Props }>();
  for (const keys of chunks([...given])) {
    for (const r of await tx.run(readNodes(keys, true))) {
      idOf.set(r.key as string, r.id as number);
      stored.set(r.key as string, { id: r.id as number, ids: (r.ids as string[] | null) ?? [], props: decodeProps(r.p as Record<string, unknown>) });
    }
  }
  for (const keys of chunks([...endpoints, ...removeEnds])) for (const r of await tx.run(readNodes(keys, false))) idOf.set(r.key as string, r.id as number);
  const existed = new Set(idOf.keys());

  const creates = new Map<NodeKind, NewNodeRow[]>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  const updates: NodeUpdateRow[] = [];
  for (const n of b.nodes) {
    const old = stored.get(n.key);
    if (!old) {
      res.nodesCreated++;
      push(creates, n.kind, newNode(n.key, n.kind, n.ids, n.props));
      continue;
    }
    const ids = [...new Set([...old.ids, ...n.ids])];
    const changed = Object.entries(n.props).filter(([k, v]) => !(k in old.props) || JSON.stringify(old.props[k]) !== JSON.stringify(v));
    if (ids.length === old.ids.length && changed.length === 0) {
      res.unchanged++;
      continue;
    }
    res.nodesUpdated++;
    const known = new Set(old.ids.map((s) => s.toLowerCase()));
    updates.push({ id: old.id, ids, props: encodeProps(Object.fromEntries(changed)), aliases: aliasNodes(n.key, n.ids.filter((s) => !known.has(s.toLowerCase()))) });
  }
  // A bare endpoint (edge end neither given nor stored) is a node the batch creates (graph/conformance pins this).
  for (const key of endpoints) {
    if (idOf.has(key)) continue;
    res.nodesCreated++;
    push(creates, kindOfKey(key), newNode(key, kindOfKey(key), [], {}));
  }
  for (const [kind, rows] of creates) {
    for (const c of chunks(rows)) for (const r of await tx.run(createNodes(kind, c.map(({ key, all }) => ({ key, all }))))) idOf.set(r.key as string, r.id as number);
  }
  const aliased = [...creates.values()].flat().filter((r) => r.aliases.length > 0).map((r) => ({ id: idOf.get(r.key)!, aliases: r.aliases }));
  for (const c of chunks(aliased)) await tx.run(linkAliases(c));
  for (const c of chunks(updates)) await tx.run(updateNodes(c));

  // Edges between two nodes that existed before may exist already: read those; the rest are new.
  const maybe = b.edges.map((e, i) => ({ i, kind: e.kind, a: idOf.get(e.from)!, b: idOf.get(e.to)! })).filter((_, i) => existed.has(b.edges[i]!.from) && existed.has(b.edges[i]!.to));
  const old = new Map<number, { at: unknown; qty: unknown; uom: unknown }>();
  for (const c of chunks(maybe)) for (const r of await tx.run(readEdges(c))) old.set(r.i as number, { at: r.at, qty: r.qty, uom: r.uom });
  // An edge created by this batch and removed by it is neither created nor removed (never written).
  const ident = (e: { kind: string; from: string; to: string }) => `${e.kind}|${e.from}|${e.to}`;
  const fresh = new Set(b.edges.filter((_, i) => !old.has(i)).map(ident));
  const dropped = new Set(b.removeEdges.map(ident).filter((k) => fresh.has(k)));
  const creating = new Map<EdgeKind, EdgeRow[]>();
  const merging = new Map<EdgeKind, EdgeRow[]>();
  b.edges.forEach((e, i) => {
    if (dropped.has(ident(e))) return;
    const o = old.get(i);
    const row = { a: idOf.get(e.from)!, b: idOf.get(e.to)!, at: e.at, qty: e.qty, uom: e.uom || null };
    if (o && same(o, e)) return void res.unchanged++;
    if (o) res.edgesUpdated++;
    else res.edgesCreated++;
    // New endpoint: nobody else can have an edge to it yet, so CREATE; otherwise MERGE (a concurrent batch may add it).
    push(existed.has(e.from) && existed.has(e.to) ? merging : creating, e.kind, row);
  });
  for (const [kind, rows] of creating) for (const c of chunks(rows)) await tx.run(writeEdges(kind, c, true));
  for (const [kind, rows] of merging) for (const c of chunks(rows)) await tx.run(writeEdges(kind, c, false));

  const removals = new Map<EdgeKind, { a: number; b: number }[]>();
  for (const r of b.removeEdges) {
    const a = idOf.get(r.from);
    const z = idOf.get(r.to);
    if (dropped.has(ident(r)) || a === undefined || z === undefined) continue;
    push(removals, r.kind, { a, b: z });
  }
  for (const [kind, rows] of removals) {
    for (const c of chunks(rows)) res.edgesRemoved += Number((await tx.run(removeEdges(kind, c)))[0]?.removed ?? 0);
  }
  return res;
}

function newNode(key: string, kind: NodeKind, ids: string[], props: Props): NewNodeRow {
  const lkey = key.toLowerCase();
  const all = { key, kind, lkey, llabel: llabelOf(key), ids, ...encodeProps(props) };
  return { key, all, aliases: aliasNodes(key, ids) };
}

/** The lowercased last part of a key, as stored (indexed) in `llabel`. */
const llabelOf = (key: string): string => key.slice(key.lastIndexOf(':') + 1).toLowerCase();

/**
 * The ids that need an `:Alias` node: lowercased, minus the one equal to the node's label, which
 * lookup finds through the `llabel` index instead (most ids are the label: one write saved per node).
 */
function aliasNodes(key: string, ids: string[]): string[] {
  const label = llabelOf(key);
  return [...new Set(ids.map((s) => s.toLowerCase()))].filter((a) => a !== label);
}

function same(o: { at: unknown; qty: unknown; uom: unknown }, e: CleanEdge): boolean {
  return (o.at ?? null) === e.at && (o.qty ?? null) === e.qty && (o.uom ?? null) === (e.uom || null);
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}
