/**
 * An upsert in two steps: `plan` works out, without touching the index, which rows are new,
 * changed or unchanged; the store persists the plan, and only then `apply` changes the index.
 * So a failed write leaves memory as it was, and an acknowledged write is on disk.
 */
import { hasOwnKeys } from '../../lib/objects.ts';
import type { CleanBatch } from '../validate-batch.ts';
import { kindOfKey } from '../keys.ts';
import type { NodeKind } from '../model.ts';
import type { UpsertResult } from '../store.ts';
import { EDGE_CODE, NODE_CODE, type GraphIndex } from './graph-index.ts';
import type { EdgeRow, NodeRow } from './persist.ts';

export interface Plan {
  newNodes: (NodeRow & { kindName: NodeKind })[];
  updNodes: NodeRow[];
  newEdges: EdgeRow[];
  /** Existing edge ids whose attributes change (or that come back from deletion). */
  updEdges: EdgeRow[];
  delEdges: EdgeRow[];
  result: UpsertResult;
}

const sameNum = (a: number, b: number | null) => (b === null ? Number.isNaN(a) : a === b);
const num = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Works out what a validated batch changes. Pure with respect to the index. */
export function plan(ix: GraphIndex, b: CleanBatch): Plan {
  const p: Plan = { newNodes: [], updNodes: [], newEdges: [], updEdges: [], delEdges: [], result: { nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0, unchanged: 0 } };
  const pending = new Map<string, number>();
  const idOf = (key: string): number | undefined => ix.keyIndex.get(key) ?? pending.get(key);
  const create = (kind: NodeKind, key: string, ids: string[], props: string | undefined): number => {
    const id = ix.n + p.newNodes.length;
    p.newNodes.push({ id, key, kind: NODE_CODE[kind], kindName: kind, ids, props });
    pending.set(key, id);
    return id;
  };

  for (const n of b.nodes) {
    const id = ix.keyIndex.get(n.key);
    const hasProps = hasOwnKeys(n.props);
    if (id === undefined) {
      create(n.kind, n.key, n.ids, hasProps ? JSON.stringify(n.props) : undefined);
      p.result.nodesCreated++;
      continue;
    }
    const oldIds = ix.ids[id] ?? [];
    const ids = [...new Set([...oldIds, ...n.ids])];
    const oldText = ix.props[id];
    const merged = hasProps ? JSON.stringify({ ...(oldText ? JSON.parse(oldText) : {}), ...n.props }) : oldText;
    if (ids.length === oldIds.length && merged === oldText) {
      p.result.unchanged++;
    } else {
      p.updNodes.push({ id, key: n.key, kind: ix.nodeKind[id]!, ids, props: merged });
      p.result.nodesUpdated++;
    }
  }

  const endpoint = (key: string): number => {
    const id = idOf(key);
    if (id !== undefined) return id;
    p.result.nodesCreated++;
    return create(kindOfKey(key), key, [], undefined);
  };
  const seenNew = new Map<string, EdgeRow>();
  for (const e of b.edges) {
    const s = endpoint(e.from);
    const d = endpoint(e.to);
    const k = EDGE_CODE[e.kind];
    const row: EdgeRow = { id: -1, src: s, dst: d, kind: k, at: e.at, until: e.until, qty: e.qty, uom: e.uom, deleted: false };
    const id = s < ix.n && d < ix.n ? ix.findEdge(s, d, k) : -1;
    if (id < 0) {
      row.id = ix.m + p.newEdges.length;
      p.newEdges.push(row);
      seenNew.set(`${k}|${s}|${d}`, row);
      p.result.edgesCreated++;
    } else if (!ix.isLive(id)) {
      p.updEdges.push({ ...row, id });
      p.result.edgesCreated++;
    } else if (sameNum(ix.at[id]!, e.at) && sameNum(ix.until[id]!, e.until) && sameNum(ix.qty[id]!, e.qty) && ix.uoms[ix.uom[id]!] === (e.uom ?? '')) {
      p.result.unchanged++;
    } else {
      p.updEdges.push({ ...row, id });
      p.result.edgesUpdated++;
    }
  }

  for (const r of b.removeEdges) {
    const s = idOf(r.from);
    const d = idOf(r.to);
    if (s === undefined || d === undefined) continue;
    const k = EDGE_CODE[r.kind];
    const fresh = seenNew.get(`${k}|${s}|${d}`);
    if (fresh) {
      fresh.deleted = true;
      p.result.edgesCreated--;
      continue;
    }
    const id = s < ix.n && d < ix.n ? ix.findEdge(s, d, k) : -1;
    const upd = p.updEdges.find((u) => u.id === id);
    if (upd) upd.deleted = true;
    else if (id >= 0 && ix.isLive(id)) {
      p.delEdges.push({ id, src: s, dst: d, kind: k, at: num(ix.at[id]!), until: num(ix.until[id]!), qty: num(ix.qty[id]!), uom: ix.uoms[ix.uom[id]!] || null, deleted: true });
    } else continue;
    p.result.edgesRemoved++;
  }
  return p;
}

/** True when the plan writes nothing. */
export const isEmpty = (p: Plan): boolean => p.newNodes.length + p.updNodes.length + p.newEdges.length + p.updEdges.length + p.delEdges.length === 0;

/** Applies a persisted plan to the index. */
export function apply(ix: GraphIndex, p: Plan): void {
  for (const n of p.newNodes) ix.addNode(n.kindName, n.key, n.ids, n.props);
  for (const n of p.updNodes) ix.updateNode(n.id, n.ids, n.props);
  for (const e of p.newEdges) {
    const id = ix.addEdge(e.src, e.dst, e.kind, e.at, e.until, e.qty, e.uom);
    if (e.deleted) ix.deleteEdge(id);
  }
  for (const e of p.updEdges) {
    ix.reviveEdge(e.id, e.at, e.until, e.qty, e.uom);
    if (e.deleted) ix.deleteEdge(e.id);
  }
  for (const e of p.delEdges) ix.deleteEdge(e.id);
}
