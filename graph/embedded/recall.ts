/**
 * Recall impact on the embedded index: a forward trace from the suspects, summarised.
 *
 * Semantics (every adapter follows them; graph/conformance pins them):
 * - a lot or serial is *finished* when its material's `props.category` is 'finished'; when the
 *   material gives no category, when nothing consumes it (the end of the production chain);
 * - a serial is *shipped* when it, or a container it is packed into (transitively), has a
 *   SHIPPED_IN edge (a container's while the serial was in it: graph/store.ts, "Containment in
 *   time"); its shipments are those;
 * - a lot's shipped quantity = the qty of its own SHIPPED_IN edges + the qty of its PACKED_INTO
 *   edges into containers that ship + 1 per shipped serial of the lot (HAS_UNIT); a shipping edge
 *   without qty ships the whole lot; quantity = props.quantity, else the sum of the qty of its
 *   PRODUCED and SUPPLIED edges (what came into existence: two receipts are one edge's total);
 * - quantities in different units are neither added nor compared (no conversion table; ingest/README.md
 *   item 7): when the lot's postings (PRODUCED, SUPPLIED, props.uom) or its shipping postings name two
 *   units, quantity and in-stock quantity are unknown (null) and the status is decided without them;
 *   shipped quantity counts the shipping postings in the lot's unit (or without one), and the serials;
 * - every edge later than `asOf` is ignored, also in the summary.
 */
import { finishRecall, lotStock, type Posting } from '../recall-summary.ts';
import { materialOfKey, parseKey } from '../keys.ts';
import { LIMITS, type AffectedCustomer, type AffectedLot, type AffectedSerial, type AffectedShipment, type RecallImpact, type StockStatus, type SuspectConsumption } from '../store.ts';
import { EDGE_CODE, NODE_CODE, type GraphIndex } from './graph-index.ts';
import { traverse, type Visit } from './traverse.ts';

const C = EDGE_CODE;
const K = NODE_CODE;

/** Live out-edges (CSR + delta) of `u` of edge kind `k`, respecting asOf. */
export function outEdges(ix: GraphIndex, u: number, k: number, asOf: number | undefined): number[] {
  return edgesOf(ix, u, k, asOf, true);
}

/** Live in-edges of `u` of edge kind `k`, respecting asOf. */
export function inEdges(ix: GraphIndex, u: number, k: number, asOf: number | undefined): number[] {
  return edgesOf(ix, u, k, asOf, false);
}

function edgesOf(ix: GraphIndex, u: number, k: number, asOf: number | undefined, out: boolean): number[] {
  const res: number[] = [];
  const ok = (e: number) => ix.kind[e] === k && ix.isLive(e) && !(asOf !== undefined && ix.at[e]! > asOf);
  const csr = out ? ix.fwd : ix.rev;
  if (u < ix.csrN) for (let p = csr.offsets[u]!; p < csr.offsets[u + 1]!; p++) if (ok(csr.edges[p]!)) res.push(csr.edges[p]!);
  for (const e of (out ? ix.deltaOut : ix.deltaIn).get(u) ?? []) if (ok(e)) res.push(e);
  return res;
}

