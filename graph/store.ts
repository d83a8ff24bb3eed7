/**
 * The GraphStore port: what every genealogy store (embedded, Neo4j) offers, with one meaning.
 * graph/conformance holds the suite that pins these semantics for every adapter.
 */
import type { Batch, EdgeKind, NodeKind, NodeView, Props, EdgeView } from './model.ts';

export type Direction = 'forward' | 'backward';

/** Limits shared by every adapter and by the API's schemas. */
export const LIMITS = {
  maxDepth: 1000,
  defaultNodeCap: 1_000_000,
  maxNodeCap: 50_000_000,
  defaultNeighbourhoodCap: 500,
  maxNeighbourhoodCap: 20_000,
  maxNeighbourhoodHops: 6,
  maxSearchResults: 200,
} as const;

/**
 * Containment in time: what every store's trace and recall follow through containers (one meaning,
 * pinned by graph/conformance "containers in time"). A traversal state is a node with a window
 * [lo, hi] of time (−∞/+∞ when unbounded); the origin's is unbounded. A `PACKED_INTO` edge's
 * interval I is its containment widened by CONTAINMENT_MARGIN, [at − 1 day, until + 1 hour]
 * (graph/model.ts `containmentWindow`; a null end is unbounded: the safe side). Intervals are closed.
 * - Forward, from (u, W) along an out-edge e = u → v: a `PACKED_INTO` is followed
 *   when I overlaps W, to (v, W ∩ I); another edge with a time t, out of a state whose W is bounded,
 *   only when lo ≤ t ≤ hi (a container's shipment or consumption while the item was in it), to
 *   (v, unbounded); any other edge as without windows, to (v, unbounded).
 * - Backward, from (v, W) along an in-edge e = u → v: a `PACKED_INTO` is followed when I overlaps W,
 *   to (u, W ∩ I); a `SHIPPED_IN` or `CONSUMED_BY` with a time t leads to (u, [t, t]) (what the
 *   container held when it shipped or was used); any other edge to (u, unbounded).
 * A state whose window lies within one already visited at that node is not expanded again. Each node
 * is reported once, at its first discovery in breadth-first order of states (depth, parent, edge of
 * that discovery); `limit` counts nodes, `maxDepth` hops. Only Container and Serial nodes (a
 * serialised case) ever have a bounded window; a graph where containers ship after their packing
 * and are never unpacked traces as it did before windows. Caveat: a container reached in two windows
 * reports one parent, so the witness path of a node found through its second window may join two
 * packing episodes; the set of nodes reached is what the windows allow, the same in every store.
 * Paths and neighbourhoods do not apply windows.
 *
 * A trace. `origin` is a key or any identifier the store knows (alias). `asOf` ignores edges whose
 * `at` is later (edges without a time are always followed). `kinds` filters the returned nodes;
 * traversal still passes through every kind. `limit` caps the visited nodes: when it bites,
 * `truncated` is true and the result is a prefix in breadth-first order (never silent).
 */
export interface TraceQuery {
  origin: string;
  direction: Direction;
  maxDepth?: number;
  asOf?: number | string;
  kinds?: NodeKind[];
  limit?: number;
}

/**
 * One reached node: its shortest depth from the origin and one witness step back towards it
 * (`parent` is the previous node on a shortest path, `edge` the kind of the edge taken).
 * Following `parent` repeatedly yields the full witness path back to the origin.
 */
export interface TracedNode {
  key: string;
  kind: NodeKind;
  depth: number;
  parent: string | null;
  edge: EdgeKind | null;
}

export interface TraceResult {
  origin: NodeView;
  direction: Direction;
  truncated: boolean;
  /** Nodes reached, origin first (depth 0), in breadth-first order, after the `kinds` filter. */
  nodes: TracedNode[];
  /** Parent links of visited nodes that `kinds` hid, so every witness path stays complete (empty without `kinds`). */
  hiddenParents: Map<string, { parent: string | null; edge: EdgeKind | null }>;
}

/** Suspects of a recall: lots/serials/containers by id, an equipment in a window, or a supplier in a window. */
export interface RecallQuery {
  suspects?: string[];
  equipment?: { id: string; from: number | string; to: number | string };
  supplier?: { id: string; from: number | string; to: number | string };
  asOf?: number | string;
  limit?: number;
}

export type StockStatus = 'shipped' | 'partially-shipped' | 'in-stock';

export interface AffectedLot {
  key: string;
  material: string;
  lotNumber: string;
  depth: number;
  quantity: number | null;
  uom: string | null;
  shippedQuantity: number;
  inStockQuantity: number | null;
  status: StockStatus;
  /** Keys of the suspects this lot was reached from (first found). */
  via: string;
}

export interface AffectedSerial {
  key: string;
  material: string;
  serialNumber: string;
  lot: string | null;
  depth: number;
  status: Exclude<StockStatus, 'partially-shipped'>;
  shipments: string[];
}

export interface AffectedShipment {
  key: string;
  at: number | null;
  customers: string[];
}

export interface AffectedCustomer {
  key: string;
  name: string | null;
  shipments: number;
}

