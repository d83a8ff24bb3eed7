/**
 * The hand-drawn mini plant every trace and recall scenario runs on. All ids carry a per-run
 * prefix `p`, so several runs can share one database (one Neo4j) without seeing each other.
 *
 * Times are March 2026, UTC ("03T08" = 2026-03-03T08:00Z). qty/uom where given.
 *
 *   SUP-A --SUPPLIED 01T08 50kg--> RESIN/L1 --CONSUMED_BY 03T08 20kg--> MOLD1 --PRODUCED 03T10 8ea--> H1
 *   SUP-B --SUPPLIED 02T08 10ea--> PCB/L1   --CONSUMED_BY 03T09 4ea---> SMT1  --PRODUCED 03T11 4ea--> B1
 *   SUP-A --SUPPLIED 10T08 30kg--> RESIN/L2 --CONSUMED_BY 12T08 10kg--> MOLD2 --PRODUCED 12T10 4ea--> H2
 *   PRESS1 --USED_IN 03T08--> MOLD1      PRESS1 --USED_IN 12T08--> MOLD2      LINE1 --USED_IN 03T09--> SMT1
 *
 *   merge:  H1 --CONSUMED_BY 05T08 3ea--> ASSY1 <--CONSUMED_BY 05T08 3ea-- B1 ;  ASSY1 --PRODUCED 05T12 3ea--> D1
 *   split:  H1 --CONSUMED_BY 06T08 5ea--> ASSY2 --PRODUCED 06T12 5ea--> D2
 *           H2 --CONSUMED_BY 13T08 4ea--> ASSY3 --PRODUCED 13T12 4ea--> D3
 *   units:  D1 --HAS_UNIT (no time)--> SN1, SN2, SN3 ;  D2 --HAS_UNIT (no time)--> SN4
 *   rework: SN3 --CONSUMED_BY 07T08--> RWK1 --PRODUCED 07T10--> SN3            (a cycle)
 *   packing: SN1, SN2 --PACKED_INTO 07T12--> CASE1 --PACKED_INTO 07T13--> PAL1
 *   shipping: PAL1 --SHIPPED_IN 08T08--> SHP1 --DELIVERED_TO 09T08--> CUST1
 *             SN3 --SHIPPED_IN 08T09--> SHP2 ;  D2 --SHIPPED_IN 08T09 2ea--> SHP2 --DELIVERED_TO 09T09--> CUST2
 *   reference (never traced): H1, H2 --OF_MATERIAL--> HOUSING
 *
 * Lot numbers repeat: RESIN/L1 and PCB/L1 share the lot number `${p}-L1` (and the alias).
 * Material categories: RESIN, PCB raw; HOUSING component; BOARD subassembly; DEVICE finished.
 * D1..D3 are DEVICE lots, SN1..SN4 DEVICE serials. D1 quantity 3, D2 quantity 5 (props), D3 none
 * (its PRODUCED edge says 4 ea).
 *
 * Counts: 35 nodes (Material 5, Supplier 2, Customer 2, Lot 9, Serial 4, Container 2, Operation 7,
 * Equipment 2, Shipment 2) and 35 edges (SUPPLIED 3, USED_IN 3, CONSUMED_BY 8, PRODUCED 7,
 * HAS_UNIT 4, PACKED_INTO 3, SHIPPED_IN 3, DELIVERED_TO 2, OF_MATERIAL 2).
 */
import { parseInstant } from '../../lib/time.ts';
import {
  containerKey, customerKey, equipmentKey, lotKey, materialKey, operationKey, serialKey, shipmentKey, supplierKey,
} from '../keys.ts';
import type { Batch, EdgeInput, EdgeKind, NodeInput } from '../model.ts';

/** A fresh run prefix: lower-case letters and digits, unique enough for runs sharing one database. */
export function runPrefix(): string {
  return 'c' + Math.random().toString(36).slice(2, 8) + Date.now().toString(36).slice(-3);
}

/** `T(3, 8)` = 2026-03-03T08:00:00Z as an ISO string. */
export const T = (day: number, hour: number, minute = 0): string =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;
/** The same instant in epoch milliseconds. */
export const ms = (day: number, hour: number, minute = 0): number => Date.parse(T(day, hour, minute));

