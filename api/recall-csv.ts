/**
 * Recall impact as CSV: one row per affected finished lot and serial, for the quality team's
 * spreadsheet. Columns: type,key,material,number,status,quantity,shipped_quantity,shipments,customers.
 */
import type { GraphStore, RecallImpact } from '../graph/store.ts';

export const RECALL_CSV_COLUMNS = ['type', 'key', 'material', 'number', 'status', 'quantity', 'shipped_quantity', 'shipments', 'customers'] as const;

/** Quotes a CSV field; a text field that a spreadsheet would run as a formula is prefixed with '. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Shipments reachable from each (partly) shipped lot: the impact lists shipments per serial only,
 * so a lot's come from a forward trace limited to shipments, as of the recall's asOf.
 */
async function lotShipments(store: GraphStore, impact: RecallImpact, asOf: string | number | undefined): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const lot of impact.finishedLots) {
    if (lot.status === 'in-stock') continue;
    const r = await store.trace({ origin: lot.key, direction: 'forward', kinds: ['Shipment'], ...(asOf !== undefined ? { asOf } : {}) });
    out.set(lot.key, r.nodes.filter((n) => n.kind === 'Shipment').map((n) => n.key).sort());
  }
  return out;
}

/** Renders the CSV (header line first, CRLF-free, one trailing newline). */
export async function recallCsv(store: GraphStore, impact: RecallImpact, asOf?: string | number): Promise<string> {
  const customersOf = new Map(impact.shipments.map((s) => [s.key, s.customers]));
  const customers = (shipments: string[]) => [...new Set(shipments.flatMap((s) => customersOf.get(s) ?? []))].sort();
  const byLot = await lotShipments(store, impact, asOf);
  const rows: (string | number | null)[][] = [];
  for (const l of impact.finishedLots) {
    const sh = byLot.get(l.key) ?? [];
    rows.push(['lot', l.key, l.material, l.lotNumber, l.status, l.quantity, l.shippedQuantity, sh.join(';'), customers(sh).join(';')]);
  }
  for (const s of impact.serials) {
    rows.push(['serial', s.key, s.material, s.serialNumber, s.status, 1, s.status === 'shipped' ? 1 : 0, s.shipments.join(';'), customers(s.shipments).join(';')]);
  }
  return [RECALL_CSV_COLUMNS.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}
