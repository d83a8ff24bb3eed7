/**
 * CSV templates for what happens: receipts (supplier lots), operations, consumptions, productions,
 * serials, packing, shipments and shipment lines. Each row asserts one flow edge (or a few).
 */
import { containerKey, customerKey, equipmentKey, lotKey, materialKey, operationKey, serialKey, shipmentKey, siteKey, supplierKey } from '../../graph/keys.ts';
import type { EdgeInput, NodeInput } from '../../graph/model.ts';
import { equipmentIdOf } from '../gs1/index.ts';
import { containerOfValue, gs1Of } from './gs1-forms.ts';
import { flag, list, num, opt, props, ref, str, type Column, type Template, type Values } from './template.ts';

const QTY: Column[] = [
  { name: 'qty', type: 'number', doc: 'quantity' },
  { name: 'uom', type: 'text', doc: 'unit of measure of qty (converted by the mapping\'s units table)' },
];
/** On the templates whose rows post a quantity: a row that takes an earlier posting back (ingest/README.md, "Reversals"). */
const REVERSAL: Column = {
  name: 'reversal',
  type: 'flag',
  late: true,
  doc: 'yes when the row reverses an earlier posting of the same item (a cancelled goods issue, receipt or delivery line): its qty is taken off the edge\'s total, and an edge whose postings cancel out is removed; needs qty; the export\'s own codes (SAP movement types 102, 262...) through the mapping\'s reversalValues',
};
/** On the same templates: the export's own id of the posting, whose later versions replace it (ingest/README.md, "Postings edited in place"). */
const POSTING: Column = {
  name: 'posting',
  type: 'text',
  late: true,
  doc: 'the export\'s own id of this posting (material document and line, MES transaction id), unique within the row\'s first column (its operation, shipment, container or supplier): a later row with the same posting and other values replaces it (an ERP row edited in place), and the version it replaces no longer counts; empty: every row that differs is another posting',
};
const ITEM: Column[] = [
  { name: 'material', type: 'text', doc: 'part number of the lot or serial' },
  { name: 'lot', type: 'text', doc: 'lot number (with material)' },
  { name: 'serial', type: 'text', doc: 'serial number (with material)' },
  { name: 'container', type: 'text', doc: 'SSCC or case/pallet id' },
];

/**
 * The material, lot and serial a row names. A whole SGTIN/LGTIN (element string, EPC URN, Digital
 * Link) in the serial or the lot column names its GTIN-14 as the material and its serial or lot, as
 * EPCIS does, so every form of one item meets in one node; each column is read so, the serial's
 * GTIN first. A value that is not a GS1 form is the number as given.
 */
export function itemIds(v: Values): { material: string | undefined; lot: string | undefined; serial: string | undefined } {
  let material = opt(v, 'material');
  let serial = opt(v, 'serial');
  let lot = opt(v, 'lot');
  const gs = serial ? gs1Of(serial) : null;
  if (gs?.gtin && (gs.kind === 'serial' || gs.kind === 'lot')) {
    material = gs.gtin;
    // an LGTIN in the serial column names a lot
    serial = gs.serial;
    if (gs.lot !== undefined) lot = gs.lot;
  }
  const gl = lot ? gs1Of(lot) : null;
  // a plain serial of a material the row names is keyed by that material: an LGTIN of another GTIN in
  // the lot column does not move it (other rows name the serial by the material alone); its lot
  // number is the lot of that material
  const keepsMaterial = serial !== undefined && !gs?.gtin && material !== undefined && gl?.gtin !== undefined && gl.gtin.replace(/^0+/, '') !== material.replace(/^0+/, '');
  if (keepsMaterial && gl?.kind === 'lot') lot = gl.lot;
  else if (gl?.gtin && (gl.kind === 'lot' || gl.kind === 'serial')) {
    if (!gs?.gtin) material = gl.gtin;
    lot = gl.lot;
    // an SGTIN in the lot column names a serial
    if (gl.kind === 'serial') serial ??= gl.serial;
  }
  return { material, lot, serial };
}

/**
 * The lot, serial or container a row names (checked present by `oneOf`), with its material link. With
 * `unitOfLot` (consumptions, productions: where a serialised unit is made or used, often the only rows
 * that say its lot), a serial named with its lot is that lot's unit (Lot -HAS_UNIT-> Serial, without a
 * time, as serials.csv says it with one), so a trace or recall from the lot reaches it. Packing and
 * shipment lines keep the lot as the serial's `lot` prop only: their serials were made, and linked,
 * before, and an edge written again without a time would take the time serials.csv gave it.
 */
