/**
 * The plain-Cypher trace, used when the server lacks the lotgraph plugin (with it, cypher/trace-proc.ts
 * runs the search in the server: several times faster on large traces, same answers).
 * The trace query: the reachable set from the seeds, plus each reached node's edges in the trace
 * direction, in one round trip. `(o)-[:FLOW*0..N]->(n)` followed by `DISTINCT n` is planned by
 * Neo4j 5 as `VarLengthExpand(Pruning,BFS)`: a breadth-first search that visits each node once (no
 * path enumeration), asOf inlined as an expand predicate. The client then replays the BFS over
 * the returned adjacency (closure.ts) to get depths, parents and a breadth-first order.
 *
 * Measured on the S plant (115k nodes, 241k edges, loopback, p50): backward from a serial 2.5 ms
 * vs 15.6 ms per-level frontier queries vs 15.6 ms `ANY SHORTEST`; heaviest lot (8,030 nodes)
 * 91 ms vs 489 ms vs 574 ms (53 ms once collected into one row; the bare `RETURN DISTINCT n.key`
 * of neo4j-naive, no depths or witnesses, 46 ms). So the single pruning-BFS query is what the adapter uses.
 * M, heaviest lot (74,154 nodes), server side, median: reach alone 184 ms, reach + depth 264 ms,
 * reach + neighbour ids (this query) 505 ms, with edge ids too 721 ms, naive 431 ms. The neighbour
 * lists (needed for depths and witness parents) are the cost: Community's slotted runtime spends
 * ~3 µs per expanded edge; the naive query pays for no witnesses.
 *
 * Containment in time (graph/store.ts): the reach stays untimed (a superset); the neighbour lists
 * carry `[id, at, until]` instead of the bare id only where windows matter (`neighbours`), and the
 * replay (replay.ts) applies the windows. Measured on S (2026-12-04, a loaded 2-core machine, load
 * average 7, through the store, p50 of two runs each): forward heaviest lot (8,030 nodes, mostly
 * serials and cases, whose edges all carry times) 50/35 ms before vs 57/41 ms after; the bare query
 * 52-67 vs 73-92 ms side by side (a first form testing every edge's type and labels: 85-97 ms); its
 * replay 2.5 vs 3.4 ms; forward from a typical lot 1.7-1.8 vs 1.9-2.0 ms, backward from a serial
 * 1.3-1.4 ms both, recall of a lot 7.2-7.3 vs 4.0-8.5 ms (noise). S has no unpacking: same answers.
 *
 * With `recall`, each row also carries what the recall summary reads (edge attributes, material
 * category, lot quantity, customer name, in-edges of serials, lots and shipments), so a whole
 * recall is one query.
 */
import { FLOW_EDGE_KINDS } from '../../model.ts';
import { propName } from '../props-codec.ts';
import { typeList } from './expand.ts';
import { label } from './upsert.ts';
import type { Statement } from './statement.ts';

export interface TraceOptions {
  way: 'out' | 'in';
  /** Hop bound, validated 0..1000 (a variable-length bound cannot be a parameter, so it is an integer literal). */
  maxDepth: number;
  asOf?: number | undefined;
  /** Add the recall summary's columns (forward only). */
  recall?: boolean;
}

const p = (name: string) => '`' + propName(name) + '`';

function parts(o: TraceOptions) {
  if (!Number.isInteger(o.maxDepth) || o.maxDepth < 0 || o.maxDepth > 100_000) throw new Error(`bad maxDepth ${o.maxDepth}`);
  const flow = typeList(FLOW_EDGE_KINDS);
  const [l, r] = o.way === 'out' ? ['-', '->'] : ['<-', '-'];
  const params: Record<string, unknown> = {};
  let reachWhere = '';
  let edgeWhere = '';
  if (o.asOf !== undefined) {
    params.asOf = o.asOf;
    reachWhere = '\nWHERE all(x IN rs WHERE x.at IS NULL OR x.at <= $asOf)';
    edgeWhere = ' WHERE e.at IS NULL OR e.at <= $asOf';
  }
  const reach = `MATCH (o)${l}[rs:${flow}*0..${o.maxDepth}]${r}(n)${reachWhere}\nWITH DISTINCT n`;
  const edges = (project: (timed: boolean) => string) => neighbours(o.way, `(n)${l}[e:${flow}]${r}(c)${edgeWhere}`, project);
  return { reach, params, edges };
}

const BOX = (v: string) => `${v}:${label('Container')} OR ${v}:${label('Serial')}`;

/**
 * The list of n's edges in the trace direction, each projected with its times (`project(true)`)
 * where the replay needs them for the containment windows (graph/store.ts), else without: every
 * PACKED_INTO (its interval), and an edge leaving a Container or Serial (forward: a shipment or
 * consumption of the container, checked against its window; backward, when timed: it gives the
 * container's window). Chosen by n's label first, so that the edges of most nodes (operations,
 * shipments, customers) are projected without a test.
 */
