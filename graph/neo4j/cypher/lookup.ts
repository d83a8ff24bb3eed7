/** Node lookup by key, alias or prefix, and node views by internal id. */
import type { Statement } from './statement.ts';

const VIEW = 'id(n) AS id, n.key AS key, n.kind AS kind, n.ids AS ids, properties(n) AS p';

/** The nodes with these exact keys (those stored). */
export function nodesByKey(keys: readonly string[]): Statement {
  return { text: /* cypher */ `UNWIND $keys AS k MATCH (n:Node {key: k}) RETURN ${VIEW}`, params: { keys: [...keys] } };
}

/** The node with this exact key. */
export function nodeByKey(key: string): Statement {
  return { text: /* cypher */ `MATCH (n:Node {key: $key}) RETURN ${VIEW}`, params: { key } };
}

/**
 * Nodes that carry this identifier (case-insensitive), in creation order: through an `:Alias` node,
 * or, for an id equal to the node's label (stored without an alias node), through `llabel`. A node
 * without `ids` holds just its label (props-codec.ts idsToStore), which `llabel` equals lowercased.
 */
export function nodesByAlias(alias: string): Statement {
  return {
    text: /* cypher */ `CALL {
  MATCH (:Alias {v: $v})-[:ALIAS_OF]->(n:Node) RETURN n
  UNION
  MATCH (n:Node {llabel: $v}) WHERE n.ids IS NULL OR any(i IN n.ids WHERE toLower(i) = $v) RETURN n
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
 *
 * Keys are not stored lowercased (a second copy of every key, and its index, cost ~10% of a bulk
 * load), so the key part seeks the key's own unique index once per case variant of `q`
 * (keyPrefixes) and keeps the keys that match lowercased.
 */
export function searchPrefix(q: string, limit: number): Statement {
  return {
    text: /* cypher */ `CALL {
  UNWIND $prefixes AS p
  MATCH (n:Node) WHERE n.key STARTS WITH p AND toLower(n.key) STARTS WITH $q
  RETURN n ORDER BY id(n) LIMIT toInteger($limit)
  UNION
  MATCH (n:Node) WHERE n.llabel STARTS WITH $q RETURN n ORDER BY id(n) LIMIT toInteger($limit)
  UNION
  MATCH (a:Alias) WHERE a.v STARTS WITH $q MATCH (a)-[:ALIAS_OF]->(n:Node) RETURN n ORDER BY id(n) LIMIT toInteger($limit)
}
WITH DISTINCT n
RETURN ${VIEW} ORDER BY id ASC LIMIT toInteger($limit)`,
    params: { q, prefixes: keyPrefixes(q), limit },
  };
}

/** Most key prefixes one search seeks; the rest of `q` is matched on the keys found. */
export const MAX_KEY_PREFIXES = 64;

/**
 * The prefixes a key must start with for its lowercase to start with `q` (lowercase): every case
 * variant of `q`, or of its longest start that has at most `max` of them. A key's kind prefix (up
 * to its first ':') is lowercase (keys.ts), so only what follows the first ':' varies. Variants of
 * a character are those whose lowercase it is (for 'k' also U+212A KELVIN SIGN); a capital whose
 * lowercase is two characters (U+0130) is not found by its lowercase.
 */
export function keyPrefixes(q: string, max = MAX_KEY_PREFIXES): string[] {
  const colon = q.indexOf(':');
  if (colon < 0) return [q];
  let out = [q.slice(0, colon + 1)];
  for (const c of q.slice(colon + 1)) {
    const vs = caseVariants(c);
    if (out.length * vs.length > max) break;
    out = vs.length === 1 ? out.map((p) => p + c) : out.flatMap((p) => vs.map((v) => p + v));
  }
  return out;
}

let upperOf: Map<string, string[]> | undefined;

/** `c` and the characters whose lowercase is `c` (one code unit or one code point each). */
function caseVariants(c: string): string[] {
  if (c >= 'a' && c <= 'z') return c === 'k' ? [c, 'K', '\u212a'] : [c, c.toUpperCase()];
  if (c.charCodeAt(0) < 0x80) return [c];
  if (!upperOf) {
    upperOf = new Map();
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const u = String.fromCodePoint(cp);
      const l = u.toLowerCase();
      if (l === u || [...l].length !== 1) continue;
      const list = upperOf.get(l);
      if (list) list.push(u);
      else upperOf.set(l, [u]);
    }
  }
  return [c, ...(upperOf.get(c) ?? [])];
}

/** Views of nodes by key (absent keys return no row). */
export function nodesByKeys(keys: string[]): Statement {
  return { text: /* cypher */ `UNWIND $keys AS k MATCH (n:Node {key: k}) RETURN ${VIEW}`, params: { keys } };
}
