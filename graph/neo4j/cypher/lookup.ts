/** Node lookup by key, alias or prefix, and node views by internal id. */
import type { Statement } from './statement.ts';

const VIEW = 'id(n) AS id, n.key AS key, n.kind AS kind, n.ids AS ids, properties(n) AS p';

/** The node with this exact key. */
export function nodeByKey(key: string): Statement {
  return { text: /* cypher */ `MATCH (n:Node {key: $key}) RETURN ${VIEW}`, params: { key } };
}

/**
 * Nodes that carry this identifier (case-insensitive), in creation order: through an `:Alias` node,
 * or, for an id equal to the node's label (stored without an alias node), through `llabel`.
 */
export function nodesByAlias(alias: string): Statement {
  return {
    text: /* cypher */ `CALL {
  MATCH (:Alias {v: $v})-[:ALIAS_OF]->(n:Node) RETURN n
  UNION
  MATCH (n:Node {llabel: $v}) WHERE any(i IN n.ids WHERE toLower(i) = $v) RETURN n
}
RETURN ${VIEW} ORDER BY id ASC`,
    params: { v: alias.toLowerCase() },
  };
}

/** Views of nodes by internal id (order of the rows is not the order of `ids`). */
export function nodesById(ids: number[]): Statement {
  return { text: /* cypher */ `UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN ${VIEW}`, params: { ids } };
}

/**
 * Nodes whose lowercased key, last key part or alias starts with `$q` (already lowercased), the
 * first `$limit` of each kind of match in creation order (the embedded store scans in that order).
 */
export function searchPrefix(q: string, limit: number): Statement {
  return {
    text: /* cypher */ `CALL {
  MATCH (n:Node) WHERE n.lkey STARTS WITH $q RETURN n ORDER BY id(n) LIMIT toInteger($limit)
  UNION
  MATCH (n:Node) WHERE n.llabel STARTS WITH $q RETURN n ORDER BY id(n) LIMIT toInteger($limit)
  UNION
  MATCH (a:Alias) WHERE a.v STARTS WITH $q MATCH (a)-[:ALIAS_OF]->(n:Node) RETURN n ORDER BY id(n) LIMIT toInteger($limit)
}
WITH DISTINCT n
RETURN ${VIEW} ORDER BY id ASC LIMIT toInteger($limit)`,
    params: { q, limit },
  };
}

/** Views of nodes by key (absent keys return no row). */
export function nodesByKeys(keys: string[]): Statement {
  return { text: /* cypher */ `UNWIND $keys AS k MATCH (n:Node {key: k}) RETURN ${VIEW}`, params: { keys } };
}
