/**
 * Recall summary on Neo4j: the same rules as graph/embedded/recall.ts (read its header), over data
 * fetched in bulk after the forward trace. Kept line-for-line close to the embedded version so
 * the conformance suite's comparisons hold.
 */
import { materialOfKey, parseKey } from '../keys.ts';
import type { AffectedCustomer, AffectedLot, AffectedSerial, AffectedShipment, RecallImpact, StockStatus, SuspectConsumption } from '../store.ts';
import type { Seed, Visit } from './bfs.ts';
import type { Tx } from './connection.ts';
import { consumedCounts } from './cypher/recall.ts';
import { RecallData } from './recall-data.ts';

/** Summarises a forward visit from recall seeds. */
export async function summarise(tx: Tx, visit: Visit, seeds: Seed[], asOf: number | undefined): Promise<Omit<RecallImpact, 'suspects'>> {
  const data = new RecallData(tx, asOf);
  const n = visit.ids.length;
  const goods: number[] = [];
  for (let i = 0; i < n; i++) if (visit.kinds[i] === 'Lot' || visit.kinds[i] === 'Serial') goods.push(i);

  const materials = [...new Set(goods.map((i) => materialOfKey(visit.keys[i]!)!))];
  const matProps = await data.propsByKey(materials);
  const category = (key: string): string | null => {
    const c = matProps.get(materialOfKey(key)!)?.category;
    return typeof c === 'string' ? c : null;
  };
  const unknown = goods.filter((i) => category(visit.keys[i]!) === null).map((i) => visit.ids[i]!);
  const consumed = new Map<number, number>();
  if (unknown.length) for (const r of await tx.run(consumedCounts(unknown, asOf))) consumed.set(r.id as number, r.c as number);
  const finished = (i: number): boolean => {
    const c = category(visit.keys[i]!);
    return c === null ? (consumed.get(visit.ids[i]!) ?? 0) === 0 : c === 'finished';
  };

  let operations = 0;
  const serialIdx: number[] = [];
  const lotIdx: number[] = [];
  const shipIdx: number[] = [];
  const custIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = visit.kinds[i];
    if (k === 'Operation') operations++;
    else if (k === 'Serial' && finished(i)) serialIdx.push(i);
    else if (k === 'Lot' && finished(i)) lotIdx.push(i);
    else if (k === 'Shipment') shipIdx.push(i);
    else if (k === 'Customer') custIdx.push(i);
  }
  const id = (i: number) => visit.ids[i]!;
  const goodsIds = [...serialIdx, ...lotIdx].map(id);
  await data.load(goodsIds, 'out', ['SHIPPED_IN', 'PACKED_INTO', 'HAS_UNIT']);
  await data.load(goodsIds, 'in', ['HAS_UNIT', 'PRODUCED']);
  await data.load(shipIdx.map(id), 'in', ['SHIPPED_IN']);
  await data.load(shipIdx.map(id), 'out', ['DELIVERED_TO']);
  await data.load(seeds.map((s) => s.id), 'out', ['CONSUMED_BY']);
  await data.loadProps([...lotIdx, ...custIdx].map(id));
  // Units of finished lots, then containers transitively: everything shipmentsOf() will ask.
  const units = lotIdx.flatMap((i) => data.edges(id(i), 'out', 'HAS_UNIT').map((a) => a.other));
  await data.load(units, 'out', ['SHIPPED_IN', 'PACKED_INTO']);
  let containers = [...goodsIds, ...units].flatMap((g) => data.edges(g, 'out', 'PACKED_INTO').map((a) => a.other));
  const seenC = new Set<number>();
  while (containers.length) {
    const fresh = containers.filter((c) => !seenC.has(c));
    fresh.forEach((c) => seenC.add(c));
    await data.load(fresh, 'out', ['SHIPPED_IN', 'PACKED_INTO']);
    containers = fresh.flatMap((c) => data.edges(c, 'out', 'PACKED_INTO').map((a) => a.other));
  }

  const containerShipments = (c: number): Set<string> => {
    const out = new Set<string>();
    const seen = new Set<number>();
    const stack = [c];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const a of data.edges(x, 'out', 'SHIPPED_IN')) out.add(a.key);
      for (const a of data.edges(x, 'out', 'PACKED_INTO')) stack.push(a.other);
    }
    return out;
  };
  const shipmentsOf = (g: number) => {
    const shipments = new Set<string>();
    let packedQty = 0;
    let wholeLot = false;
    for (const a of data.edges(g, 'out', 'SHIPPED_IN')) {
      shipments.add(a.key);
      if (a.qty === null) wholeLot = true;
      else packedQty += a.qty;
    }
    for (const a of data.edges(g, 'out', 'PACKED_INTO')) {
      const via = containerShipments(a.other);
      if (via.size === 0) continue;
      for (const x of via) shipments.add(x);
      if (a.qty === null) wholeLot = true;
      else packedQty += a.qty;
    }
    return { shipments, packedQty, wholeLot };
  };
  const root = (i: number): number => {
    while (visit.parent[i]! >= 0) i = visit.parent[i]!;
    return i;
  };

  const shipments: AffectedShipment[] = shipIdx.map((i) => {
    const ins = data.edges(id(i), 'in', 'SHIPPED_IN').map((a) => a.at).filter((t): t is number => t !== null);
    const cs = data.edges(id(i), 'out', 'DELIVERED_TO').map((a) => a.key).sort();
    return { key: visit.keys[i]!, at: ins.length ? Math.min(...ins) : null, customers: cs };
  });
  const customers: AffectedCustomer[] = custIdx.map((i) => {
    const name = data.props.get(id(i))?.name;
    return { key: visit.keys[i]!, name: typeof name === 'string' ? name : null, shipments: 0 };
  });
  const shippedSerials = new Set<number>();
  const serials: AffectedSerial[] = serialIdx.map((i) => {
    const { shipments: sh } = shipmentsOf(id(i));
    if (sh.size) shippedSerials.add(id(i));
    const lotE = data.edges(id(i), 'in', 'HAS_UNIT')[0];
    const [material, serialNumber] = parseKey(visit.keys[i]!).parts as [string, string];
    return {
      key: visit.keys[i]!, material, serialNumber, lot: lotE === undefined ? null : lotE.key, depth: visit.depth[i]!,
      status: sh.size ? 'shipped' : 'in-stock', shipments: [...sh].sort(),
    };
  });
  const lots: AffectedLot[] = lotIdx.map((i) => {
    const p = data.props.get(id(i)) ?? {};
    const produced = data.edges(id(i), 'in', 'PRODUCED');
    let quantity: number | null = typeof p.quantity === 'number' ? p.quantity : null;
    if (quantity === null && produced.length && produced.every((a) => a.qty !== null)) quantity = produced.reduce((s, a) => s + a.qty!, 0);
    const uom = typeof p.uom === 'string' ? p.uom : produced.length ? produced[0]!.uom : null;
    const { packedQty, wholeLot, shipments: direct } = shipmentsOf(id(i));
    let shippedQuantity = packedQty;
    for (const a of data.edges(id(i), 'out', 'HAS_UNIT')) if (shippedSerials.has(a.other) || shipmentsOf(a.other).shipments.size) shippedQuantity += 1;
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
  const byCustomer = new Map(customers.map((c) => [c.key, c]));
  for (const s of shipments) for (const c of s.customers) { const cc = byCustomer.get(c); if (cc) cc.shipments++; }
  const consumptions: SuspectConsumption[] = [];
  for (const s of seeds) {
    for (const a of data.edges(s.id, 'out', 'CONSUMED_BY')) consumptions.push({ suspect: s.key, operation: a.key, qty: a.qty, uom: a.uom });
  }
  const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  lots.sort(byKey);
  serials.sort(byKey);
  shipments.sort(byKey);
  customers.sort(byKey);
  consumptions.sort((a, b) => (a.suspect + '\u0000' + a.operation < b.suspect + '\u0000' + b.operation ? -1 : 1));
  return {
    truncated: visit.truncated,
    totals: {
      finishedLots: lots.length, serials: serials.length, serialsShipped: shippedSerials.size, serialsInStock: serials.length - shippedSerials.size,
      shipments: shipments.length, customers: customers.length, operations, nodesReached: n,
    },
    finishedLots: lots, serials, shipments, customers, consumptions,
  };
}
