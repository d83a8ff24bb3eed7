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

/** The server's page cache size as configured (`value` e.g. '512.00MiB'; needs an admin user, as `neo4j` is). */
export function pageCacheSetting(): Statement {
  return { text: /* cypher */ "SHOW SETTINGS YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value", params: {} };
}

/** Bytes of a Neo4j size setting such as '512.00MiB' or '2.00GiB' (null when it is not one). */
export function sizeInBytes(v: unknown): number | null {
  const m = /^([\d.]+)\s*([KMGT]?i?B)?$/i.exec(String(v ?? '').trim());
  if (!m) return null;
  const unit = (m[2] ?? 'B').toUpperCase().replace('I', '');
  const exp = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4 }[unit];
  return exp === undefined ? null : Math.round(Number(m[1]) * 1024 ** exp);
}