function item(v: Values, unitOfLot = false): { key: string; nodes: NodeInput[]; edges: EdgeInput[] } {
  const { material, lot, serial } = itemIds(v);
  // the ids: the number, and the value as given when it was a GS1 form
  const idsOf = (n: string, col: string) => [...new Set([n, opt(v, col) ?? n])];
  if (material && serial) {
    const key = serialKey(material, serial);
    const ids = idsOf(serial, 'serial');
    const of: EdgeInput = { kind: 'OF_MATERIAL', from: key, to: materialKey(material) };
    if (!lot) return { key, nodes: [{ kind: 'Serial', key, ids }], edges: [of] };
    const lk = lotKey(material, lot);
    if (!unitOfLot) return { key, nodes: [{ kind: 'Serial', key, ids, props: { lot: lk } }], edges: [of] };
    return {
      key,
      nodes: [{ kind: 'Serial', key, ids, props: { lot: lk } }, { kind: 'Lot', key: lk, ids: idsOf(lot, 'lot') }],
      edges: [of, { kind: 'HAS_UNIT', from: lk, to: key }, { kind: 'OF_MATERIAL', from: lk, to: materialKey(material) }],
    };
  }
  if (material && lot) {
    const key = lotKey(material, lot);
    return { key, nodes: [{ kind: 'Lot', key, ids: idsOf(lot, 'lot') }], edges: [{ kind: 'OF_MATERIAL', from: key, to: materialKey(material) }] };
  }
  const c = opt(v, 'container');
  if (c) {
    const { id, kase } = containerOfValue(c);
    // A serialised case (an SGTIN) moves as its Serial, what its EPC names (its Container, the
    // contents' side, is PACKED_INTO that Serial: packing `into`), as an EPCIS child EPC does.
    if (kase) return { key: kase.key, ...caseSerial(kase, c) };
    const key = containerKey(id);
    return { key, nodes: [{ kind: 'Container', key, ids: [...new Set([id, c])] }], edges: [] };
  }
  throw new Error('a lot (material + lot), a serial (material + serial) or a container is required');
}

/** The Serial node of a serialised case, keeping the value as given, with its material link. */
const caseSerial = (kase: { key: string; gtin: string }, raw: string): { nodes: NodeInput[]; edges: EdgeInput[] } => ({
  nodes: [{ kind: 'Serial', key: kase.key, ids: [raw] }],
  edges: [{ kind: 'OF_MATERIAL', from: kase.key, to: materialKey(kase.gtin) }],
});


/**
 * A flow edge with the row's quantity and unit (one object of fixed shape per row); a reversal posts
 * the quantity negated (posting totals take it off, ingest/pipeline/posting-totals.ts).
 */
const flow = (v: Values, kind: EdgeInput['kind'], from: string, to: string, at: number): EdgeInput => {
  const q = num(v, 'qty');
  return { kind, from, to, at, qty: q !== null && flag(v, 'reversal') ? -q : q, uom: opt(v, 'uom') ?? null };
};

export const receipts: Template = {
  name: 'receipts',
  doc: 'supplier lots received: Supplier -SUPPLIED-> Lot',
  columns: [
    { name: 'supplier', type: 'text', required: true, doc: 'supplier id' },
    { name: 'material', type: 'text', required: true, doc: 'part number' },
    { name: 'lot', type: 'text', required: true, doc: 'lot number (the supplier\'s, as printed)' },
    { name: 'received_at', type: 'time', required: true, doc: 'time of receipt' },
    ...QTY,
    { name: 'expiry', type: 'time', doc: 'expiry date' },
    { name: 'po', type: 'text', doc: 'purchase order' },
    REVERSAL,
    POSTING,
  ],
  key: ['supplier', 'material', 'lot'],
  build: (v) => {
    const at = v.received_at as number;
    // the supplier's label scanned into the lot column (an LGTIN) is the lot it names
    const ids = itemIds(v);
    const [material, number] = [ids.material ?? str(v, 'material'), ids.lot ?? str(v, 'lot')];
    const lot = lotKey(material, number);
    // a reversal (a return to the supplier) leaves what the receipt said of the lot. The qty and uom
    // stay on the SUPPLIED edge, whose total counts every receipt (as productions, flowTemplate): a
    // quantity prop per row kept the last receipt alone (QA qa-csv.md D5)
    const p = flag(v, 'reversal') ? {} : props({ receivedAt: at, expiry: num(v, 'expiry'), po: opt(v, 'po') });
    return {
      at,
      batch: {
        nodes: [{ kind: 'Lot', key: lot, ids: [...new Set([number, str(v, 'lot')])], props: p }, ref('Supplier', supplierKey(str(v, 'supplier')), str(v, 'supplier'))],
        edges: [flow(v, 'SUPPLIED', supplierKey(str(v, 'supplier')), lot, at), { kind: 'OF_MATERIAL', from: lot, to: materialKey(material) }],
      },
    };
  },
};