/** What a suspect operation consumed of a suspect lot (quantity-aware where the data has it). */
export interface SuspectConsumption {
  suspect: string;
  operation: string;
  qty: number | null;
  uom: string | null;
}

export interface RecallImpact {
  suspects: NodeView[];
  truncated: boolean;
  totals: {
    finishedLots: number;
    serials: number;
    serialsShipped: number;
    serialsInStock: number;
    shipments: number;
    customers: number;
    operations: number;
    nodesReached: number;
  };
  finishedLots: AffectedLot[];
  serials: AffectedSerial[];
  shipments: AffectedShipment[];
  customers: AffectedCustomer[];
  consumptions: SuspectConsumption[];
}

export interface PathResult {
  nodes: NodeView[];
  edges: EdgeView[];
}

export interface Subgraph {
  center: string;
  truncated: boolean;
  nodes: (NodeView & { hops: number })[];
  edges: EdgeView[];
}

export interface UpsertResult {
  nodesCreated: number;
  nodesUpdated: number;
  edgesCreated: number;
  edgesUpdated: number;
  edgesRemoved: number;
  /** Nodes and edges given that were already exactly so. */
  unchanged: number;
}

export interface Stats {
  nodes: number;
  edges: number;
  nodesByKind: Partial<Record<NodeKind, number>>;
  edgesByKind: Partial<Record<EdgeKind, number>>;
}

/** The port. Every method validates its input and throws LgError with a stable code. */
export interface GraphStore {
  readonly name: string;
  /** Idempotent batch upsert: the same batch twice changes nothing the second time. Durable when it resolves. */
  upsert(batch: Batch): Promise<UpsertResult>;
  trace(q: TraceQuery): Promise<TraceResult>;
  recallImpact(q: RecallQuery): Promise<RecallImpact>;
  /** A shortest flow path from `from` to `to` (forward), or along either direction when `undirected`. Null when none. */
  path(from: string, to: string, opts?: { undirected?: boolean; maxDepth?: number }): Promise<PathResult | null>;
  /** Nodes within k hops along any edge (flow and reference), capped, for the explorer. */
  neighbourhood(id: string, opts?: { hops?: number; limit?: number; direction?: Direction | 'both' }): Promise<Subgraph>;
  /** Node by key or alias (throws LG_NOT_FOUND / LG_AMBIGUOUS_ID). */
  lookup(id: string): Promise<NodeView>;
  /** Nodes whose key, alias or label starts with `q` (case-insensitive), up to `limit`. */
  search(q: string, limit?: number): Promise<NodeView[]>;
  stats(): Promise<Stats>;
  close(): Promise<void>;
  /**
   * Optional, for stores that persist to the caller's own database (the embedded store and its
   * DuckDB file): a write that commits the caller's rows with the store's, atomically (one
   * commit). `prepare` runs first, alone on the database, and says what to upsert; `write` runs
   * inside the store's transaction before its rows. Nothing is written, in the database or in
   * memory, when either throws or the batch is refused. The ingest pipeline uses it to log and
   * apply a chunk in one commit.
   */
  sharedWrite?<T>(owner: unknown, prepare: () => Promise<SharedWritePlan<T>>): Promise<{ result: UpsertResult; out: T }>;
  /** True when `sharedWrite` may be called with this database handle (the one the store persists to). */
  sharesDatabase?(owner: unknown): boolean;
  /**
   * Optional, for stores that hold the graph in memory: for each key, its live incoming edges of one
   * of `kinds` that have a time, earliest first (the ingest's time-order check asks when a lot or
   * serial was received or produced, and by what). Keys not stored, or without such an edge, are
   * left out. All of them, not only the earliest: a record checked later in the same chunk may show
   * the earliest to be a rework, and the next one is then the origin.
   * `exceptRework`: skip an edge from a node the key also has a live CONSUMED_BY edge to (a rework
   * operation consumed the item and made it again: that is not when the item came into being).
   * `exceptAssociation`: skip an edge from a node whose props hold `association: true` (the Operation
   * of an EPCIS AssociationEvent, ingest/epcis/map-association.ts: an association is no production).
   */
  originsIn?(keys: Iterable<string>, kinds: readonly EdgeKind[], o?: { exceptRework?: boolean; exceptAssociation?: boolean }): Map<string, { at: number; from: string }[]>;
  /**
   * Optional: the props of the stored nodes among `keys`, in one read (keys not stored are left
   * out). The ingest asks which disposition a node holds and since when, to keep the newest by event
   * time (ingest/pipeline/dispositions.ts); without it, it calls `lookup` once per key.
   */
  propsOf?(keys: readonly string[]): Promise<Map<string, Props>>;
  /**
   * Optional, for stores that hold the graph in memory: the quantity and unit a live edge holds, or
   * undefined when there is none (the ingest adds a second posting of an edge to what the first
   * left, ingest/pipeline/posting-totals.ts).
   */
  edgeQuantity?(kind: EdgeKind, from: string, to: string): { qty: number | null; uom: string | null; at?: number | null; until?: number | null } | undefined;
}

/** What a shared write upserts, and the caller's rows to commit with it. */
export interface SharedWritePlan<T> {
  batch: Batch;
  write: () => Promise<T>;
}

export type { Props };
