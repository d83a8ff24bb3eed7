import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { epcisDoc, memoryStore } from './test-kit.ts';

// QA qa-epcis.md section 1: an AssociationEvent (no prodorder) is its own Operation that PRODUCED its
// children, but it is no production: it must not be taken as their origin by the time-order check.
const W1 = 'urn:epc:id:sgtin:4012345.011111.W1';
const SSCC = 'urn:epc:id:sscc:4012345.0000000005';
const LOT = 'lot:04012345111118:LW';
const ev = (n: number, type: string, at: string, more: object) => ({
  type, eventID: `urn:uuid:aaaaaaaa-0000-4000-8000-00000000000${n}`, eventTime: `2026-03-01T${at}:00Z`, eventTimeZoneOffset: '+00:00', ...more,
});
const commissioning = ev(0, 'ObjectEvent', '07:00', { action: 'ADD', bizStep: 'commissioning', epcList: [W1], ilmd: { 'cbvmda:lotNumber': 'LW' } });
const association = ev(1, 'AssociationEvent', '08:00', { action: 'ADD', bizStep: 'assembling', parentID: 'urn:epc:id:giai:4000001.111', childEPCs: [SSCC, W1] });
const packing = ev(2, 'AggregationEvent', '07:30', { action: 'ADD', bizStep: 'packing', parentID: SSCC, childEPCs: [W1] });
const shipping = ev(3, 'ObjectEvent', '07:45', {
  action: 'OBSERVE', bizStep: 'shipping', epcList: [SSCC], bizTransactionList: [{ type: 'desadv', bizTransaction: 'D-W' }],
  destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614142.00009' }],
});
const doc = (...events: object[]) => epcisDoc(events, '2026-03-01T00:00:00Z');

describe.each([{ apart: false }, { apart: true }])('an AssociationEvent is no origin for the time order (apart $apart)', ({ apart }) => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    env = await memoryStore({ apart });
  });
  afterEach(async () => {
    await env.close();
  });
  const run = (d: string) => ingest(epcisItems(Readable.from([d]), 'd.jsonld'), { db: env.db, store: env.store });

  it.each([
    // the QA report's order: the association arrives before the earlier packing and shipping (this run's records)
    { name: 'one document, association second', docs: () => [doc(commissioning, association, packing, shipping)] },
    // the association in an earlier run: its origin would come from the store (originsIn) or the events table
    { name: 'two documents, association in the first', docs: () => [doc(commissioning, association), doc(packing, shipping)] },
  ])('packing and shipping before an association of the items are accepted, and the recall reaches the shipment and customer: $name', async ({ docs }) => {
    let accepted = 0;
    for (const d of docs()) {
      const s = await run(d);
      expect(s.rejects).toEqual([]);
      expect(s.rejected).toBe(0);
      accepted += s.accepted;
    }
    expect(accepted).toBe(4);
    const r = await env.store.recallImpact({ suspects: [LOT] });
    expect(r.shipments.map((s) => s.key)).toEqual(['shipment:D-W']);
    expect(r.customers.map((c) => c.key)).toEqual(['customer:0614142000097']);
    expect(r.totals).toMatchObject({ serials: 1, serialsShipped: 1, shipments: 1, customers: 1 });
  });
});

describe('an AssociationEvent logged before its Operation carried association: true', () => {
  it('is no origin either: packing and shipping read after it are accepted (the log says what it was)', async () => {
    const env = await memoryStore();
    try {
      // as the code before 2026-12-04 night logged it: the association's Operation without the prop
      async function* asBefore() {
        // no commissioning with a lot: its time would be the earliest origin (HAS_UNIT) and hide the association's
        for await (const got of epcisItems(Readable.from([doc(association)]), 'old.jsonld')) {
          for (const it of Array.isArray(got) ? got : [got]) {
            if (it.ok) for (const n of it.record.batch.nodes ?? []) if (n.props && 'association' in n.props) delete n.props.association;
            yield it;
          }
        }
      }
      expect(await ingest(asBefore(), { db: env.db, store: env.store })).toMatchObject({ accepted: 1 });
      const s = await ingest(epcisItems(Readable.from([doc(packing, shipping)]), 'new.jsonld'), { db: env.db, store: env.store });
      expect(s.rejects).toEqual([]);
      expect(s.accepted).toBe(2);
    } finally {
      await env.close();
    }
  });
});
