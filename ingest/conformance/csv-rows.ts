/**
 * A genealogy batch as rows of the CSV templates (ingest/README.md), for the ingest conformance
 * check: master data from the nodes, one flow row per flow edge. What the templates cannot say
 * (edge removals, untimed flows, props without a column, a lot quantity other than the sum of its
 * receipts and productions, which the store computes) throws NotExpressible. Aliases beyond the lot/serial number or master id
 * are not carried (the templates have no alias column); README "Conformance through ingest" lists
 * the scenarios that need them.
 */
import type { Batch, NodeKind } from '../../graph/model.ts';
import type { CleanEdge } from '../../graph/validate-batch.ts';
import { BatchIndex, idOf, itemOf, type ItemRef } from './batch-index.ts';
import type { Cells } from './csv-cells.ts';
import { NotExpressible } from './not-expressible.ts';

/** One template row; `at` orders flow rows in time (null: master data, or a serial without a time). */
export interface CsvRow {
  template: string;
  at: number | null;
  cells: Cells;
}

const F = 'CSV';
const iso = (ms: number): string => new Date(ms).toISOString();
const MASTER: Record<string, { template: string; props: Record<string, string> }> = {
  Material: { template: 'materials', props: { name: 'name', gtin: 'gtin', category: 'category', uom: 'uom' } },
  Supplier: { template: 'suppliers', props: { name: 'name', gln: 'gln' } },
  Customer: { template: 'customers', props: { name: 'name', gln: 'gln', country: 'country' } },
  Equipment: { template: 'equipment', props: { name: 'name', type: 'equipment_type' } },
};
const ID_COLUMN: Record<string, string> = { materials: 'material', suppliers: 'supplier', customers: 'customer', equipment: 'equipment' };

/** The item columns of a row naming `it`. */
function itemCells(it: ItemRef): Cells {
  return { material: it.material, lot: it.lot, serial: it.serial, container: it.container };
}

/** Master-data rows of the batch's Material, Supplier, Customer and Equipment nodes (and AT_SITE of equipment). */
export function masterRows(ix: BatchIndex): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const n of ix.nodes.values()) {
    const m = MASTER[n.kind];
    if (!m) continue;
    const cells: Cells = { [ID_COLUMN[m.template]!]: idOf(n.key) };
    for (const [prop, col] of Object.entries(m.props)) {
      const v = n.props[prop];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' && typeof v !== 'number') throw new NotExpressible(F, `${n.kind} ${n.key} prop ${prop} = ${JSON.stringify(v)}`);
      cells[col] = v;
      ix.say(n.key, prop);
    }
    if (n.kind === 'Equipment') {
      const site = ix.edges.filter((e) => e.kind === 'AT_SITE' && e.from === n.key);
      if (site.length > 1) throw new NotExpressible(F, `equipment ${n.key} at two sites`);
      if (site[0]) {
        cells.site = idOf(site[0].to);
        ix.take(site[0]);
      }
    }
    rows.push({ template: m.template, at: null, cells });
  }
  return rows;
}

