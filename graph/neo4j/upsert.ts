/**
 * Batch upsert with the port's merge semantics, in one managed write transaction: read the stored
 * state of the keys and edges involved, compute the merge and the counts here, then write only
 * what changes (a batch replayed is read-only after the first read).
 */
import { kindOfKey } from '../keys.ts';
import type { Batch, EdgeKind, NodeKind, Props } from '../model.ts';
import type { UpsertResult } from '../store.ts';
import { validateBatch, type CleanEdge } from '../validate-batch.ts';
import type { Tx } from './connection.ts';
import { readEdges, readNodes, removeEdges, writeEdges, writeNodes, type EdgeRow, type NodeRow } from './cypher/upsert.ts';
import { decodeProps, encodeProps } from './props-codec.ts';

/** Rows per statement: big enough to amortise a round trip, small enough for the planner's caches. */
const CHUNK = 5000;

/** Applies a batch (validated first: nothing is written when any item is wrong). */
export async function upsertBatch(tx: Tx, batch: Batch): Promise<UpsertResult> {
  const b = validateBatch(batch);
  const res: UpsertResult = { nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0, unchanged: 0 };

  const given = new Set(b.nodes.map((n) => n.key));
  const endpoints = new Set<string>();
  for (const e of b.edges) {
    if (!given.has(e.from)) endpoints.add(e.from);
    if (!given.has(e.to)) endpoints.add(e.to);
  }
  const stored = new Map<string, { ids: string[]; props: Props }>();
  for (const keys of chunks([...given, ...endpoints])) {
    for (const r of await tx.run(readNodes(keys))) {
      stored.set(r.key as string, { ids: (r.ids as string[] | null) ?? [], props: decodeProps(r.p as Record<string, unknown>) });
    }
  }

  const writes = new Map<NodeKind, NodeRow[]>();
  const add = (row: NodeRow) => (writes.get(row.kind) ?? writes.set(row.kind, []).get(row.kind)!).push(row);
  for (const n of b.nodes) {
    const old = stored.get(n.key);
    if (!old) {
      res.nodesCreated++;
      add(nodeRow(n.key, n.kind, n.ids, n.props, n.ids));
      continue;
    }
    const ids = [...new Set([...old.ids, ...n.ids])];
    const changedProps = Object.entries(n.props).filter(([k, v]) => !(k in old.props) || JSON.stringify(old.props[k]) !== JSON.stringify(v));
    if (ids.length === old.ids.length && changedProps.length === 0) {
      res.unchanged++;
      continue;
    }
    res.nodesUpdated++;
    const known = new Set(old.ids.map((s) => s.toLowerCase()));
    add(nodeRow(n.key, n.kind, ids, Object.fromEntries(changedProps), n.ids.filter((s) => !known.has(s.toLowerCase()))));
  }
  for (const key of endpoints) {
    // A bare endpoint is a node the batch creates (graph/conformance pins this).
    if (stored.has(key)) continue;
    res.nodesCreated++;
    add(nodeRow(key, kindOfKey(key), [], {}, []));
  }
  for (const [kind, rows] of writes) for (const c of chunks(rows)) await tx.run(writeNodes(kind, c));

  // Edges whose two endpoints existed before may exist already: read those, the rest are new.
  const maybe = b.edges.map((e, i) => ({ i, kind: e.kind, from: e.from, to: e.to })).filter((e) => stored.has(e.from) && stored.has(e.to));
  const old = new Map<number, { at: unknown; qty: unknown; uom: unknown }>();
  for (const c of chunks(maybe)) for (const r of await tx.run(readEdges(c))) old.set(r.i as number, { at: r.at, qty: r.qty, uom: r.uom });
  // An edge created by this batch and removed by it is neither created nor removed (never written).
  const id = (e: { kind: string; from: string; to: string }) => `${e.kind}|${e.from}|${e.to}`;
  const fresh = new Set(b.edges.filter((_, i) => !old.has(i)).map(id));
  const dropped = new Set(b.removeEdges.map(id).filter((k) => fresh.has(k)));
  const edgeWrites = new Map<EdgeKind, EdgeRow[]>();
  b.edges.forEach((e, i) => {
    const o = old.get(i);
    if (dropped.has(id(e))) return;
    if (!o) res.edgesCreated++;
    else if (same(o, e)) return void res.unchanged++;
    else res.edgesUpdated++;
    (edgeWrites.get(e.kind) ?? edgeWrites.set(e.kind, []).get(e.kind)!).push({ from: e.from, to: e.to, at: e.at, qty: e.qty, uom: e.uom || null });
  });
  for (const [kind, rows] of edgeWrites) for (const c of chunks(rows)) await tx.run(writeEdges(kind, c));

  const removals = new Map<EdgeKind, { from: string; to: string }[]>();
  for (const r of b.removeEdges) {
    if (dropped.has(id(r))) continue;
    (removals.get(r.kind) ?? removals.set(r.kind, []).get(r.kind)!).push({ from: r.from, to: r.to });
  }
  for (const [kind, rows] of removals) {
    for (const c of chunks(rows)) res.edgesRemoved += Number((await tx.run(removeEdges(kind, c)))[0]?.removed ?? 0);
  }
  return res;
}

function nodeRow(key: string, kind: NodeKind, ids: string[], props: Props, newIds: string[]): NodeRow {
  const lkey = key.toLowerCase();
  return { key, kind, lkey, llabel: lkey.slice(lkey.lastIndexOf(':') + 1), ids, props: encodeProps(props), aliases: [...new Set(newIds.map((s) => s.toLowerCase()))] };
}

function same(o: { at: unknown; qty: unknown; uom: unknown }, e: CleanEdge): boolean {
  return (o.at ?? null) === e.at && (o.qty ?? null) === e.qty && (o.uom ?? null) === (e.uom || null);
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}
