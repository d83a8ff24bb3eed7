/**
 * Traces through the server-side procedure `lotgraph.trace` (graph/neo4j/server, plugin jar): the
 * breadth-first search runs once in the server with a visited set and answers with one row of
 * packed strings (keys joined by '\n', parent indexes joined by ','), so neither
 * Cypher's per-edge expansion nor a per-node decode in the driver is paid. Used when the plugin is
 * installed (`procProbe` at open); otherwise the adapter runs cypher/trace.ts.
 *
 * Measured at M (heaviest lot, 74,154 nodes) and S: see graph/neo4j/server/README.md.
 */
import { lotKey, materialKey, serialKey } from '../../keys.ts';
import { CONTAINMENT_MARGIN, FLOW_EDGE_KINDS, type EdgeKind } from '../../model.ts';
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

/** In-edges a recall summary reads: a serial's lot, a lot's production and receipts, a shipment's times. */
export const RECALL_IN_EDGES: readonly EdgeKind[] = ['HAS_UNIT', 'PRODUCED', 'SUPPLIED', 'SHIPPED_IN'];

function args(o: ProcOptions, withEdges: boolean): Record<string, unknown> {
  if (!Number.isInteger(o.maxDepth) || o.maxDepth < 0) throw new Error(`bad maxDepth ${o.maxDepth}`);
  if (!Number.isInteger(o.limit) || o.limit < 1) throw new Error(`bad limit ${o.limit}`);
  const inTypes = withEdges ? [...RECALL_IN_EDGES] : [];
  const nodeProps = withEdges ? [...RECALL_NODE_PROPS] : [];
  return { types: [...FLOW_EDGE_KINDS], way: o.way, maxDepth: o.maxDepth, asOf: o.asOf ?? null, limit: o.limit, withEdges, inTypes, nodeProps, engine: 'auto', margin: MARGIN };
}

/**
 * How much the procedure widens a containment (graph/model.ts CONTAINMENT_MARGIN), sent with every
 * call so the vocabulary stays here; a plugin older than containers in time has no such argument,
 * so the probe fails on it and the adapter keeps the Cypher trace (which follows the windows).
 */
const MARGIN = [CONTAINMENT_MARGIN.beforeMs, CONTAINMENT_MARGIN.afterMs];

const CALL = `CALL ${TRACE_PROCEDURE}(%SEEDS%, $types, $way, $maxDepth, $asOf, $limit, $withEdges, $inTypes, $nodeProps, $engine, $margin)`;
const call = (seeds: string): string => CALL.replace('%SEEDS%', seeds);

/**
 * Calls the procedure with no seeds: succeeds (one empty row) exactly when a compatible plugin is
 * installed. It yields `depths`, so a jar that sends no depths (depth not always the parent's + 1
 * once a container is reached again in a later window) counts as no plugin too.
 */
export function procProbe(): Statement {
  return { text: /* cypher */ `${call('[]')} YIELD depths, truncated RETURN truncated`, params: args({ way: 'out', maxDepth: 0, limit: 1 }, false) };
}

/**
 * A trace from the node with key `$key`, origin view included, in one auto-commit round trip (no row
 * when no node has that key). Row `{ id, key, kind, ids, p, keys, parents, depths, truncated }`.
 */
export function procTraceByKey(key: string, o: ProcOptions): Statement {
  return {
    text: /* cypher */ `MATCH (o:Node {key: $key})
${call('[id(o)]')} YIELD keys, parents, depths, truncated
RETURN id(o) AS id, o.key AS key, o.kind AS kind, o.ids AS ids, properties(o) AS p, keys, parents, depths, truncated`,
    params: { key, ...args(o, false) },
  };
}

/** A trace from seeds by internal id: one row `{ keys, parents, depths, truncated }`. */
export function procTrace(seeds: number[], o: ProcOptions): Statement {
  return {
    text: /* cypher */ `${call('$seeds')} YIELD keys, parents, depths, truncated\nRETURN keys, parents, depths, truncated`,
    params: { seeds, ...args(o, false) },
  };
}

const p = (name: string) => '`' + propName(name) + '`';

const prefixOf = (key: string): string => key.slice(0, key.indexOf(':') + 1);

/** Node properties a recall summary reads: a lot's quantity and unit, a customer's name. */
export const RECALL_NODE_PROPS: readonly string[] = ['quantity', 'uom', 'name'].map(propName);

/**
 * A recall closure (forward, uncapped) with what the recall summary reads, in one row:
 * `keys`, `parents`, `depths`, `ids`, `adj`, `qty`, `uom`, `ins` (the RECALL_IN_EDGES), `props` (the
 * RECALL_NODE_PROPS) from the procedure (see TraceProcedure.java), plus `cats`,
 * `[material, category]` once per material of a reached lot or serial (by key: materials are not
 * on the flow path), and, with seeds by key, `seeds`: `[id, key, kind, ids, properties]` of each
 * seed found.
 */
export function procRecall(seeds: number[] | { keys: string[] }, o: Omit<ProcOptions, 'way'>): Statement {
  const byKey = !Array.isArray(seeds);
  const head = byKey
    ? /* cypher */ `UNWIND $keys AS k
MATCH (o:Node {key: k})
WITH collect(o) AS os
${call('[o IN os | id(o)]')} YIELD keys, parents, depths, ids, adj, qty, uom, times, ins, props`
    : /* cypher */ `${call('$seeds')} YIELD keys, parents, depths, ids, adj, qty, uom, times, ins, props`;
  return {
    text: /* cypher */ `${head}
CALL (keys) {
  UNWIND split(keys, '\n') AS k
  WITH k WHERE k STARTS WITH $lotPrefix OR k STARTS WITH $serialPrefix
  WITH DISTINCT split(k, ':')[1] AS mk
  MATCH (m:Node {key: $materialPrefix + mk})
  RETURN collect([mk, m.${p('category')}]) AS cats
}
RETURN keys, parents, depths, ids, adj, qty, uom, times, ins, props, cats${byKey ? ', [o IN os | [id(o), o.key, o.kind, o.ids, properties(o)]] AS seeds' : ''}`,
    params: {
      ...(byKey ? { keys: seeds.keys } : { seeds }), ...args({ ...o, way: 'out' }, true),
      lotPrefix: prefixOf(lotKey('m', 'l')), serialPrefix: prefixOf(serialKey('m', 's')), materialPrefix: prefixOf(materialKey('m')),
    },
  };
}
