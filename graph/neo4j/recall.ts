/**
 * Recall summary on Neo4j: the same rules as graph/embedded/recall.ts (read its header), over the
 * closure the recall query returned (cypher/trace.ts with `recall`): no further queries. Kept
 * line-for-line close to the embedded version so the conformance suite's comparisons hold.
 */
import { finishRecall, lotStock, type Posting } from '../recall-summary.ts';
import { kindOfKey, parseKey } from '../keys.ts';
import type { AffectedCustomer, AffectedLot, AffectedSerial, AffectedShipment, RecallImpact, StockStatus, SuspectConsumption } from '../store.ts';
import { containmentWindow, type EdgeKind } from '../model.ts';
import type { Seed, Visit } from './bfs.ts';
import type { ClosureNode } from './closure.ts';

/** An out-edge as the summary reads it. */
interface Adj {
  other: number;
  key: string;
  qty: number | null;
  uom: string | null;
  /** Where windows matter (closure.ts Next), else null. */
  at: number | null;
  until: number | null;
}

/** Sorts `[edgeId, ...]` tuples by edge id (creation order, as the embedded store lists edges). */
const byEdge = <T extends [number, ...unknown[]]>(xs: T[]): T[] => xs.sort((a, b) => a[0] - b[0]);

/** Summarises a forward visit from recall seeds. */
export function summarise(closure: Map<number, ClosureNode>, visit: Visit, seeds: Seed[]): Omit<RecallImpact, 'suspects'> {
  const n = visit.ids.length;
  const node = (id: number): ClosureNode => {
    const c = closure.get(id);
    if (!c) throw new Error(`recall: node ${id} is not in the closure`);
    return c;
  };
  const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : null);
  const out = (id: number, k: EdgeKind): Adj[] => node(id).next.filter((x) => x[1] === k).map((x) => ({ other: x[2], key: x[3], qty: x[4] ?? null, uom: x[5] || null, at: x[6] ?? null, until: x[7] ?? null }));
  const category = (i: number): string | null => {
    const c = json(node(visit.ids[i]!).row.category);
    return typeof c === 'string' ? c : null;
  };
  const finished = (i: number): boolean => {
    const c = category(i);
    return c === null ? out(visit.ids[i]!, 'CONSUMED_BY').length === 0 : c === 'finished';
  };

  let operations = 0;
  const serialIdx: number[] = [];
  const lotIdx: number[] = [];
  const shipIdx: number[] = [];
  const custIdx: number[] = [];
  // A Serial reached only as something packed into is a serialised case, not a counted unit; one a
  // reached operation produced or a reached lot has as a unit, or a suspect, is (as the embedded store).
  // The closure holds out-edges only: one pass over the reached nodes' edges.
  const cases = new Set<number>();
  const made = new Set<number>(seeds.map((x) => x.id));
  for (let i = 0; i < n; i++) {
    for (const [, kind, other, key] of node(visit.ids[i]!).next) {
      if (kind === 'PACKED_INTO' && kindOfKey(key) === 'Serial') cases.add(other);
      else if (kind === 'PRODUCED' || kind === 'HAS_UNIT') made.add(other);
    }
  }
  for (const m of made) cases.delete(m);
  for (let i = 0; i < n; i++) {
    const k = visit.kinds[i];
    if (k === 'Operation') operations++;
    else if (k === 'Serial' && finished(i) && !cases.has(visit.ids[i]!)) serialIdx.push(i);
    else if (k === 'Lot' && finished(i)) lotIdx.push(i);
    else if (k === 'Shipment') shipIdx.push(i);
    else if (k === 'Customer') custIdx.push(i);
  }
  const id = (i: number) => visit.ids[i]!;

  // The shipments of what was in container c while `packed` held it (graph/store.ts "Containment in
  // time"): containers it went into only while they overlap, shipments at a time within the window.
  const containerShipments = (c: number, packed: Adj): Set<string> => {
    const found = new Set<string>();
    const seen = new Map<number, [number, number][]>();
    const stack: [number, number, number][] = [[c, ...containmentWindow(packed.at, packed.until)]];
    while (stack.length) {
      const [x, lo, hi] = stack.pop()!;
      const ws = seen.get(x) ?? seen.set(x, []).get(x)!;
      if (ws.some(([l, h]) => l <= lo && hi <= h)) continue;
      ws.push([lo, hi]);
      for (const a of out(x, 'SHIPPED_IN')) if (a.at === null || (lo <= a.at && a.at <= hi)) found.add(a.key);
      for (const a of out(x, 'PACKED_INTO')) {
        const [l, h] = containmentWindow(a.at, a.until);
        if (Math.max(lo, l) <= Math.min(hi, h)) stack.push([a.other, Math.max(lo, l), Math.min(hi, h)]);
      }
    }
    return found;
  };
  const shipmentsOf = (g: number) => {
    const shipments = new Set<string>();
    const posted: Posting[] = [];
    let wholeLot = false;
    for (const a of out(g, 'SHIPPED_IN')) {
      shipments.add(a.key);
      if (a.qty === null) wholeLot = true;
      else posted.push([a.qty, a.uom]);
    }
    for (const a of out(g, 'PACKED_INTO')) {
      const via = containerShipments(a.other, a);
      if (via.size === 0) continue;
      for (const x of via) shipments.add(x);
      if (a.qty === null) wholeLot = true;
      else posted.push([a.qty, a.uom]);
    }
    return { shipments, posted, wholeLot };
  };
  const root = (i: number): number => {
    while (visit.parent[i]! >= 0) i = visit.parent[i]!;
    return i;
  };

  const shipments: AffectedShipment[] = shipIdx.map((i) => {
    const ins = (node(id(i)).row.shippedAt as number[] | null) ?? [];
    const cs = out(id(i), 'DELIVERED_TO').map((a) => a.key).sort();
    return { key: visit.keys[i]!, at: ins.length ? Math.min(...ins) : null, customers: cs };
  });
  const customers: AffectedCustomer[] = custIdx.map((i) => {
    const name = json(node(id(i)).row.name);
    return { key: visit.keys[i]!, name: typeof name === 'string' ? name : null, shipments: 0 };
  });
  const shippedSerials = new Set<number>();
  const serials: AffectedSerial[] = serialIdx.map((i) => {
    const { shipments: sh } = shipmentsOf(id(i));
    if (sh.size) shippedSerials.add(id(i));
    const lotE = byEdge((node(id(i)).row.unitOf as [number, string][] | null) ?? [])[0];
    const [material, serialNumber] = parseKey(visit.keys[i]!).parts as [string, string];
    return {
      key: visit.keys[i]!, material, serialNumber, lot: lotE === undefined ? null : lotE[1], depth: visit.depth[i]!,
      status: sh.size ? 'shipped' : 'in-stock', shipments: [...sh].sort(),
    };
  });
  const lots: AffectedLot[] = lotIdx.map((i) => {
    const row = node(id(i)).row;
    // what made the lot: its PRODUCED and SUPPLIED edges (totals), in edge order, as the embedded store
    const made = byEdge([...((row.produced as [number, number | null, string | null][] | null) ?? []), ...((row.supplied as [number, number | null, string | null][] | null) ?? [])]);
    const { posted, wholeLot, shipments: direct } = shipmentsOf(id(i));
    let units = 0;
    for (const a of out(id(i), 'HAS_UNIT')) if (shippedSerials.has(a.other) || shipmentsOf(a.other).shipments.size) units += 1;
    const st = lotStock({ quantity: json(row.quantity), uom: json(row.uom) }, made.map((a) => [a[1] ?? null, a[2] || null]), posted, units);
    const { quantity, uom } = st;
    let { shippedQuantity } = st;
    if (wholeLot && quantity !== null) shippedQuantity = quantity;
    let status: StockStatus;
    if (wholeLot || (quantity !== null && shippedQuantity >= quantity && shippedQuantity > 0)) status = 'shipped';
    else if (shippedQuantity > 0 || direct.size > 0) status = 'partially-shipped';
    else status = 'in-stock';
    const [material, lotNumber] = parseKey(visit.keys[i]!).parts as [string, string];
    return {
      key: visit.keys[i]!, material, lotNumber, depth: visit.depth[i]!, quantity, uom, shippedQuantity,
      inStockQuantity: quantity === null ? null : Math.max(0, quantity - shippedQuantity), status, via: visit.keys[root(i)]!,
    };
  });
  const consumptions: SuspectConsumption[] = [];
  for (const s of seeds) {
    for (const a of out(s.id, 'CONSUMED_BY')) consumptions.push({ suspect: s.key, operation: a.key, qty: a.qty, uom: a.uom });
  }
  return finishRecall({ truncated: visit.truncated, lots, serials, shipments, customers, consumptions, shippedSerials: shippedSerials.size, operations, nodesReached: n });
}