/** Keys of the mini plant's nodes. */
export function plantKeys(p: string) {
  const m = (id: string) => `${p}-${id}`;
  return {
    mResin: materialKey(m('RESIN')), mPcb: materialKey(m('PCB')), mHousing: materialKey(m('HOUSING')),
    mBoard: materialKey(m('BOARD')), mDevice: materialKey(m('DEVICE')),
    supA: supplierKey(m('SUP-A')), supB: supplierKey(m('SUP-B')),
    cust1: customerKey(m('CUST1')), cust2: customerKey(m('CUST2')),
    resinL1: lotKey(m('RESIN'), m('L1')), resinL2: lotKey(m('RESIN'), m('L2')), pcbL1: lotKey(m('PCB'), m('L1')),
    h1: lotKey(m('HOUSING'), m('H1')), h2: lotKey(m('HOUSING'), m('H2')), b1: lotKey(m('BOARD'), m('B1')),
    d1: lotKey(m('DEVICE'), m('D1')), d2: lotKey(m('DEVICE'), m('D2')), d3: lotKey(m('DEVICE'), m('D3')),
    s1: serialKey(m('DEVICE'), m('SN1')), s2: serialKey(m('DEVICE'), m('SN2')),
    s3: serialKey(m('DEVICE'), m('SN3')), s4: serialKey(m('DEVICE'), m('SN4')),
    case1: containerKey(m('CASE1')), pal1: containerKey(m('PAL1')),
    mold1: operationKey(m('MOLD1')), smt1: operationKey(m('SMT1')), assy1: operationKey(m('ASSY1')),
    assy2: operationKey(m('ASSY2')), rwk1: operationKey(m('RWK1')), mold2: operationKey(m('MOLD2')),
    assy3: operationKey(m('ASSY3')),
    press1: equipmentKey(m('PRESS1')), line1: equipmentKey(m('LINE1')),
    shp1: shipmentKey(m('SHP1')), shp2: shipmentKey(m('SHP2')),
  };
}
export type PlantKeys = ReturnType<typeof plantKeys>;

/** The mini plant: its keys, the batch that writes it, and an index of its edges for witness checks. */
export interface Plant {
  p: string;
  k: PlantKeys;
  batch: Batch;
  /** `${kind}|${from}|${to}` -> the edge's time in epoch ms (null when it has none). */
  edges: Map<string, number | null>;
}

