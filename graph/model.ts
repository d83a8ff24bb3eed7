/**
 * The genealogy vocabulary every folder shares: node kinds, flow-edge kinds, natural keys.
 *
 * Operation-centric (as GS1 EPCIS TransformationEvents): material flows into an Operation and out
 * of it, so a trace follows exactly the operations that consumed a suspect lot.
 */

/** Node kinds (Neo4j labels). */
export const NODE_KINDS = [
  'Material',
  'Supplier',
  'Customer',
  'Site',
  'Lot',
  'Serial',
  'Container',
  'Operation',
  'Equipment',
  'Shipment',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Edges a trace follows; direction = direction of material flow. */
export const FLOW_EDGE_KINDS = [
  'SUPPLIED',
  'CONSUMED_BY',
  'PRODUCED',
  'HAS_UNIT',
  'PACKED_INTO',
  'SHIPPED_IN',
  'DELIVERED_TO',
  'USED_IN',
] as const;
export type FlowEdgeKind = (typeof FLOW_EDGE_KINDS)[number];

/** Reference edges: stored, shown in the explorer, never followed by a trace. */
export const REF_EDGE_KINDS = ['OF_MATERIAL', 'AT_SITE'] as const;
export type RefEdgeKind = (typeof REF_EDGE_KINDS)[number];

export const EDGE_KINDS = [...FLOW_EDGE_KINDS, ...REF_EDGE_KINDS] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** Which node kinds each edge kind may join (validated on every write, by every store). */
export const EDGE_ENDPOINTS: Record<EdgeKind, { from: readonly NodeKind[]; to: readonly NodeKind[] }> = {
  SUPPLIED: { from: ['Supplier'], to: ['Lot', 'Serial'] },
  CONSUMED_BY: { from: ['Lot', 'Serial', 'Container'], to: ['Operation'] },
  PRODUCED: { from: ['Operation'], to: ['Lot', 'Serial', 'Container'] },
  HAS_UNIT: { from: ['Lot'], to: ['Serial'] },
  // into a Serial: a serialised case (SGTIN) that children are packed into (ingest/gs1/container-key.ts)
  PACKED_INTO: { from: ['Lot', 'Serial', 'Container'], to: ['Container', 'Serial'] },
  SHIPPED_IN: { from: ['Lot', 'Serial', 'Container'], to: ['Shipment'] },
  DELIVERED_TO: { from: ['Shipment'], to: ['Customer'] },
  USED_IN: { from: ['Equipment'], to: ['Operation'] },
  OF_MATERIAL: { from: ['Lot', 'Serial'], to: ['Material'] },
  AT_SITE: { from: ['Operation', 'Equipment', 'Lot', 'Shipment'], to: ['Site'] },
};

/**
 * Pairs of kinds an edge kind may not join although it allows each end: a Lot -> Serial is HAS_UNIT
 * only (a lot quantity packed into a serialised case goes into the case's Container), so that each
 * pair of kinds has at most one flow edge kind, which the Neo4j closure decoding relies on.
 */
export const EDGE_EXCLUDED_PAIRS: Partial<Record<EdgeKind, readonly (readonly [NodeKind, NodeKind])[]>> = {
  PACKED_INTO: [['Lot', 'Serial']],
};

/** True when `kind` may join a `from` node to a `to` node (EDGE_ENDPOINTS less EDGE_EXCLUDED_PAIRS). */
export function edgeJoins(kind: EdgeKind, from: NodeKind, to: NodeKind): boolean {
  const e = EDGE_ENDPOINTS[kind];
  return e.from.includes(from) && e.to.includes(to) && !(EDGE_EXCLUDED_PAIRS[kind] ?? []).some(([f, t]) => f === from && t === to);
}

/** Material categories; a lot or serial of a `finished` material counts as a finished good in a recall. */
export const MATERIAL_CATEGORIES = ['raw', 'component', 'subassembly', 'finished', 'packaging'] as const;
export type MaterialCategory = (typeof MATERIAL_CATEGORIES)[number];

/** A JSON value as stored in node properties. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Props = Record<string, Json>;

/**
 * A node to upsert. `key` is the natural key built by graph/keys.ts; `ids` are the source's
 * original identifier strings (a scanned barcode, an EPC URN, an ERP code), kept verbatim and
 * searchable. Properties merge shallowly on upsert: a field given again overwrites, absent fields stay.
 */
export interface NodeInput {
  kind: NodeKind;
  key: string;
  ids?: string[];
  props?: Props;
}

/**
 * An edge to upsert. Identity is (kind, from, to): the same edge given again replaces `at`,
 * `until`, `qty` and `uom`. `at` and `until` are epoch milliseconds or ISO-8601 strings with an
 * offset. (Two ingest records posting one edge are two quantities: the ingest writes their total,
 * ingest/README.md.)
 *
 * `until` is for `PACKED_INTO` only: the time of unpacking; null or absent: still packed, or not
 * known. A trace through a container follows only what was in it at the time (graph/store.ts,
 * "Containment in time"), over the interval CONTAINMENT_MARGIN widens.
 */
/**
 * How much a containment [at, until] is widened when a trace asks what a container held: from a day
 * before its packing to an hour after its unpacking. Times from different systems disagree: an ERP
 * often dates a shipment by its day alone (midnight, before the morning's packing), and clocks drift
 * by minutes. A trace must never drop a shipment for that (a missed customer); including a
 * neighbouring episode of a reused container is the safe side. A null `at` or `until` is unbounded.
 */
export const CONTAINMENT_MARGIN = { beforeMs: 86_400_000, afterMs: 3_600_000 } as const;

/** The window of a PACKED_INTO edge for a trace: [at − before, until + after], null ends unbounded. */
export function containmentWindow(at: number | null, until: number | null): [number, number] {
  return [at === null ? -Infinity : at - CONTAINMENT_MARGIN.beforeMs, until === null ? Infinity : until + CONTAINMENT_MARGIN.afterMs];
}

export interface EdgeInput {
  kind: EdgeKind;
  from: string;
  to: string;
  at?: number | string | null;
  until?: number | string | null;
  qty?: number | null;
  uom?: string | null;
}

/** An edge named by its identity, for removal (an EPCIS error declaration retracts what an event asserted). */
export interface EdgeRef {
  kind: EdgeKind;
  from: string;
  to: string;
}

/**
 * One idempotent write. Endpoints missing from both the batch and the store are created bare
 * (kind from the key). `removeEdges` is applied after `edges`; removing an absent edge is a no-op.
 */
export interface Batch {
  nodes?: NodeInput[];
  edges?: EdgeInput[];
  removeEdges?: EdgeRef[];
}

/** A node as stores return it. */
export interface NodeView {
  key: string;
  kind: NodeKind;
  ids: string[];
  props: Props;
}

/** An edge as stores return it (`at`, `until` in epoch milliseconds, or null when the source gave no time). */
export interface EdgeView {
  kind: EdgeKind;
  from: string;
  to: string;
  at: number | null;
  until: number | null;
  qty: number | null;
  uom: string | null;
}
