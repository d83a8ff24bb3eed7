/**
 * Batch upsert with the port's merge semantics, in one managed write transaction: read the stored
 * state of the keys and edges involved, compute the merge and the counts here, then write only
 * what changes (a batch replayed is read-only after the first read). Writes address nodes by
 * internal id once known, and CREATE what is new rather than MERGE it. Round trips do not grow with
 * the number of kinds: a batch of new nodes and edges is one read, one node statement and one edge
 * statement per CHUNK rows.
 *
 * Locking: a stored node the batch changes is merged from a state read under its write lock (one
 * more statement, locking them by ascending internal id, then reading them again), so concurrent
 * merges into one node serialize and no id is lost; new keys are guarded by the unique constraint
 * (a concurrent creator is LG_CONFLICT, the batch re-run), unchanged nodes are not locked.
 *
 * This is the write path of a server without the lotgraph plugin (or `procedures: false`); with it,
 * the same semantics run inside the server (`lotgraph.upsert`, graph/neo4j/server/README.md).
 */
import { LgError } from '../../lib/errors.ts';
import { kindOfKey } from '../keys.ts';
import type { Batch, EdgeKind, NodeKind, Props } from '../model.ts';
import type { UpsertResult } from '../store.ts';
import { validateBatch, type CleanBatch, type CleanEdge, type CleanNode } from '../validate-batch.ts';
import type { Row, Tx } from './connection.ts';
import { batchKeys, createEdges, createNodes, linkAliases, llabelOf, lockNodes, mergeEdges, readEdges, readNodes, removeEdges, updateNodes, type EdgeRow, type NodeUpdateRow } from './cypher/upsert.ts';
import { decodeProps, encodeProps, idsToStore, storedIds } from './props-codec.ts';

/** Rows per statement: big enough to amortise a round trip, small enough to keep a statement's state modest. */
const CHUNK = 20_000;

/** A node the batch creates: its stored properties in one map, plus the lowercased aliases to link. */
interface NewNodeRow {
  key: string;
  kind: NodeKind;
  all: Record<string, unknown>;
  aliases: string[];
}

/** A stored node as read: internal id, ids, props (decoded). */
interface StoredNode {
  id: number;
  ids: string[];
  props: Props;
}

/** Validates a batch (nothing is written when any item is wrong). */
export const checkBatch = (batch: Batch): CleanBatch => validateBatch(batch);

/** What the node phase of a batch leaves for its edge phase: counts so far, internal ids of every key involved, the keys stored before. */
export interface NodePhase {
  res: UpsertResult;
  idOf: Map<string, number>;
  existed: Set<string>;
}

/** Applies a validated batch inside `tx` (both phases in one transaction). */
export async function upsertBatch(tx: Tx, b: CleanBatch): Promise<UpsertResult> {
  const p = await upsertNodes(tx, b);
  await upsertEdges(tx, b, p);
  return p.res;
}

/**
 * Node phase: reads the stored state of every key the batch names, creates the new nodes (given or
 * bare edge ends), merges the given ones that exist. Writes no edge.
 */
export async function upsertNodes(tx: Tx, b: CleanBatch): Promise<NodePhase> {
  const res: UpsertResult = { nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0, unchanged: 0 };
  const { given, endpoints, removeEnds } = batchKeys(b);

  // Stored state, in one statement: full for the nodes given, internal id only for bare endpoints.
  const idOf = new Map<string, number>();
  const stored = new Map<string, StoredNode>();
  const reads = [...[...given].map((k) => ({ k, full: true })), ...[...endpoints, ...removeEnds].map((k) => ({ k, full: false }))];
  for (const rows of chunks(reads)) {
    for (const r of await tx.run(readNodes(rows))) {
      idOf.set(r.key as string, r.id as number);
      if (r.p) stored.set(r.key as string, storedNode(r));
    }
  }
  // The given nodes stored that the batch changes: take their write locks, by ascending internal id
  // (two batches never wait on each other in a cycle here), and read them again, so that the merge
  // starts from a state no other transaction can change before this one ends (else a concurrent
  // merge into the same node, having read the same ids, would overwrite them). What the batch leaves
  // unchanged needs no lock: ids only grow, so it is merged already whatever was committed since.
  const keyOf = new Map<number, string>(); // internal id -> key, of the stored nodes the batch changes
  const unchanged = new Set<string>();
  for (const n of b.nodes) {
    const old = stored.get(n.key);
    if (!old) continue;
    if (merged(old, n)) keyOf.set(old.id, n.key);
    else unchanged.add(n.key);
  }
  const changing = [...keyOf.keys()].sort((x, y) => x - y);
  for (const c of chunks(changing)) {
    const rows = await tx.run(lockNodes(c));
    // One row per id, under the key first read: else the node was deleted since (no row) or its
    // internal id reused (another key), and the stale entry would send the update to the wrong node.
    const locked = new Set(rows.map((r) => r.id as number));
    const bad = c.find((id) => !locked.has(id)) ?? (rows.find((r) => r.key !== keyOf.get(r.id as number))?.id as number | undefined);
    if (bad !== undefined) {
      const key = keyOf.get(bad);
      throw new LgError('LG_CONFLICT', `a concurrent write deleted or replaced the stored node '${key}' while writing a batch; retry the batch`, { key });
    }
    for (const r of rows) stored.set(r.key as string, storedNode(r));
  }
  const existed = new Set(idOf.keys());

  const creates: NewNodeRow[] = [];
  const updates: NodeUpdateRow[] = [];
  for (const n of b.nodes) {
    const old = stored.get(n.key);
    if (!old) {
      res.nodesCreated++;
      creates.push(newNode(n.key, n.kind, n.ids, n.props));
      continue;
    }
    // merged again for the nodes just locked: their state was read anew
    const m = unchanged.has(n.key) ? null : merged(old, n);
    if (!m) {
      res.unchanged++;
      continue;
    }
    res.nodesUpdated++;
    updates.push({ id: old.id, ...m });
  }
  // A bare endpoint (edge end neither given nor stored) is a node the batch creates (graph/conformance pins this).
  for (const key of endpoints) {
    if (idOf.has(key)) continue;
    res.nodesCreated++;
    creates.push(newNode(key, kindOfKey(key), [], {}));
  }
  for (let s = 0; s < creates.length; s += CHUNK) {
    const part = creates.slice(s, s + CHUNK);
    const [r] = await tx.run(createNodes(part.map((c, i) => ({ i, kind: c.kind, all: c.all }))));
    const is = (r?.i ?? []) as number[];
    const ids = (r?.id ?? []) as number[];
    is.forEach((i, j) => idOf.set(part[i]!.key, ids[j]!));
  }
  const aliased = creates.filter((r) => r.aliases.length > 0).map((r) => ({ id: idOf.get(r.key)!, aliases: r.aliases }));
  for (const c of chunks(aliased)) await tx.run(linkAliases(c));
  for (const c of chunks(updates)) await tx.run(updateNodes(c));
  return { res, idOf, existed };
}