export const operations: Template = {
  name: 'operations',
  doc: 'one execution of a process step; equipment used -USED_IN-> it',
  columns: [
    { name: 'operation', type: 'text', required: true, doc: 'operation id (unique per execution)' },
    { name: 'work_order', type: 'text', doc: 'work order' },
    { name: 'step', type: 'text', doc: 'routing step / process' },
    { name: 'routing_version', type: 'text', doc: 'routing version' },
    { name: 'started_at', type: 'time', required: true, doc: 'start time' },
    { name: 'ended_at', type: 'time', doc: 'end time' },
    { name: 'operator', type: 'text', doc: 'operator' },
    { name: 'result', type: 'text', doc: 'pass / fail / ...' },
    { name: 'equipment', type: 'list', doc: 'equipment ids used, separated by | or ; (GIAI/GRAI as in equipment.csv)' },
    { name: 'site', type: 'text', doc: 'site id' },
  ],
  key: ['operation'],
  build: (v) => {
    const key = operationKey(str(v, 'operation'));
    const at = v.started_at as number;
    const used = list(v, 'equipment').map((e) => ref('Equipment', equipmentKey(equipmentIdOf(e)), e));
    const edges: EdgeInput[] = used.map((e) => ({ kind: 'USED_IN', from: e.key, to: key, at }));
    const site = opt(v, 'site');
    if (site) {
      edges.push({ kind: 'AT_SITE', from: key, to: siteKey(site) });
      used.push(ref('Site', siteKey(site), site));
    }
    const p = props({ workOrder: opt(v, 'work_order'), process: opt(v, 'step'), routingVersion: opt(v, 'routing_version'), start: at, end: num(v, 'ended_at'), operator: opt(v, 'operator'), result: opt(v, 'result') });
    return { at, batch: { nodes: [{ kind: 'Operation', key, ids: [str(v, 'operation')], props: p }, ...used], edges } };
  },
};

const flowTemplate = (name: string, doc: string, timeCol: string, kind: 'CONSUMED_BY' | 'PRODUCED'): Template => ({
  name,
  doc,
  columns: [{ name: 'operation', type: 'text', required: true, doc: 'operation id' }, ...ITEM, ...QTY, { name: timeCol, type: 'time', required: true, doc: 'time of the movement' }, REVERSAL, POSTING],
  key: ['operation', 'material', 'lot', 'serial', 'container'],
  oneOf: ['lot', 'serial', 'container'],
  build: (v) => {
    const it = item(v, true);
    const op = operationKey(str(v, 'operation'));
    const at = v[timeCol] as number;
    // The qty stays on the edge: a lot's quantity is the sum of what produced it (graph/store.ts), as
    // from EPCIS outputs; a props.quantity per row would keep only the last run, and ignore asOf.
    const e = kind === 'CONSUMED_BY' ? flow(v, kind, it.key, op, at) : flow(v, kind, op, it.key, at);
    return { at, batch: { nodes: [...it.nodes, ref('Operation', op, str(v, 'operation'))], edges: [e, ...it.edges] } };
  },
});

export const consumptions = flowTemplate('consumptions', 'material consumed by an operation: Lot|Serial|Container -CONSUMED_BY-> Operation', 'consumed_at', 'CONSUMED_BY');
export const productions = flowTemplate('productions', 'output of an operation: Operation -PRODUCED-> Lot|Serial', 'produced_at', 'PRODUCED');

export const serials: Template = {
  name: 'serials',
  doc: 'serialised units of a lot: Lot -HAS_UNIT-> Serial',
  columns: [
    { name: 'material', type: 'text', required: true, doc: 'part number' },
    { name: 'lot', type: 'text', required: true, doc: 'lot number' },
    { name: 'serial', type: 'text', required: true, doc: 'serial number' },
    { name: 'at', type: 'time', doc: 'time of serialisation' },
  ],
  key: ['material', 'serial'],
  build: (v) => {
    // an SGTIN in the serial column, an LGTIN in the lot column: the nodes every other form of them names
    const ids = itemIds(v);
    const material = ids.material ?? str(v, 'material');
    const lot = lotKey(material, ids.lot ?? str(v, 'lot'));
    const key = serialKey(material, ids.serial ?? str(v, 'serial'));
    const at = num(v, 'at');
    const lotNode: NodeInput = { kind: 'Lot', key: lot, ids: [...new Set([ids.lot ?? str(v, 'lot'), str(v, 'lot')])] };
    return { at, batch: { nodes: [{ kind: 'Serial', key, ids: [...new Set([ids.serial ?? str(v, 'serial'), str(v, 'serial')])], props: { lot } }, lotNode], edges: [{ kind: 'HAS_UNIT', from: lot, to: key, at }, { kind: 'OF_MATERIAL', from: key, to: materialKey(material) }] } };
  },
};

