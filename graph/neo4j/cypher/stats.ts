/** Counts by node label and relationship type, answered from Neo4j's count store (no scan). */
import { EDGE_KINDS, NODE_KINDS } from '../../model.ts';
import { label, relType } from './upsert.ts';
import type { Statement } from './statement.ts';

/** Rows `{ what: 'node'|'edge', kind, n }`, one per kind. */
export function countsByKind(): Statement {
  const parts = [
    ...NODE_KINDS.map((k) => `MATCH (n:${label(k)}) RETURN 'node' AS what, '${k}' AS kind, count(n) AS n`),
    ...EDGE_KINDS.map((k) => `MATCH ()-[r:${relType(k)}]->() RETURN 'edge' AS what, '${k}' AS kind, count(r) AS n`),
  ];
  return { text: /* cypher */ parts.join('\nUNION ALL\n'), params: {} };
}
