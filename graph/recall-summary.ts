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
