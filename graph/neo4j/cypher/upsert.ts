/**
 * Write statements. Labels and relationship types come from the fixed vocabulary (checked here),
 * values always from `$rows`. New nodes and new edges of every kind go in one statement each, the
 * label or type given per row as a dynamic label (`:$(r.kind)`, Neo4j 5.26), so a typical batch is
 * three round trips (read, create nodes, create edges) whatever kinds it holds; the rarer paths
 * (MERGE of edges between stored nodes, removals) group rows by kind so the type is a literal the
 * planner sees. Nodes and edges the batch knows to be new are CREATEd (no MERGE probe); a
 * concurrent creator of the same key trips the unique constraint and the whole batch is retried
 * (upsert.ts).
 */
import { EDGE_KINDS, NODE_KINDS, type EdgeKind, type NodeKind } from '../../model.ts';
import type { CleanBatch } from '../../validate-batch.ts';
import { lastPart } from '../props-codec.ts';
import type { Statement } from './statement.ts';

/** A changed node: its internal id, the new ids list (null: left out, props-codec.ts idsToStore), changed props (encoded), aliases to link. */
export interface NodeUpdateRow {
  id: number;
  ids: string[] | null;
  props: Record<string, string>;
  aliases: string[];
}

/** An edge row by internal node ids. */
export interface EdgeRow {
  a: number;
  b: number;
  at: number | null;
  /** PACKED_INTO only: the end of the containment (null: open, not stored). */
  until: number | null;
  qty: number | null;
  uom: string | null;
}

/** The lowercased last part of a key, as stored (indexed) in `llabel`. */
export const llabelOf = (key: string): string => lastPart(key).toLowerCase();

/**
 * The keys a batch names, in first-seen order: its given nodes, the edge ends it does not give
 * (`endpoints`, created bare when not stored), and the removal ends that are neither (`removeEnds`,
 * only looked up). Both write paths read or send them in this order.
 */
export function batchKeys(b: CleanBatch): { given: Set<string>; endpoints: Set<string>; removeEnds: Set<string> } {
  const given = new Set(b.nodes.map((n) => n.key));
  const endpoints = new Set<string>();
  for (const e of b.edges) {
    if (!given.has(e.from)) endpoints.add(e.from);
    if (!given.has(e.to)) endpoints.add(e.to);
  }
  const removeEnds = new Set<string>();
  for (const r of b.removeEdges) for (const k of [r.from, r.to]) if (!given.has(k) && !endpoints.has(k)) removeEnds.add(k);
  return { given, endpoints, removeEnds };
}

/** Backquotes a node label after checking it is one of ours. */
export function label(kind: NodeKind): string {
  if (!NODE_KINDS.includes(kind)) throw new Error(`not a node kind: ${String(kind)}`);
  return '`' + kind + '`';
}

/** Backquotes a relationship type after checking it is one of ours. */
export function relType(kind: EdgeKind): string {
  if (!EDGE_KINDS.includes(kind)) throw new Error(`not an edge kind: ${String(kind)}`);
  return '`' + kind + '`';
}

/** A key to read: `full` also returns its ids and properties (nodes the batch gives), else only the internal id (bare edge ends). */
export interface KeyRow {
  k: string;
  full: boolean;
}

