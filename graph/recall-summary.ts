/** The last step of a recall summary, shared by every adapter: customer counts, stable order, totals. */
import type { AffectedCustomer, AffectedLot, AffectedSerial, AffectedShipment, RecallImpact, SuspectConsumption } from './store.ts';

export interface RecallParts {
  truncated: boolean;
  lots: AffectedLot[];
  serials: AffectedSerial[];
  shipments: AffectedShipment[];
  customers: AffectedCustomer[];
  consumptions: SuspectConsumption[];
  shippedSerials: number;
  operations: number;
  nodesReached: number;
}

const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Counts shipments per customer, sorts every list by key, and totals them. */
export function finishRecall(p: RecallParts): Omit<RecallImpact, 'suspects'> {
  const byCustomer = new Map(p.customers.map((c) => [c.key, c]));
  for (const s of p.shipments) {
    for (const c of s.customers) {
      const cc = byCustomer.get(c);
      if (cc) cc.shipments++;
    }
  }
  p.lots.sort(byKey);
  p.serials.sort(byKey);
  p.shipments.sort(byKey);
  p.customers.sort(byKey);
  p.consumptions.sort((a, b) => (a.suspect + '\u0000' + a.operation < b.suspect + '\u0000' + b.operation ? -1 : 1));
  return {
    truncated: p.truncated,
    totals: {
      finishedLots: p.lots.length, serials: p.serials.length, serialsShipped: p.shippedSerials, serialsInStock: p.serials.length - p.shippedSerials,
      shipments: p.shipments.length, customers: p.customers.length, operations: p.operations, nodesReached: p.nodesReached,
    },
    finishedLots: p.lots, serials: p.serials, shipments: p.shipments, customers: p.customers, consumptions: p.consumptions,
  };
}

/** A posted quantity and its unit (null: the posting names none). */
export type Posting = [qty: number | null, uom: string | null];

/**
 * A lot's quantity, unit and shipped quantity (before the whole-lot rule) from its props, the postings
 * that made it (PRODUCED, SUPPLIED: edge totals, in edge order), the shipping postings with a qty and
 * its shipped serials; the same function of the same values on every store (graph/embedded/recall.ts, graph/neo4j/recall.ts).
 * Units are not converted: two units among the lot's (props.uom, or its postings' when props give no
 * quantity) and its shipping postings make quantity unknown; a posting without a unit conflicts with none.
 */
export function lotStock(p: Record<string, unknown>, made: readonly Posting[], posted: readonly Posting[], shippedUnits: number): { quantity: number | null; uom: string | null; shippedQuantity: number } {
  const pu = typeof p.uom === 'string' && p.uom !== '' ? p.uom : null;
  const explicit = typeof p.quantity === 'number';
  const lotUnits = new Set<string>();
  if (pu !== null) lotUnits.add(pu);
  if (!(explicit && pu !== null)) for (const [, u] of made) if (u !== null) lotUnits.add(u);
  const uom = pu ?? (lotUnits.size === 1 ? [...lotUnits][0]! : null);
  let quantity: number | null = explicit ? (p.quantity as number) : made.length && made.every(([q]) => q !== null) ? made.reduce((a, [q]) => a + q!, 0) : null;
  if (lotUnits.size > 1) quantity = null;
  // in the lot's unit; a lot of no known unit ships in the first one its shipping postings name
  const shipUom = uom ?? posted.find(([, u]) => u !== null)?.[1] ?? null;
  let shippedQuantity = shippedUnits;
  for (const [q, u] of posted) {
    if (u === null || u === shipUom) shippedQuantity += q!;
    else quantity = null;
  }
  return { quantity, uom, shippedQuantity };
}
