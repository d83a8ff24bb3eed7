// An EPCIS error declaration is a copy of the erroneous event, matched by its eventID (or its hash,
// which reads every GS1 key in any syntax as one). A copy need not map to the edges the event did: it
// may leave a list out, or spell a desadv or transformation id the other way (a node key built from
// the value as written). The event's own edges go all the same (QA of 2026-12-04: the log said
// retracted while the graph, a trace and a rebuild still showed the wrong shipment and customer).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { epcisDoc, memoryStore } from './test-kit.ts';

const doc = (events: unknown[]) => epcisDoc(events);
const shipping = {
  type: 'ObjectEvent', eventID: 'urn:uuid:6f1d0b3e-0000-4000-8000-00000000d001', eventTime: '2026-03-02T10:00:00Z', eventTimeZoneOffset: '+00:00',
  action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit', epcList: ['urn:epc:id:sgtin:4012345.011111.G1'],
  bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:epc:id:gdti:0614141.00001.1618034' }],
  destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614142.00009' }],
};
const declared = (e: Record<string, unknown>) => ({ ...e, errorDeclaration: { declarationTime: '2026-03-03T00:00:00Z', reason: 'incorrect_data' } });
const { bizTransactionList: _b, ...withoutList } = shipping;
const { eventID: _id, ...noId } = shipping;
const otherSpelling = { ...noId, bizTransactionList: [{ type: 'desadv', bizTransaction: 'https://id.gs1.org/253/06141410000121618034' }] };

describe.each([
  { what: 'a copy that leaves the transaction list out (by eventID)', event: shipping, declaration: declared(withoutList) },
  { what: 'a copy that spells the desadv as a Digital Link (by hash, no eventID)', event: noId, declaration: declared(otherSpelling) },
])('an error declaration whose copy maps to other edges: $what', ({ event, declaration }) => {
  it('takes the erroneous event\'s own edges away: the serial no longer reaches the shipment or the customer, also after a rebuild', async () => {
    const { db, store, close } = await memoryStore();
    try {
      expect(await ingest(epcisItems(Readable.from([doc([event])]), 'wms.jsonld'), { db, store })).toMatchObject({ accepted: 1, rejected: 0 });
      const before = await store.trace({ origin: 'urn:epc:id:sgtin:4012345.011111.G1', direction: 'forward' });
      expect(before.nodes.some((n) => n.kind === 'Shipment')).toBe(true);
      expect(await ingest(epcisItems(Readable.from([doc([declaration])]), 'decl.jsonld'), { db, store })).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await db.all(`SELECT status FROM ingest_log WHERE id NOT LIKE '%#declared-erroneous'`)).toEqual([{ status: 'retracted' }]);
      const after = await store.trace({ origin: 'urn:epc:id:sgtin:4012345.011111.G1', direction: 'forward' });
      expect(after.nodes.map((n) => n.kind).filter((k) => k === 'Shipment' || k === 'Customer')).toEqual([]);
      const fresh = await memoryStore();
      try {
        await replayLog(db, fresh.store);
        const again = await fresh.store.trace({ origin: 'urn:epc:id:sgtin:4012345.011111.G1', direction: 'forward' });
        expect(again.nodes.map((n) => n.kind).filter((k) => k === 'Shipment' || k === 'Customer')).toEqual([]);
      } finally {
        await fresh.close();
      }
    } finally {
      await close();
    }
  });
});