/**
 * Edge phase, after the node phase of the same batch has been applied (in this transaction or a
 * committed one): writes and removes the batch's edges, adding to `p.res`.
 */
export async function upsertEdges(tx: Tx, b: CleanBatch, p: NodePhase): Promise<void> {
  const { res, idOf, existed } = p;
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);

  // Edges between two nodes that existed before may exist already: read those; the rest are new.
  const maybe = b.edges.map((e, i) => ({ i, kind: e.kind, a: idOf.get(e.from)!, b: idOf.get(e.to)! })).filter((_, i) => existed.has(b.edges[i]!.from) && existed.has(b.edges[i]!.to));
  const old = new Map<number, StoredEdge>();
  for (const c of chunks(maybe)) for (const r of await tx.run(readEdges(c))) old.set(r.i as number, { at: r.at, until: r.until, qty: r.qty, uom: r.uom });
  // An edge created by this batch and removed by it is neither created nor removed (never written).
  const ident = (e: { kind: string; from: string; to: string }) => `${e.kind}|${e.from}|${e.to}`;
  const fresh = new Set(b.edges.filter((_, i) => !old.has(i)).map(ident));
  const dropped = new Set(b.removeEdges.map(ident).filter((k) => fresh.has(k)));
  const creating: (EdgeRow & { kind: EdgeKind })[] = [];
  const merging = new Map<EdgeKind, EdgeRow[]>();
  b.edges.forEach((e, i) => {
    if (dropped.has(ident(e))) return;
    const o = old.get(i);
    const row = { a: idOf.get(e.from)!, b: idOf.get(e.to)!, at: e.at, until: e.until, qty: e.qty, uom: e.uom || null };
    if (o && same(o, e)) return void res.unchanged++;
    if (o) res.edgesUpdated++;
    else res.edgesCreated++;
    // New endpoint: nobody else can have an edge to it yet, so CREATE; otherwise MERGE (a concurrent batch may add it).
    if (existed.has(e.from) && existed.has(e.to)) push(merging, e.kind, row);
    else creating.push({ kind: e.kind, ...row });
  });
  for (const c of chunks(creating)) await tx.run(createEdges(c));
  for (const [kind, rows] of merging) for (const c of chunks(rows)) await tx.run(mergeEdges(kind, c));

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
}

const storedNode = (r: Row): StoredNode => ({ id: r.id as number, ids: storedIds(r.key as string, r.ids), props: decodeProps(r.p as Record<string, unknown>) });

/** What merging `n` into its stored state writes: the ids (a union, null when left out), the changed props (encoded), the aliases to link; null when nothing changes. */
function merged(old: StoredNode, n: CleanNode): Omit<NodeUpdateRow, 'id'> | null {
  const ids = [...new Set([...old.ids, ...n.ids])];
  const changed = Object.entries(n.props).filter(([k, v]) => !(k in old.props) || JSON.stringify(old.props[k]) !== JSON.stringify(v));
  if (ids.length === old.ids.length && changed.length === 0) return null;
  const known = new Set(old.ids.map((s) => s.toLowerCase()));
  return { ids: idsToStore(n.key, ids), props: encodeProps(Object.fromEntries(changed)), aliases: aliasNodes(n.key, n.ids.filter((s) => !known.has(s.toLowerCase()))) };
}

function newNode(key: string, kind: NodeKind, ids: string[], props: Props): NewNodeRow {
  const stored = idsToStore(key, ids);
  const all = { key, kind, llabel: llabelOf(key), ...(stored ? { ids: stored } : {}), ...encodeProps(props) };
  return { key, kind, all, aliases: aliasNodes(key, ids) };
}


/**
 * The ids that need an `:Alias` node: lowercased, minus the one equal to the node's label, which
 * lookup finds through the `llabel` index instead (most ids are the label: one write saved per node).
 */
function aliasNodes(key: string, ids: string[]): string[] {
  const label = llabelOf(key);
  return [...new Set(ids.map((s) => s.toLowerCase()))].filter((a) => a !== label);
}

/** An edge's attributes as stored (absent properties read as null). */
interface StoredEdge {
  at: unknown;
  until: unknown;
  qty: unknown;
  uom: unknown;
}

function same(o: StoredEdge, e: CleanEdge): boolean {
  return (o.at ?? null) === e.at && (o.until ?? null) === e.until && (o.qty ?? null) === e.qty && (o.uom ?? null) === (e.uom || null);
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}
