/**
 * Write statements. Labels and relationship types come from the fixed vocabulary (checked here),
 * values always from `$rows`. Callers group rows by kind so every type is a literal the planner sees.
 */
import { EDGE_KINDS, NODE_KINDS, type EdgeKind, type NodeKind } from '../../model.ts';
import type { Statement } from './statement.ts';

/** A node row for `writeNodes`: props already encoded, `aliases` = lowercased ids not yet linked. */
export interface NodeRow {
  key: string;
  kind: NodeKind;
  lkey: string;
  llabel: string;
  ids: string[];
  props: Record<string, string>;
  aliases: string[];
}

/** An edge row for `writeEdges`. */
export interface EdgeRow {
  from: string;
  to: string;
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

/** The stored state of the given keys (absent keys return no row). */
export function readNodes(keys: string[]): Statement {
  return {
    text: /* cypher */ 'UNWIND $keys AS k MATCH (n:Node {key: k}) RETURN n.key AS key, n.ids AS ids, properties(n) AS p',
    params: { keys },
  };
}

/** Creates or updates nodes of one kind; links new aliases. */
export function writeNodes(kind: NodeKind, rows: NodeRow[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MERGE (n:Node {key: r.key})
ON CREATE SET n:${label(kind)}, n.kind = r.kind, n.lkey = r.lkey, n.llabel = r.llabel
SET n.ids = r.ids, n += r.props
WITH n, r
UNWIND r.aliases AS a
MERGE (x:Alias {v: a})
MERGE (x)-[:ALIAS_OF]->(n)`,
    params: { rows },
  };
}

/** The stored attributes of edges identified by (kind, from, to); `i` echoes the row index. */
export function readEdges(rows: { i: number; kind: EdgeKind; from: string; to: string }[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (a:Node {key: r.from})-[e]->(b:Node {key: r.to})
WHERE type(e) = r.kind
RETURN r.i AS i, e.at AS at, e.qty AS qty, e.uom AS uom`,
    params: { rows },
  };
}

/** Creates or replaces edges of one kind (`at` stored as an integer; null removes the property). */
export function writeEdges(kind: EdgeKind, rows: EdgeRow[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (a:Node {key: r.from})
MATCH (b:Node {key: r.to})
MERGE (a)-[e:${relType(kind)}]->(b)
SET e.at = toInteger(r.at), e.qty = r.qty, e.uom = r.uom`,
    params: { rows },
  };
}

/** Deletes edges of one kind; returns how many existed. */
export function removeEdges(kind: EdgeKind, rows: { from: string; to: string }[]): Statement {
  return {
    text: /* cypher */ `UNWIND $rows AS r
MATCH (:Node {key: r.from})-[e:${relType(kind)}]->(:Node {key: r.to})
DELETE e
RETURN count(*) AS removed`,
    params: { rows },
  };
}