/** One flow row per flow edge (USED_IN grouped into one operations row per operation). */
export function flowRows(ix: BatchIndex): CsvRow[] {
  const rows: CsvRow[] = [];
  // Lot quantities: receipt and production rows carry qty/uom on the SUPPLIED and PRODUCED edges only
  // (since 2026-12-04 night a receipt no longer writes props.quantity/uom); a lot's quantity is their
  // sum (the store's rule, graph/embedded/recall.ts), so a props.quantity other than that has no CSV form.
  const made = new Map<string, { qty: number | null; uom: string | null }[]>();
  const named = new Set<string>();
  const item = (key: string): ItemRef => itemOf(F, key);
  const note = (it: ItemRef, e: CleanEdge) => {
    if (it.kind === 'Lot') made.set(it.key, [...(made.get(it.key) ?? []), { qty: e.qty, uom: e.uom }]);
  };
  const usedIn = new Map<string, CleanEdge[]>();
  const delivered = new Map<string, CleanEdge[]>();
  for (const e of ix.edges) {
    const q = { qty: e.qty, uom: e.uom };
    if (e.kind !== 'OF_MATERIAL' && e.kind !== 'AT_SITE') [e.from, e.to].forEach((k) => named.add(k));
    switch (e.kind) {
      case 'SUPPLIED': {
        const it = item(e.to);
        if (it.kind !== 'Lot') throw new NotExpressible(F, `a SUPPLIED serial (${e.to}): receipts name lots`);
        note(it, e);
        rows.push({ template: 'receipts', at: ix.timeOf(e), cells: { supplier: idOf(e.from), material: it.material, lot: it.lot, received_at: iso(ix.timeOf(e)), ...q } });
        break;
      }
      case 'CONSUMED_BY':
        rows.push({ template: 'consumptions', at: ix.timeOf(e), cells: { operation: idOf(e.to), ...itemCells(item(e.from)), ...q, consumed_at: iso(ix.timeOf(e)) } });
        break;
      case 'PRODUCED': {
        const it = item(e.to);
        note(it, e);
        rows.push({ template: 'productions', at: ix.timeOf(e), cells: { operation: idOf(e.from), ...itemCells(it), ...q, produced_at: iso(ix.timeOf(e)) } });
        break;
      }
      case 'HAS_UNIT': {
        const lot = item(e.from);
        const sn = item(e.to);
        if (lot.material !== sn.material) throw new NotExpressible(F, `a unit ${e.to} of a lot of another material (${e.from})`);
        ix.say(e.to, 'lot');
        rows.push({ template: 'serials', at: e.at, cells: { material: lot.material, lot: lot.lot, serial: sn.serial, at: e.at === null ? null : iso(e.at) } });
        break;
      }
      case 'PACKED_INTO': {
        const into = item(e.to);
        const level = ix.props(e.to).level;
        if (level !== undefined) ix.say(e.to, 'level');
        rows.push({ template: 'packing', at: ix.timeOf(e), cells: { into: into.container, level: typeof level === 'string' ? level : null, ...itemCells(item(e.from)), ...q, packed_at: iso(ix.timeOf(e)), unpacked_at: e.until === null ? null : iso(e.until) } });
        break;
      }
      case 'SHIPPED_IN':
        rows.push({ template: 'shipment_lines', at: ix.timeOf(e), cells: { shipment: idOf(e.to), ...itemCells(item(e.from)), ...q, shipped_at: iso(ix.timeOf(e)) } });
        break;
      case 'USED_IN':
        usedIn.set(e.to, [...(usedIn.get(e.to) ?? []), e]);
        continue;
      case 'DELIVERED_TO':
        delivered.set(e.from, [...(delivered.get(e.from) ?? []), e]);
        continue;
      case 'OF_MATERIAL':
      case 'AT_SITE':
        continue; // implied by the rows naming the item (checked below), or by master data
    }
    ix.take(e);
  }
  for (const [op, es] of usedIn) {
    const at = ix.timeOf(es[0]!);
    if (es.some((e) => ix.timeOf(e) !== at)) throw new NotExpressible(F, `equipment used in ${op} at different times (one operations row per operation)`);
    rows.push({ template: 'operations', at, cells: { operation: idOf(op), started_at: iso(at), equipment: es.map((e) => idOf(e.from)).join('|') } });
    es.forEach((e) => ix.take(e));
  }
  for (const [shipment, es] of delivered) {
    if (es.length > 1) throw new NotExpressible(F, `shipment ${shipment} delivered to two customers (one shipments row per shipment)`);
    const e = es[0]!;
    rows.push({ template: 'shipments', at: ix.timeOf(e), cells: { shipment: idOf(shipment), customer: idOf(e.to), shipped_at: iso(ix.timeOf(e)) } });
    ix.take(e);
  }
  // OF_MATERIAL: every row naming a lot or serial links it to the material in its key, and only that.
  for (const e of ix.edges) {
    if (e.kind !== 'OF_MATERIAL') continue;
    if (!named.has(e.from)) throw new NotExpressible(F, `OF_MATERIAL of ${e.from}, which no row names`);
    if (itemOf(F, e.from).material !== idOf(e.to)) throw new NotExpressible(F, `OF_MATERIAL ${e.from} -> ${e.to}, another material than its key's`);
    ix.take(e);
  }
  for (const n of ix.nodes.values()) {
    if (n.kind !== 'Lot' || n.props.quantity === undefined) continue;
    const want = { qty: n.props.quantity, uom: n.props.uom ?? null };
    const p = made.get(n.key) ?? [];
    const sum = p.every((x) => x.qty !== null && x.uom === want.uom) ? p.reduce((a, x) => a + x.qty!, 0) : null;
    if (!(p.length > 0 && sum === want.qty)) throw new NotExpressible(F, `lot ${n.key} quantity ${JSON.stringify(want)}: not the sum of its receipts and productions`);
    ix.say(n.key, 'quantity', 'uom');
  }
  const nodeOnly = [...ix.nodes.values()].find((n) => !MASTER[n.kind] && !named.has(n.key));
  if (nodeOnly) throw new NotExpressible(F, `${nodeOnly.kind} ${nodeOnly.key} without a flow that names it`);
  return rows;
}

/** Every row of a batch: master data, then flows in time order (rows at one time in template order). */
export function csvRows(batch: Batch): CsvRow[] {
  const ix = new BatchIndex(F, batch);
  const rows = [...masterRows(ix), ...flowRows(ix)];
  ix.checkAllTaken();
  return rows;
}

/** Node kinds the master templates carry (the rest come into being through flows). */
export const MASTER_KINDS: readonly NodeKind[] = Object.keys(MASTER) as NodeKind[];