const num = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Summarises a forward visit from recall seeds. */
export function summarise(ix: GraphIndex, visit: Visit, seeds: number[], asOf: number | undefined): Omit<RecallImpact, 'suspects'> {
  const props = (id: number): Record<string, unknown> => (ix.props[id] ? JSON.parse(ix.props[id]!) : {});
  const categoryCache = new Map<string, string | null>();
  const category = (key: string): string | null => {
    const mk = materialOfKey(key)!;
    if (!categoryCache.has(mk)) {
      const mid = ix.keyIndex.get(mk);
      const c = mid === undefined ? null : props(mid).category;
      categoryCache.set(mk, typeof c === 'string' ? c : null);
    }
    return categoryCache.get(mk)!;
  };
  const finished = (id: number): boolean => {
    const c = category(ix.keys[id]!);
    return c === null ? outEdges(ix, id, C.CONSUMED_BY, asOf).length === 0 : c === 'finished';
  };
  // per PACKED_INTO edge, once (a lot asks again of the serials the serial summary asked of)
  const viaCache = new Map<number, Set<number>>();
  const unitOf = (e: number): string | null => ix.uoms[ix.uom[e]!] || null;
  const shipmentsOf = (id: number): { shipments: Set<number>; posted: Posting[]; wholeLot: boolean } => {
    const shipments = new Set<number>();
    const posted: Posting[] = [];
    let wholeLot = false;
    for (const e of outEdges(ix, id, C.SHIPPED_IN, asOf)) {
      shipments.add(ix.dst[e]!);
      if (Number.isNaN(ix.qty[e]!)) wholeLot = true;
      else posted.push([ix.qty[e]!, unitOf(e)]);
    }
    for (const e of outEdges(ix, id, C.PACKED_INTO, asOf)) {
      let via = viaCache.get(e);
      if (via === undefined) viaCache.set(e, (via = packedShipments(ix, e, asOf)));
      if (via.size === 0) continue;
      for (const x of via) shipments.add(x);
      if (Number.isNaN(ix.qty[e]!)) wholeLot = true;
      else posted.push([ix.qty[e]!, unitOf(e)]);
    }
    return { shipments, posted, wholeLot };
  };

  const root = (i: number): number => {
    while (visit.parent[i]! >= 0) i = visit.parent[i]!;
    return visit.node[i]!;
  };
  const lots: AffectedLot[] = [];
  const serials: AffectedSerial[] = [];
  const shipments: AffectedShipment[] = [];
  const customers: AffectedCustomer[] = [];
  const shippedSerials = new Set<number>();
  let operations = 0;
  const serialIdx: number[] = [];
  const lotIdx: number[] = [];
  // A Serial reached only as something packed into (a serialised case, graph/model.ts) carries what
  // is recalled to its shipments but is not counted as a recalled serial. One that a reached
  // operation produced or a reached lot has as a unit (a device its components are also aggregated
  // into), or a suspect itself, is counted.
  // Asked only of finished serials that something is packed into (no work for plants without cases).
  const seedSet = new Set(seeds);
  let reached: Set<number> | undefined;
  const from = (id: number, k: number): boolean => inEdges(ix, id, k, asOf).some((e) => (reached ??= new Set(visit.node.subarray(0, visit.count))).has(ix.src[e]!));
  const isCase = (id: number): boolean => !seedSet.has(id) && from(id, C.PACKED_INTO) && !from(id, C.PRODUCED) && !from(id, C.HAS_UNIT);
  for (let i = 0; i < visit.count; i++) {
    const id = visit.node[i]!;
    const k = ix.nodeKind[id]!;
    if (k === K.Operation) operations++;
    else if (k === K.Serial && finished(id) && !isCase(id)) serialIdx.push(i);
    else if (k === K.Lot && finished(id)) lotIdx.push(i);
    else if (k === K.Shipment) {
      const ins = inEdges(ix, id, C.SHIPPED_IN, asOf).map((e) => ix.at[e]!).filter((t) => !Number.isNaN(t));
      const cs = outEdges(ix, id, C.DELIVERED_TO, asOf).map((e) => ix.keys[ix.dst[e]!]!).sort();
      shipments.push({ key: ix.keys[id]!, at: ins.length ? Math.min(...ins) : null, customers: cs });
    } else if (k === K.Customer) {
      const name = props(id).name;
      customers.push({ key: ix.keys[id]!, name: typeof name === 'string' ? name : null, shipments: 0 });
    }
  }
  for (const i of serialIdx) {
    const id = visit.node[i]!;
    const { shipments: sh } = shipmentsOf(id);
    if (sh.size) shippedSerials.add(id);
    const lotE = inEdges(ix, id, C.HAS_UNIT, asOf)[0];
    const [material, serialNumber] = parseKey(ix.keys[id]!).parts as [string, string];
    serials.push({
      key: ix.keys[id]!, material, serialNumber, lot: lotE === undefined ? null : ix.keys[ix.src[lotE]!]!, depth: visit.depth[i]!,
      status: sh.size ? 'shipped' : 'in-stock', shipments: [...sh].map((s) => ix.keys[s]!).sort(),
    });
  }
  for (const i of lotIdx) {
    const id = visit.node[i]!;
    const p = props(id);
    const made = [...inEdges(ix, id, C.PRODUCED, asOf), ...inEdges(ix, id, C.SUPPLIED, asOf)].sort((a, b) => a - b);
    const { posted, wholeLot, shipments: direct } = shipmentsOf(id);
    let units = 0;
    for (const e of outEdges(ix, id, C.HAS_UNIT, asOf)) {
      const s = ix.dst[e]!;
      if (shippedSerials.has(s) || shipmentsOf(s).shipments.size) units += 1;
    }
    const st = lotStock(p, made.map((e) => [Number.isNaN(ix.qty[e]!) ? null : ix.qty[e]!, unitOf(e)]), posted, units);
    const { quantity, uom } = st;
    let { shippedQuantity } = st;
    if (wholeLot && quantity !== null) shippedQuantity = quantity;
    let status: StockStatus;
    if (wholeLot || (quantity !== null && shippedQuantity >= quantity && shippedQuantity > 0)) status = 'shipped';
    else if (shippedQuantity > 0 || direct.size > 0) status = 'partially-shipped';
    else status = 'in-stock';
    const [material, lotNumber] = parseKey(ix.keys[id]!).parts as [string, string];
    lots.push({
      key: ix.keys[id]!, material, lotNumber, depth: visit.depth[i]!, quantity, uom, shippedQuantity,
      inStockQuantity: quantity === null ? null : Math.max(0, quantity - shippedQuantity), status, via: ix.keys[root(i)]!,
    });
  }
  const consumptions: SuspectConsumption[] = [];
  for (const s of seeds) {
    for (const e of outEdges(ix, s, C.CONSUMED_BY, asOf)) {
      consumptions.push({ suspect: ix.keys[s]!, operation: ix.keys[ix.dst[e]!]!, qty: num(ix.qty[e]!), uom: ix.uoms[ix.uom[e]!] || null });
    }
  }
  return finishRecall({ truncated: visit.truncated, lots, serials, shipments, customers, consumptions, shippedSerials: shippedSerials.size, operations, nodesReached: visit.count });
}

/** packedShipments' first hop, read by one filter (not a closure per call: the loader names each). */
const hop = { kind: new Uint8Array(0), e: -1 };
const alongPacking = (x: number, depth: number): boolean => (depth === 0 ? x === hop.e : hop.kind[x] === C.PACKED_INTO || hop.kind[x] === C.SHIPPED_IN);

/**
 * Shipments the container of PACKED_INTO edge `e`, or a container it is packed into (transitively),
 * went out in while the item was in it: a trace along that edge, then PACKED_INTO and SHIPPED_IN
 * only, with the windows of every trace (graph/store.ts, "Containment in time").
 */
function packedShipments(ix: GraphIndex, e: number, asOf: number | undefined): Set<number> {
  hop.kind = ix.kind;
  hop.e = e;
  const v = traverse(ix, [ix.src[e]!], { way: 'out', maxDepth: LIMITS.maxDepth, asOf, limit: LIMITS.maxNodeCap, edgeOk: alongPacking });
  const out = new Set<number>();
  for (let i = 1; i < v.count; i++) if (ix.nodeKind[v.node[i]!] === K.Shipment) out.add(v.node[i]!);
  return out;
}
