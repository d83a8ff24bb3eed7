/**
 * One level of a breadth-first expansion: the edges leaving a frontier of nodes (by internal id).
 * The visited set lives in the caller, so each node is expanded once and no path is ever
 * enumerated: the work per level is the frontier's degree, whatever the fan-out below.
 */
import { EDGE_KINDS, FLOW_EDGE_KINDS, type EdgeKind } from '../../model.ts';
import { relType } from './upsert.ts';
import type { Statement } from './statement.ts';

export type Way = 'out' | 'in' | 'both';

export interface ExpandOptions {
  way: Way;
  /** Epoch ms: edges with a later `at` are skipped (edges without `at` are always followed). */
  asOf?: number | undefined;
  /** Follow reference edges too (explorer), not only flow edges (trace). */
  allEdges?: boolean;
  /** Only these edge kinds (recall windows); defaults to flow (or all) edges. */
  kinds?: readonly EdgeKind[];
  /** Only edges with `at` in [from, to] (recall windows). */
  window?: { from: number; to: number };
  /** Return the edge's at/until/qty/uom too (neighbourhood, path). */
  attrs?: boolean;
}

/** The pattern's relationship types, e.g. `SUPPLIED|CONSUMED_BY|...`. */
export function typeList(kinds: readonly EdgeKind[]): string {
  return kinds.map(relType).join('|');
}

/**
 * Edges of the frontier `$ids`. Rows: `p` (frontier node id), `e` (edge id), `t` (edge kind), `out`
 * (true when the edge leaves p), `v` (other node id), `key`, `kind`, and optionally `at`, `until`, `qty`, `uom`.
 */
export function expandLevel(ids: number[], o: ExpandOptions): Statement {
  const kinds = o.kinds ?? (o.allEdges ? EDGE_KINDS : FLOW_EDGE_KINDS);
  const arrow = o.way === 'out' ? '-[e:T]->' : o.way === 'in' ? '<-[e:T]-' : '-[e:T]-';
  const where: string[] = [];
  const params: Record<string, unknown> = { ids };
  if (o.asOf !== undefined) {
    where.push('(e.at IS NULL OR e.at <= $asOf)');
    params.asOf = o.asOf;
  }
  if (o.window) {
    where.push('e.at >= $from AND e.at <= $to');
    params.from = o.window.from;
    params.to = o.window.to;
  }
  const out = o.way === 'both' ? 'startNode(e) = u' : String(o.way === 'out');
  const attrs = o.attrs ? ', e.at AS at, e.until AS until, e.qty AS qty, e.uom AS uom' : '';
  const text = /* cypher */ `UNWIND $ids AS p
MATCH (u) WHERE id(u) = p
MATCH (u)${arrow.replace('T', typeList(kinds))}(v)${where.length ? `\nWHERE ${where.join(' AND ')}` : ''}
RETURN p, id(e) AS e, type(e) AS t, ${out} AS out, id(v) AS v, v.key AS key, v.kind AS kind${attrs}`;
  return { text, params };
}

/** Internal ids, kinds and keys of nodes by key (absent keys return no row). */
export function nodesByKey(keys: string[]): Statement {
  return {
    text: /* cypher */ 'UNWIND $keys AS k MATCH (n:Node {key: k}) RETURN id(n) AS id, n.key AS key, n.kind AS kind',
    params: { keys },
  };
}
