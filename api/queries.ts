/**
 * The read queries behind the REST routes, as plain functions over a GraphStore, so the CLI gives
 * the same JSON when it opens the store itself as when it asks a running server.
 */
import { labelOfKey } from '../graph/keys.ts';
import type { EdgeKind, EdgeView, NodeKind, NodeView } from '../graph/model.ts';
import { LIMITS, type Direction, type GraphStore, type RecallImpact, type RecallQuery, type Subgraph } from '../graph/store.ts';
import { parentIndex, witnessPath, type WitnessStep } from '../graph/witness.ts';
import { resolveId } from './resolve-id.ts';

/** Trace parameters as the API and CLI take them (kinds as a comma list or array). */
export interface TraceParams {
  id: string;
  direction: Direction;
  depth?: number | undefined;
  asOf?: string | number | undefined;
  kinds?: string | string[] | undefined;
  limit?: number | undefined;
  paths?: boolean | undefined;
}

/** One traced node as the API returns it (label = lot/serial number or id; path only with paths=true). */
export interface TraceViewNode {
  key: string;
  kind: NodeKind;
  depth: number;
  parent: string | null;
  edge: EdgeKind | null;
  label: string;
  path?: WitnessStep[];
}

/** A trace as the API returns it. */
export interface TraceView {
  origin: NodeView;
  direction: Direction;
  truncated: boolean;
  count: number;
  nodes: TraceViewNode[];
}

/** Epoch ms typed as digits arrives as a string from a query string or a flag. */
export const instantArg = (v: string | number | undefined): string | number | undefined =>
  typeof v === 'string' && /^\d{9,}$/.test(v.trim()) ? Number(v) : v;

const kindsArg = (k: string | string[] | undefined): NodeKind[] | undefined => {
  if (k === undefined) return undefined;
  const list = (Array.isArray(k) ? k : k.split(',')).map((s) => s.trim()).filter(Boolean);
  return list as NodeKind[];
};

const label = (key: string): string => {
  try {
    return labelOfKey(key);
  } catch {
    return key;
  }
};

/** Runs a trace and shapes it (witness paths on request). */
export async function traceView(store: GraphStore, p: TraceParams): Promise<TraceView> {
  const origin = await resolveId(store, p.id);
  const kinds = kindsArg(p.kinds);
  const asOf = instantArg(p.asOf);
  const r = await store.trace({
    origin,
    direction: p.direction,
    ...(p.depth !== undefined ? { maxDepth: p.depth } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
    ...(kinds !== undefined ? { kinds } : {}),
    ...(p.limit !== undefined ? { limit: p.limit } : {}),
  });
  const index = p.paths ? parentIndex(r) : null;
  const nodes = r.nodes.map((n): TraceViewNode => {
    const v: TraceViewNode = { key: n.key, kind: n.kind, depth: n.depth, parent: n.parent, edge: n.edge, label: label(n.key) };
    if (index) v.path = witnessPath(r, n.key, index);
    return v;
  });
  return { origin: r.origin, direction: r.direction, truncated: r.truncated, count: nodes.length, nodes };
}

/** Resolves every identifier of a recall query (GS1 forms included), then asks the store. */
export async function recallView(store: GraphStore, q: RecallQuery): Promise<RecallImpact> {
  const resolved: RecallQuery = { ...q };
  // Resolution of bad ids is left to the store, so an empty or malformed list gets its own code.
  if (q.suspects) resolved.suspects = await Promise.all(q.suspects.map((s) => (typeof s === 'string' && s.trim() !== '' ? resolveId(store, s) : s)));
  if (q.equipment?.id) resolved.equipment = { ...q.equipment, id: await resolveId(store, q.equipment.id) };
  if (q.supplier?.id) resolved.supplier = { ...q.supplier, id: await resolveId(store, q.supplier.id) };
  for (const w of ['equipment', 'supplier'] as const) {
    const win = resolved[w];
    if (win) resolved[w] = { ...win, from: instantArg(win.from) ?? win.from, to: instantArg(win.to) ?? win.to };
  }
  if (q.asOf !== undefined) resolved.asOf = instantArg(q.asOf) as string | number;
  return store.recallImpact(resolved);
}

/** A node with its direct edges, split by direction. */
export interface EntityView {
  node: NodeView;
  in: EdgeView[];
  out: EdgeView[];
  truncated: boolean;
}

/**
 * A node and its direct edges (flow and reference), up to `limit` neighbours each way. Asked once
 * per direction, so a rework loop shows both its edges (consumed by and produced by the same
 * operation); two edges of different kinds in the same direction between the same pair show once.
 */
export async function entityView(store: GraphStore, id: string, limit = 500): Promise<EntityView> {
  const key = await resolveId(store, id);
  const node = await store.lookup(key);
  // The centre counts against the store's cap: ask for one more so `limit` neighbours fit.
  const cap = Math.min(limit + 1, LIMITS.maxNeighbourhoodCap);
  const [outs, ins] = await Promise.all([
    store.neighbourhood(key, { hops: 1, limit: cap, direction: 'forward' }),
    store.neighbourhood(key, { hops: 1, limit: cap, direction: 'backward' }),
  ]);
  return { node, in: ins.edges, out: outs.edges, truncated: outs.truncated || ins.truncated };
}

/** A path as the API returns it: found or not, with its length in edges. */
export interface PathView {
  from: string;
  to: string;
  found: boolean;
  length: number | null;
  nodes: NodeView[];
  edges: EdgeView[];
}

/** A shortest flow path between two entities (either direction when `undirected`). */
export async function pathView(store: GraphStore, from: string, to: string, opts: { undirected?: boolean; maxDepth?: number }): Promise<PathView> {
  const a = await resolveId(store, from);
  const b = await resolveId(store, to);
  const p = await store.path(a, b, opts);
  return { from: a, to: b, found: p !== null, length: p ? p.edges.length : null, nodes: p?.nodes ?? [], edges: p?.edges ?? [] };
}

/** The neighbourhood of an entity for the explorer. */
export async function neighbourhoodView(store: GraphStore, id: string, opts: { hops?: number; limit?: number; direction?: Direction | 'both' }): Promise<Subgraph> {
  return store.neighbourhood(await resolveId(store, id), opts);
}