function neighbours(way: 'out' | 'in', pattern: string, project: (timed: boolean) => string): string {
  const [plain, times] = [project(false), project(true)];
  if (way === 'out') {
    return `CASE WHEN ${BOX('n')} THEN [${pattern} | ${times}]
    WHEN n:${label('Lot')} THEN [${pattern} | CASE WHEN type(e) = 'PACKED_INTO' THEN ${times} ELSE ${plain} END]
    ELSE [${pattern} | ${plain}] END`;
  }
  return `CASE WHEN ${BOX('n')} THEN [${pattern} | CASE WHEN type(e) = 'PACKED_INTO' THEN ${times} ELSE ${plain} END]
    WHEN n:${label('Shipment')} OR n:${label('Operation')} THEN [${pattern} | CASE WHEN e.at IS NOT NULL AND (${BOX('c')}) THEN ${times} ELSE ${plain} END]
    ELSE [${pattern} | ${plain}] END`;
}

/** A neighbour for the trace replay: its id, or `[id, at, until]` (closure.ts Neighbour). */
const neighbour = (timed: boolean) => (timed ? '[id(c), e.at, e.until]' : 'id(c)');

/**
 * A trace from the node with key `$key`, origin view included: the whole trace in one auto-commit
 * round trip (no row when no node has that key: the caller then tries it as an alias).
 * Row `{ id, key, kind, ids, p, rids, rkeys, nexts }` (`rids`/`rkeys`/`nexts` as traceClosure's).
 */
export function traceByKey(key: string, o: Omit<TraceOptions, 'recall'>): Statement {
  const { reach, edges, params } = parts(o);
  params.key = key;
  return {
    text: /* cypher */ `MATCH (o:Node {key: $key})
CALL (o) {
  ${reach.replaceAll('\n', '\n  ')}
  RETURN collect(id(n)) AS rids, collect(n.key) AS rkeys, collect(${edges(neighbour).replaceAll('\n', '\n  ')}) AS nexts
}
RETURN id(o) AS id, o.key AS key, o.kind AS kind, o.ids AS ids, properties(o) AS p, rids, rkeys, nexts`,
    params,
  };
}

/**
 * One row `{ ids, keys, nexts }` of parallel lists over the reached nodes (seeds included); each
 * `nexts[i]` lists node i's neighbours in the trace direction: the id, or `[id, at, until]` for an
 * edge where windows matter (`timed`). The reached set is untimed (a superset of what the windows
 * allow: the replay applies them). With `recall`, a row per node: `{ id, key, kind, next }`, `next` listing
 * `[edgeId, nodeId, qty, uom]`, plus `at, until` where windows matter (the other end is always in the closure: its key and kind come from its row).
 * With `recall` also: `category`, `quantity`, `uom`, `name` (stored JSON text or null), `unitOf`
 * (`[edgeId, lotKey]`), `produced` and `supplied` (`[edgeId, qty, uom]` of PRODUCED, SUPPLIED in-edges), `shippedAt` (times of SHIPPED_IN in-edges),
 * and, when the seeds are given by key, `seed` (`[ids, properties]` of a seed, else null).
 */
export function traceClosure(seeds: number[] | { keys: string[] }, o: TraceOptions): Statement {
  const { reach, edges, params } = parts(o);
  const byKey = !Array.isArray(seeds);
  if (byKey) params.keys = seeds.keys;
  else params.seeds = seeds;
  const head = byKey
    ? /* cypher */ `UNWIND $keys AS k\nMATCH (o:Node {key: k})\n${reach}`
    : /* cypher */ `UNWIND $seeds AS sid\nMATCH (o) WHERE id(o) = sid\n${reach}`;
  if (!o.recall) {
    // Edge kinds are implied by the endpoint kinds (kindOfFlow), and kinds by key prefixes: only ids and keys travel.
    // One row of parallel lists decodes faster in the driver than a row per node (heaviest S lot: 53 vs 79 ms);
    // neighbour ids only, no edge ids (heaviest M lot: 550 vs 721 ms), so BFS ties go by node id.
    return { text: `${head}\nRETURN collect(id(n)) AS ids, collect(n.key) AS keys, collect(${edges(neighbour)}) AS nexts`, params };
  }
  const and = o.asOf === undefined ? '' : ' AND (e.at IS NULL OR e.at <= $asOf)';
  return {
    text: /* cypher */ `${head}
OPTIONAL MATCH (m:Node {key: CASE WHEN n:Lot OR n:Serial THEN 'material:' + split(n.key, ':')[1] END})
RETURN id(n) AS id, n.key AS key,
  ${edges((timed) => `[id(e), id(c), e.qty, e.uom${timed ? ', e.at, e.until' : ''}]`)} AS next,
  m.${p('category')} AS category,
  CASE WHEN n:Lot THEN n.${p('quantity')} END AS quantity,
  CASE WHEN n:Lot THEN n.${p('uom')} END AS uom,
  CASE WHEN n:Customer THEN n.${p('name')} END AS name,
  CASE WHEN n:Serial THEN [(n)<-[e:HAS_UNIT]-(x) WHERE true${and} | [id(e), x.key]] END AS unitOf,
  CASE WHEN n:Lot THEN [(n)<-[e:PRODUCED]-() WHERE true${and} | [id(e), e.qty, e.uom]] END AS produced,
  CASE WHEN n:Lot THEN [(n)<-[e:SUPPLIED]-() WHERE true${and} | [id(e), e.qty, e.uom]] END AS supplied,
  CASE WHEN n:Shipment THEN [(n)<-[e:SHIPPED_IN]-() WHERE e.at IS NOT NULL${and} | e.at] END AS shippedAt${byKey ? ',\n  CASE WHEN n.key IN $keys THEN [n.ids, properties(n)] END AS seed' : ''}`,
    params,
  };
}
