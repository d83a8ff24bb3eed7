/**
 * Traces through the server-side procedure `lotgraph.trace` (graph/neo4j/server, plugin jar): the
 * breadth-first search runs once in the server with a visited set and answers with one row of
 * packed strings (keys joined by '\n', parent indexes joined by ','), so neither
 * Cypher's per-edge expansion nor a per-node decode in the driver is paid. Used when the plugin is
 * installed (`procProbe` at open); otherwise the adapter runs cypher/trace.ts.
 *
 * Measured at M (heaviest lot, 74,154 nodes) and S: see graph/neo4j/server/README.md.
 */
import { FLOW_EDGE_KINDS } from '../../model.ts';
import { propName } from '../props-codec.ts';
import type { Statement } from './statement.ts';

/** The procedure's name (its signature is pinned by `procProbe`). */
export const TRACE_PROCEDURE = 'lotgraph.trace';

export interface ProcOptions {
  way: 'out' | 'in';
  maxDepth: number;
  asOf?: number | undefined;
  /** Node cap (ignored by recalls, which cap in the client: the capped visit is a prefix of the full one). */
  limit: number;
}

function args(o: ProcOptions, withEdges: boolean): Record<string, unknown> {
  if (!Number.isInteger(o.maxDepth) || o.maxDepth < 0) throw new Error(`bad maxDepth ${o.maxDepth}`);
  if (!Number.isInteger(o.limit) || o.limit < 1) throw new Error(`bad limit ${o.limit}`);
  return { types: [...FLOW_EDGE_KINDS], way: o.way, maxDepth: o.maxDepth, asOf: o.asOf ?? null, limit: o.limit, withEdges };
}

const CALL = `CALL ${TRACE_PROCEDURE}(%SEEDS%, $types, $way, $maxDepth, $asOf, $limit, $withEdges)`;
const call = (seeds: string): string => CALL.replace('%SEEDS%', seeds);

/** Calls the procedure with no seeds: succeeds (one empty row) exactly when a compatible plugin is installed. */
export function procProbe(): Statement {
  return { text: /* cypher */ `${call('[]')} YIELD truncated RETURN truncated`, params: args({ way: 'out', maxDepth: 0, limit: 1 }, false) };
}

/**
 * A trace from the node with key `$key`, origin view included, in one auto-commit round trip (no row
 * when no node has that key). Row `{ id, key, kind, ids, p, keys, parents, truncated }`.
 */
export function procTraceByKey(key: string, o: ProcOptions): Statement {
  return {
    text: /* cypher */ `MATCH (o:Node {key: $key})
${call('[id(o)]')} YIELD keys, parents, truncated
RETURN id(o) AS id, o.key AS key, o.kind AS kind, o.ids AS ids, properties(o) AS p, keys, parents, truncated`,
    params: { key, ...args(o, false) },
  };
}

/** A trace from seeds by internal id: one row `{ keys, parents, truncated }`. */
export function procTrace(seeds: number[], o: ProcOptions): Statement {
  return {
    text: /* cypher */ `${call('$seeds')} YIELD keys, parents, truncated\nRETURN keys, parents, truncated`,
    params: { seeds, ...args(o, false) },
  };
}

const p = (name: string) => '`' + propName(name) + '`';

/**
 * A recall closure (forward, uncapped) with what the recall summary reads, in one row:
 * `keys`, `parents`, `ids`, `adj`, `qty`, `uom` from the procedure (see TraceProcedure.java), plus
 * `cols`, a list `[index, category, quantity, uom, name, unitOf, produced, shippedAt]` for each
 * reached lot, serial, customer and shipment (same columns as cypher/trace.ts `recall`), and, with
 * seeds by key, `seeds`: `[id, key, kind, ids, properties]` of each seed found.
 */
export function procRecall(seeds: number[] | { keys: string[] }, o: Omit<ProcOptions, 'way'>): Statement {
  const byKey = !Array.isArray(seeds);
  const and = o.asOf === undefined ? '' : ' AND (e.at IS NULL OR e.at <= $asOf)';
  const head = byKey
    ? /* cypher */ `UNWIND $keys AS k
MATCH (o:Node {key: k})
WITH collect(o) AS os
${call('[o IN os | id(o)]')} YIELD keys, parents, ids, adj, qty, uom`
    : /* cypher */ `${call('$seeds')} YIELD keys, parents, ids, adj, qty, uom`;
  return {
    text: /* cypher */ `${head}
CALL (ids) {
  WITH [x IN split(ids, ',') | toInteger(x)] AS nids
  UNWIND range(0, size(nids) - 1) AS i
  MATCH (n) WHERE id(n) = nids[i] AND (n:Lot OR n:Serial OR n:Customer OR n:Shipment)
  OPTIONAL MATCH (m:Node {key: CASE WHEN n:Lot OR n:Serial THEN 'material:' + split(n.key, ':')[1] END})
  RETURN collect([i, m.${p('category')},
    CASE WHEN n:Lot THEN n.${p('quantity')} END,
    CASE WHEN n:Lot THEN n.${p('uom')} END,
    CASE WHEN n:Customer THEN n.${p('name')} END,
    CASE WHEN n:Serial THEN [(n)<-[e:HAS_UNIT]-(x) WHERE true${and} | [id(e), x.key]] END,
    CASE WHEN n:Lot THEN [(n)<-[e:PRODUCED]-() WHERE true${and} | [id(e), e.qty, e.uom]] END,
    CASE WHEN n:Shipment THEN [(n)<-[e:SHIPPED_IN]-() WHERE e.at IS NOT NULL${and} | e.at] END]) AS cols
}
RETURN keys, parents, ids, adj, qty, uom, cols${byKey ? ', [o IN os | [id(o), o.key, o.kind, o.ids, properties(o)]] AS seeds' : ''}`,
    params: { ...(byKey ? { keys: seeds.keys } : { seeds }), ...args({ ...o, way: 'out' }, true) },
  };
}
