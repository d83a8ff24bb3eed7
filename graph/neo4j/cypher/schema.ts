/**
 * Schema, created idempotently at open. Every node has the common label `:Node` (unique `key`)
 * plus its kind as a label; the lowercased label (`llabel`) for case-insensitive lookup; aliases
 * as `:Alias` nodes (a range index cannot serve membership in a list property); time indexes on
 * the edges the recall windows filter.
 */
import type { Statement } from './statement.ts';

/** Schema statements, each idempotent (`IF NOT EXISTS`, `IF EXISTS`). */
export function schemaStatements(): Statement[] {
  const texts = [
    /* cypher */ 'CREATE CONSTRAINT lg_node_key IF NOT EXISTS FOR (n:Node) REQUIRE n.key IS UNIQUE',
    /* cypher */ 'CREATE CONSTRAINT lg_alias_v IF NOT EXISTS FOR (a:Alias) REQUIRE a.v IS UNIQUE',
    // keys were once stored lowercased too (`lkey`), for search; its index only slows writes now (lookup.ts searchPrefix)
    /* cypher */ 'DROP INDEX lg_node_lkey IF EXISTS',
    /* cypher */ 'CREATE INDEX lg_node_llabel IF NOT EXISTS FOR (n:Node) ON (n.llabel)',
    /* cypher */ 'CREATE INDEX lg_used_in_at IF NOT EXISTS FOR ()-[r:USED_IN]-() ON (r.at)',
    /* cypher */ 'CREATE INDEX lg_supplied_at IF NOT EXISTS FOR ()-[r:SUPPLIED]-() ON (r.at)',
  ];
  return texts.map((text) => ({ text, params: {} }));
}

/** Waits until the indexes are online (a fresh constraint is populated asynchronously). */
export const awaitIndexes = (): Statement => ({ text: /* cypher */ 'CALL db.awaitIndexes(300)', params: {} });

/**
 * Deletes everything, in batches so a large graph never needs one huge transaction (tests, rebuild):
 * relationships first, then the nodes, which have none left. A `DETACH DELETE` per node would put
 * every relationship of a dense node (a site, a common lot: hundreds of thousands at M scale) into
 * one inner transaction and exceed the server's transaction memory limit. Run in this order, each
 * as an auto-commit statement.
 */
export const clearAll = (): Statement[] => [
  { text: /* cypher */ 'MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 20000 ROWS', params: {} },
  { text: /* cypher */ 'MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 20000 ROWS', params: {} },
];
