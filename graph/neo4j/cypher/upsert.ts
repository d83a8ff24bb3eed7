/**
 * Write statements. Labels and relationship types come from the fixed vocabulary (checked here),
 * values always from `$rows`. Callers group rows by kind so every type is a literal the planner sees.
 * Nodes and edges the batch knows to be new are CREATEd (no MERGE probe); a concurrent creator of
 * the same key trips the unique constraint and the whole batch is retried (upsert.ts).
 */
import { EDGE_KINDS, NODE_KINDS, type EdgeKind, type NodeKind } from '../../model.ts';
import type { Statement } from './statement.ts';

/** A new node: every stored property in one map, plus the lowercased aliases to link. */
export interface NewNodeRow {
  key: string;
  all: Record<string, unknown>;
  aliases: string[];
}

/** A changed node: its internal id, the new ids list, changed props (encoded), aliases to link. */
export interface NodeUpdateRow {
  id: number;
  ids: string[];
  props: Record<string, string>;
  aliases: string[];
}

/** An edge row by internal node ids. */
export interface EdgeRow {
  a: number;
  b: number;
  at: number | null;
  qty: number | null;
  uom: string | null;
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

/** Internal ids of the stored keys (absent keys return no row); with `full`, their ids and properties too. */
export function readNodes(keys: string[], full: boolean): Statement {
  const more = full ? ', n.ids AS ids, properties(n) AS p' : '';
  return { text: /* cypher */ `UNWIND $keys AS k MATCH (n:Node {key: k}) RETURN k AS key, id(n) AS id${more}`, params: { keys } };
}

/** Creates nodes of one kind from `{ key, all }` rows; returns their internal ids. */
export function createNodes(kind: NodeKind, rows: Pick<NewNodeRow, 'key' | 'all'>[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
CREATE (n:Node:${label(kind)})
SET n = r.all
RETURN r.key AS key, id(n) AS id`,
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
RETURN r.i AS i, e.at AS at, e.qty AS qty, e.uom AS uom`,
    params: { rows },
  };
}

/**
 * Writes edges of one kind (`at` stored as an integer; null removes a property). `fresh`: an
 * endpoint was created by this transaction, so the edge cannot exist and is CREATEd; otherwise MERGE.
 */
export function writeEdges(kind: EdgeKind, rows: EdgeRow[], fresh: boolean): Statement {
  const write = fresh
    ? `CREATE (a)-[e:${relType(kind)} {at: toInteger(r.at), qty: r.qty, uom: r.uom}]->(b)`
    : `MERGE (a)-[e:${relType(kind)}]->(b)\nSET e.at = toInteger(r.at), e.qty = r.qty, e.uom = r.uom`;
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (a) WHERE id(a) = r.a
MATCH (b) WHERE id(b) = r.b
${write}`,
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