/** Internal ids of the stored keys (absent keys return no row); ids and properties too for rows with `full`. */
export function readNodes(rows: KeyRow[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (n:Node {key: r.k})
RETURN r.k AS key, id(n) AS id, CASE WHEN r.full THEN n.ids END AS ids, CASE WHEN r.full THEN properties(n) END AS p`,
    params: { rows },
  };
}

/**
 * Takes the write locks of stored nodes (by internal id, in the order given: callers sort), then
 * returns their state as readNodes does with `full`. Setting `key` to itself takes the node's
 * exclusive lock (the kernel locks before comparing the values) and, the value being the same,
 * changes nothing (cypher-lock.test.ts pins that it blocks a second locker). Each row's RETURN reads
 * its node after that node's own SET, so under its lock: correctness does not depend on the Eager
 * the planner may put after the SET (an Eager only makes every lock come before any read).
 * No row for an id means the node is gone (the caller checks).
 */
export function lockNodes(ids: number[]): Statement {
  return {
    text: /* cypher */ `UNWIND $ids AS i
MATCH (n) WHERE id(n) = i
SET n.key = n.key
RETURN n.key AS key, id(n) AS id, n.ids AS ids, properties(n) AS p`,
    params: { ids },
  };
}

/**
 * Creates nodes of any kinds from `{ i, kind, all }` rows (`kind` a node kind, the second label).
 * Returns one row: the rows' `i` and the new internal ids, paired by position.
 */
export function createNodes(rows: { i: number; kind: NodeKind; all: Record<string, unknown> }[]): Statement {
  for (const r of rows) label(r.kind);
  return {
    text: /* cypher */ `UNWIND $rows AS r
CREATE (n:Node:$(r.kind))
SET n = r.all
RETURN collect(r.i) AS i, collect(id(n)) AS id`,
    params: { rows },
  };
}

/** Links new nodes (by internal id) to their aliases (a separate statement: most nodes have none). */
export function linkAliases(rows: { id: number; aliases: string[] }[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (n) WHERE id(n) = r.id
UNWIND r.aliases AS a
MERGE (x:Alias {v: a})
CREATE (x)-[:ALIAS_OF]->(n)`,
    params: { rows },
  };
}

/** Updates stored nodes: new ids list, changed props merged in, new aliases linked. */
export function updateNodes(rows: NodeUpdateRow[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (n) WHERE id(n) = r.id
SET n.ids = r.ids, n += r.props
WITH n, r
UNWIND r.aliases AS a
MERGE (x:Alias {v: a})
MERGE (x)-[:ALIAS_OF]->(n)`,
    params: { rows },
  };
}

/** The stored attributes of edges between stored nodes, identified by (kind, a, b); `i` echoes the row index. */
export function readEdges(rows: { i: number; kind: EdgeKind; a: number; b: number }[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (a) WHERE id(a) = r.a
MATCH (b) WHERE id(b) = r.b
MATCH (a)-[e]->(b) WHERE type(e) = r.kind
RETURN r.i AS i, e.at AS at, e.until AS until, e.qty AS qty, e.uom AS uom`,
    params: { rows },
  };
}

/** Creates edges of any kinds between nodes given by internal id (`at`, `until` stored as integers; null properties are not stored). */
export function createEdges(rows: (EdgeRow & { kind: EdgeKind })[]): Statement {
  for (const r of rows) relType(r.kind);
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (a) WHERE id(a) = r.a
MATCH (b) WHERE id(b) = r.b
CREATE (a)-[e:$(r.kind) {at: toInteger(r.at), until: toInteger(r.until), qty: r.qty, uom: r.uom}]->(b)`,
    params: { rows },
  };
}

/** Writes edges of one kind that may exist (both ends stored before): MERGE by (kind, a, b), then set the attributes (null removes one). */
export function mergeEdges(kind: EdgeKind, rows: EdgeRow[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (a) WHERE id(a) = r.a
MATCH (b) WHERE id(b) = r.b
MERGE (a)-[e:${relType(kind)}]->(b)
SET e.at = toInteger(r.at), e.until = toInteger(r.until), e.qty = r.qty, e.uom = r.uom`,
    params: { rows },
  };
}

/** Deletes edges of one kind between stored nodes; returns how many existed. */
export function removeEdges(kind: EdgeKind, rows: { a: number; b: number }[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (a) WHERE id(a) = r.a
MATCH (b) WHERE id(b) = r.b
MATCH (a)-[e:${relType(kind)}]->(b)
DELETE e
RETURN count(*) AS removed`,
    params: { rows },
  };
}