export const packing: Template = {
  name: 'packing',
  doc: 'a lot, serial or inner container packed into a case/pallet: -PACKED_INTO-> Container',
  columns: [
    { name: 'into', type: 'text', required: true, doc: 'SSCC or case id of the outer container; an SGTIN (a serialised case) is PACKED_INTO its Serial, which ships' },
    { name: 'level', type: 'text', doc: 'case | pallet' },
    ...ITEM,
    ...QTY,
    { name: 'packed_at', type: 'time', required: true, doc: 'time of packing' },
    { name: 'unpacked_at', type: 'time', late: true, endOfDay: true, doc: 'time of unpacking (taken out of `into` again): a trace through the container follows the item only to what the container did meanwhile; a date alone is the end of that day' },
    REVERSAL,
    POSTING,
  ],
  key: ['into', 'material', 'lot', 'serial', 'container'],
  oneOf: ['lot', 'serial', 'container'],
  build: (v) => {
    const it = item(v);
    const raw = str(v, 'into');
    const { id, kase } = containerOfValue(raw);
    const into = containerKey(id);
    const at = v.packed_at as number;
    const level = props({ level: opt(v, 'level') });
    const packed = flow(v, 'PACKED_INTO', it.key, into, at);
    const until = num(v, 'unpacked_at');
    if (until !== null) {
      if (until < at) throw new Error(`unpacked_at (${new Date(until).toISOString()}) is before packed_at (${new Date(at).toISOString()})`);
      packed.until = until;
    }
    const edges = [packed, ...it.edges];
    if (!kase) return { at, batch: { nodes: [...it.nodes, { kind: 'Container', key: into, ids: [...new Set([id, raw])], props: level }], edges } };
    // A serialised case (an SGTIN): its Container is PACKED_INTO its Serial, which keeps the id as given (as EPCIS does).
    // A reversal takes back what the row packed, not the case's place in its Serial.
    const k = caseSerial(kase, raw);
    const inCase: EdgeInput[] = flag(v, 'reversal') ? [] : [{ kind: 'PACKED_INTO', from: into, to: kase.key, at }];
    return { at, batch: { nodes: [...it.nodes, { kind: 'Container', key: into, ids: [id], props: level }, ...k.nodes], edges: [...edges, ...inCase, ...k.edges] } };
  },
};

export const shipments: Template = {
  name: 'shipments',
  doc: 'a shipment to a customer: Shipment -DELIVERED_TO-> Customer',
  columns: [
    { name: 'shipment', type: 'text', required: true, doc: 'shipment / delivery note id' },
    { name: 'customer', type: 'text', required: true, doc: 'customer id' },
    { name: 'shipped_at', type: 'time', required: true, doc: 'time of shipping' },
    { name: 'carrier', type: 'text', doc: 'carrier' },
  ],
  key: ['shipment'],
  build: (v) => {
    const key = shipmentKey(str(v, 'shipment'));
    const at = v.shipped_at as number;
    const customer = ref('Customer', customerKey(str(v, 'customer')), str(v, 'customer'));
    return { at, batch: { nodes: [{ kind: 'Shipment', key, ids: [str(v, 'shipment')], props: props({ shippedAt: at, carrier: opt(v, 'carrier') }) }, customer], edges: [{ kind: 'DELIVERED_TO', from: key, to: customer.key, at }] } };
  },
};

export const shipmentLines: Template = {
  name: 'shipment_lines',
  doc: 'what a shipment carried: Lot|Serial|Container -SHIPPED_IN-> Shipment (and -DELIVERED_TO-> the customer when given)',
  columns: [
    { name: 'shipment', type: 'text', required: true, doc: 'shipment id' },
    ...ITEM,
    ...QTY,
    { name: 'shipped_at', type: 'time', required: true, doc: 'time of shipping' },
    { name: 'customer', type: 'text', doc: 'customer id (adds Shipment -DELIVERED_TO-> Customer)' },
    REVERSAL,
    POSTING,
  ],
  key: ['shipment', 'material', 'lot', 'serial', 'container'],
  oneOf: ['lot', 'serial', 'container'],
  build: (v) => {
    const it = item(v);
    const ship = shipmentKey(str(v, 'shipment'));
    const at = v.shipped_at as number;
    const edges: EdgeInput[] = [flow(v, 'SHIPPED_IN', it.key, ship, at), ...it.edges];
    const nodes = [...it.nodes, ref('Shipment', ship, str(v, 'shipment'))];
    const customer = opt(v, 'customer');
    if (customer) {
      edges.push({ kind: 'DELIVERED_TO', from: ship, to: customerKey(customer), at });
      nodes.push(ref('Customer', customerKey(customer), customer));
    }
    return { at, batch: { nodes, edges } };
  },
};