/** Builds the mini plant for prefix `p`. */
export function miniPlant(p: string): Plant {
  const k = plantKeys(p);
  const a = (id: string) => `${p}-${id}`;
  const nodes: NodeInput[] = [
    { kind: 'Material', key: k.mResin, props: { category: 'raw', name: 'PC resin' } },
    { kind: 'Material', key: k.mPcb, props: { category: 'raw', name: 'Bare PCB' } },
    { kind: 'Material', key: k.mHousing, props: { category: 'component', name: 'Housing' } },
    { kind: 'Material', key: k.mBoard, props: { category: 'subassembly', name: 'Board' } },
    { kind: 'Material', key: k.mDevice, props: { category: 'finished', name: 'Device' } },
    { kind: 'Supplier', key: k.supA, props: { name: 'Resin Co' } },
    { kind: 'Supplier', key: k.supB, props: { name: 'Board Co' } },
    { kind: 'Customer', key: k.cust1, props: { name: 'Clinic One' } },
    { kind: 'Customer', key: k.cust2, props: { name: 'Clinic Two' } },
    { kind: 'Lot', key: k.resinL1, ids: [a('L1'), a('ERP-RL1')], props: { quantity: 50, uom: 'kg' } },
    { kind: 'Lot', key: k.resinL2, ids: [a('ERP-RL2')], props: { quantity: 30, uom: 'kg' } },
    { kind: 'Lot', key: k.pcbL1, ids: [a('L1'), a('ERP-PL1')], props: { quantity: 10, uom: 'ea' } },
    { kind: 'Lot', key: k.h1 }, { kind: 'Lot', key: k.h2 }, { kind: 'Lot', key: k.b1 },
    { kind: 'Lot', key: k.d1, props: { quantity: 3, uom: 'ea' } },
    { kind: 'Lot', key: k.d2, props: { quantity: 5, uom: 'ea' } },
    { kind: 'Lot', key: k.d3 },
    ...[k.s1, k.s2, k.s3, k.s4].map((key, i): NodeInput => ({ kind: 'Serial', key, ids: [a(`EPC-SN${i + 1}`)] })),
    { kind: 'Container', key: k.case1 }, { kind: 'Container', key: k.pal1 },
    ...[k.mold1, k.smt1, k.assy1, k.assy2, k.rwk1, k.mold2, k.assy3].map((key): NodeInput => ({ kind: 'Operation', key })),
    { kind: 'Equipment', key: k.press1 }, { kind: 'Equipment', key: k.line1 },
    { kind: 'Shipment', key: k.shp1 }, { kind: 'Shipment', key: k.shp2 },
  ];
  const e = (kind: EdgeKind, from: string, to: string, at?: string | number, qty?: number, uom?: string): EdgeInput =>
    ({ kind, from, to, ...(at !== undefined ? { at } : {}), ...(qty !== undefined ? { qty, uom: uom ?? null } : {}) });
  const edges: EdgeInput[] = [
    e('SUPPLIED', k.supA, k.resinL1, T(1, 8), 50, 'kg'),
    e('SUPPLIED', k.supB, k.pcbL1, T(2, 8), 10, 'ea'),
    e('SUPPLIED', k.supA, k.resinL2, T(10, 8), 30, 'kg'),
    e('USED_IN', k.press1, k.mold1, T(3, 8)),
    e('USED_IN', k.line1, k.smt1, T(3, 9)),
    e('USED_IN', k.press1, k.mold2, T(12, 8)),
    e('CONSUMED_BY', k.resinL1, k.mold1, T(3, 8), 20, 'kg'),
    e('CONSUMED_BY', k.pcbL1, k.smt1, T(3, 9), 4, 'ea'),
    e('PRODUCED', k.mold1, k.h1, T(3, 10), 8, 'ea'),
    e('PRODUCED', k.smt1, k.b1, T(3, 11), 4, 'ea'),
    e('CONSUMED_BY', k.h1, k.assy1, T(5, 8), 3, 'ea'),
    e('CONSUMED_BY', k.b1, k.assy1, T(5, 8), 3, 'ea'),
    e('PRODUCED', k.assy1, k.d1, T(5, 12), 3, 'ea'),
    e('CONSUMED_BY', k.h1, k.assy2, T(6, 8), 5, 'ea'),
    e('PRODUCED', k.assy2, k.d2, T(6, 12), 5, 'ea'),
    e('CONSUMED_BY', k.resinL2, k.mold2, T(12, 8), 10, 'kg'),
    e('PRODUCED', k.mold2, k.h2, T(12, 10), 4, 'ea'),
    e('CONSUMED_BY', k.h2, k.assy3, T(13, 8), 4, 'ea'),
    e('PRODUCED', k.assy3, k.d3, T(13, 12), 4, 'ea'),
    e('HAS_UNIT', k.d1, k.s1), e('HAS_UNIT', k.d1, k.s2), e('HAS_UNIT', k.d1, k.s3), e('HAS_UNIT', k.d2, k.s4),
    e('CONSUMED_BY', k.s3, k.rwk1, T(7, 8)),
    e('PRODUCED', k.rwk1, k.s3, T(7, 10)),
    e('PACKED_INTO', k.s1, k.case1, T(7, 12)),
    e('PACKED_INTO', k.s2, k.case1, T(7, 12)),
    e('PACKED_INTO', k.case1, k.pal1, T(7, 13)),
    // Epoch-millisecond times too: both forms are accepted on write.
    e('SHIPPED_IN', k.pal1, k.shp1, ms(8, 8)),
    e('SHIPPED_IN', k.s3, k.shp2, ms(8, 9)),
    e('SHIPPED_IN', k.d2, k.shp2, ms(8, 9), 2, 'ea'),
    e('DELIVERED_TO', k.shp1, k.cust1, T(9, 8)),
    e('DELIVERED_TO', k.shp2, k.cust2, T(9, 9)),
    e('OF_MATERIAL', k.h1, k.mHousing), e('OF_MATERIAL', k.h2, k.mHousing),
  ];
  const index = new Map<string, number | null>();
  for (const x of edges) index.set(`${x.kind}|${x.from}|${x.to}`, x.at === undefined || x.at === null ? null : parseInstant(x.at));
  return { p, k, batch: { nodes, edges }, edges: index };
}
