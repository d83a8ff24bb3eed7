/**
 * Writes through the server-side procedure `lotgraph.upsert` (graph/neo4j/server, plugin jar,
 * UpsertProcedure.java): a validated batch goes to the server packed as ONE JSON string (the driver
 * encodes a string natively, a list of maps value by value) and is applied there in the caller's
 * transaction with the merge semantics of upsert.ts, answering with the UpsertResult counts. Used
 * when the installed plugin has the procedure (`upsertProcProbe` at open); otherwise the adapter
 * writes with the Cypher of upsert.ts. Format and semantics: UpsertProcedure.java.
 */
import { kindOfKey } from '../../keys.ts';
import type { UpsertResult } from '../../store.ts';
import type { CleanBatch } from '../../validate-batch.ts';
import { encodeProps } from '../props-codec.ts';
import type { Statement } from './statement.ts';
import { batchKeys, llabelOf } from './upsert.ts';

/** The procedure's name. */
export const UPSERT_PROCEDURE = 'lotgraph.upsert';

const COUNTS = 'nodesCreated :: INTEGER, nodesUpdated :: INTEGER, edgesCreated :: INTEGER, edgesUpdated :: INTEGER, edgesRemoved :: INTEGER, unchanged :: INTEGER';

/** The write procedures and the signatures this adapter calls them with (all three ship in one plugin jar). */
export const WRITE_PROCEDURES: Readonly<Record<string, string>> = {
  [UPSERT_PROCEDURE]: `${UPSERT_PROCEDURE}(batch :: STRING) :: (${COUNTS})`,
  [`${UPSERT_PROCEDURE}Nodes`]: `${UPSERT_PROCEDURE}Nodes(batch :: STRING) :: (nodesCreated :: INTEGER, nodesUpdated :: INTEGER, unchanged :: INTEGER, ids :: STRING, existed :: STRING)`,
  [`${UPSERT_PROCEDURE}Edges`]: `${UPSERT_PROCEDURE}Edges(batch :: STRING) :: (${COUNTS})`,
};

/** The installed write procedures: rows `{ name, signature }` (none from a plugin jar older than them). */
export function upsertProcProbe(): Statement {
  return {
    text: /* cypher */ 'SHOW PROCEDURES YIELD name, signature WHERE name IN $names RETURN name, signature',
    params: { names: Object.keys(WRITE_PROCEDURES) },
  };
}

/** True when the probe found every write procedure with the signature this adapter sends. */
export const hasWriteProcedures = (rows: Record<string, unknown>[]): boolean =>
  Object.entries(WRITE_PROCEDURES).every(([name, sig]) => rows.some((r) => r.name === name && r.signature === sig));

/** Applies one packed batch; one row with the UpsertResult counts. */
export function procUpsert(packed: string): Statement {
  return {
    text: /* cypher */ `CALL ${UPSERT_PROCEDURE}($batch) YIELD nodesCreated, nodesUpdated, edgesCreated, edgesUpdated, edgesRemoved, unchanged
RETURN nodesCreated, nodesUpdated, edgesCreated, edgesUpdated, edgesRemoved, unchanged`,
    params: { batch: packed },
  };
}

/** The counts of a procUpsert row. */
export function upsertResultOf(r: Record<string, unknown> | undefined): UpsertResult {
  const n = (k: string) => Number(r?.[k] ?? 0);
  return { nodesCreated: n('nodesCreated'), nodesUpdated: n('nodesUpdated'), edgesCreated: n('edgesCreated'), edgesUpdated: n('edgesUpdated'), edgesRemoved: n('edgesRemoved'), unchanged: n('unchanged') };
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** `llabel` as the Cypher path stores it, or null for an ASCII key (the server lowercases those itself: same result). */
function lowered(key: string): string | null {
  return ASCII.test(key) ? null : llabelOf(key);
}

/** The node part of a packed batch (`n` given nodes, `b` bare edge ends) and the keys in that order. */
function nodePart(b: CleanBatch): { n: unknown[]; b: unknown[]; keys: string[]; removeEnds: Set<string> } {
  const { given, endpoints, removeEnds } = batchKeys(b);
  const n = b.nodes.map((x) => [x.key, x.kind, x.ids, x.ids.map((s) => s.toLowerCase()), encodeProps(x.props), lowered(x.key)]);
  const ends = [...endpoints].map((k) => [k, kindOfKey(k), lowered(k)]);
  return { n, b: ends, keys: [...given, ...endpoints], removeEnds };
}

/**
 * An edge's tuple with its trailing `maybe` flag and `until`: `until` is left out when null (with the
 * flag, when that is 0: lotgraph.upsert ignores it), so a batch without unpackings stays as small.
 */
function withUntil(t: unknown[], maybe: 0 | 1, until: number | null): unknown[] {
  if (until !== null) t.push(maybe, until);
  else if (maybe === 1) t.push(1);
  return t;
}

/** Packs a validated batch into the procedure's JSON (see UpsertProcedure.java). */
export function packBatch(b: CleanBatch): string {
  const { n, b: ends } = nodePart(b);
  const e = b.edges.map((x) => withUntil([x.kind, x.from, x.to, x.at, x.qty, x.uom], 0, x.until));
  const r = b.removeEdges.map((x) => [x.kind, x.from, x.to]);
  return JSON.stringify({ n, b: ends, e, r });
}

/** The node phase of a batch for `lotgraph.upsertNodes`: the JSON, and the keys whose ids and flags its answer lists, in order. */
export function packNodes(b: CleanBatch): { packed: string; keys: string[] } {
  const part = nodePart(b);
  const k = [...part.removeEnds];
  return { packed: JSON.stringify({ n: part.n, b: part.b, k: k.map((x) => [x]) }), keys: [...part.keys, ...k] };
}

/** Applies the node phase of a batch: one row `{ nodesCreated, nodesUpdated, unchanged, ids, existed }`. */
export function procUpsertNodes(packed: string): Statement {
  return {
    text: /* cypher */ `CALL ${UPSERT_PROCEDURE}Nodes($batch) YIELD nodesCreated, nodesUpdated, unchanged, ids, existed
RETURN nodesCreated, nodesUpdated, unchanged, ids, existed`,
    params: { batch: packed },
  };
}

/** The edge phase of a batch for `lotgraph.upsertEdges`, ends by the internal ids the node phase answered. */
export function packEdges(b: CleanBatch, keys: string[], row: Record<string, unknown>): string {
  const ids = String(row.ids).split(',');
  const existed = String(row.existed);
  const at = new Map<string, number>(keys.map((k, i) => [k, i]));
  const id = (k: string): number => Number(ids[at.get(k)!]);
  const old = (k: string): boolean => existed[at.get(k)!] === '1';
  const e = b.edges.map((x) => withUntil([x.kind, id(x.from), id(x.to), x.at, x.qty, x.uom], old(x.from) && old(x.to) ? 1 : 0, x.until));
  const r = b.removeEdges.map((x) => [x.kind, id(x.from), id(x.to)]);
  return JSON.stringify({ e, r });
}

/** Applies the edge phase of a batch: one row of counts (edges and unchanged edges). */
export function procUpsertEdges(packed: string): Statement {
  return {
    text: /* cypher */ `CALL ${UPSERT_PROCEDURE}Edges($batch) YIELD nodesCreated, nodesUpdated, edgesCreated, edgesUpdated, edgesRemoved, unchanged
RETURN nodesCreated, nodesUpdated, edgesCreated, edgesUpdated, edgesRemoved, unchanged`,
    params: { batch: packed },
  };
}
