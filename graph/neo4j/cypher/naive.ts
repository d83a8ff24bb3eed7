/**
 * The Cypher a Neo4j user would write without lotgraph: variable-length flow patterns from the
 * origin. They enumerate paths, not nodes, so they explode on genealogy fan-out; the bench runs
 * them under a transaction time limit to show it. Never used by the adapter itself.
 */
import { FLOW_EDGE_KINDS } from '../../model.ts';
import { typeList } from './expand.ts';
import type { Statement } from './statement.ts';

const FLOW = typeList(FLOW_EDGE_KINDS);

/** Every node reachable from the origin (origin included), as DISTINCT keys. */
export function naiveTrace(key: string, direction: 'forward' | 'backward'): Statement {
  const pattern = direction === 'forward' ? `-[:${FLOW}*0..]->` : `<-[:${FLOW}*0..]-`;
  return { text: /* cypher */ `MATCH (o:Node {key: $key})${pattern}(n) RETURN DISTINCT n.key AS key`, params: { key } };
}

/**
 * Recall of one lot, plainly: the forward reach, its finished lots and serials (material category),
 * shipments reached with their customers; one row per reached node with what the summary needs.
 */
export function naiveRecall(key: string): Statement {
  return {
    text: /* cypher */ `MATCH (o:Node {key: $key})-[:${FLOW}*0..]->(n)
WITH DISTINCT n
OPTIONAL MATCH (n)-[:OF_MATERIAL]->(m:Material)
OPTIONAL MATCH (n)-[:SHIPPED_IN|PACKED_INTO*1..3]->(s:Shipment)
OPTIONAL MATCH (s)-[:DELIVERED_TO]->(c:Customer)
RETURN n.key AS key, n.kind AS kind, m.\`p.category\` AS category, collect(DISTINCT s.key) AS shipments, collect(DISTINCT c.key) AS customers`,
    params: { key },
  };
}
