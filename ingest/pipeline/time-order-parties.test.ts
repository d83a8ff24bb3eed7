import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { concat, csvItems, memoryStore } from './test-kit.ts';

const SGTIN = 'urn:epc:id:sgtin:4012345.011111.3003';
const object = (id: string, at: string, more: object) => ({
  type: 'ObjectEvent', eventID: `urn:uuid:cccccccc-0000-4000-8000-00000000000${id}`, eventTime: at, eventTimeZoneOffset: '+00:00', action: 'OBSERVE', epcList: [SGTIN], ...more,
});
/** The supplier ships the serial on 2024-01-03; the customer receives it from that supplier on 2024-01-04 (GS1 example 9.6.1). */
const shipping = object('1', '2024-01-03T10:00:00Z', { bizStep: 'shipping', destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:4012345.00000' }] });
const receiving = object('2', '2024-01-04T10:00:00Z', { bizStep: 'receiving', sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4000001.00012' }] });
const doc = (...events: object[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2024-01-10T00:00:00Z', epcisBody: { eventList: events } });

describe.each([{ apart: false }, { apart: true }])('time order across parties (apart $apart)', ({ apart }) => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    env = await memoryStore({ apart });
  });
  afterEach(async () => {
    await env.close();
  });
  const run = (d: string) => ingest(epcisItems(Readable.from([d]), 'd.jsonld'), { db: env.db, store: env.store });
  const accepted = async () => (await env.db.all(`SELECT id FROM ingest_log WHERE status = 'applied' ORDER BY id`)).map((r) => r.id);

  it.each([
    { name: 'receipt first, one document', docs: () => [doc(receiving, shipping)] },
    { name: 'shipping first, one document', docs: () => [doc(shipping, receiving)] },
    { name: 'receipt first, two documents', docs: () => [doc(receiving), doc(shipping)] },
    { name: 'shipping first, two documents', docs: () => [doc(shipping), doc(receiving)] },
  ])('an EPCIS shipping before an EPCIS receipt of the item from a supplier is accepted in either order: $name', async ({ docs }) => {
    for (const d of docs()) expect(await run(d)).toMatchObject({ rejected: 0 });
    expect(await accepted()).toEqual([shipping.eventID, receiving.eventID].sort());
  });

  it.each([
    { name: 'receipt first', order: (a: string, b: string) => [b, a] },
    { name: 'packing first', order: (a: string, b: string) => [a, b] },
  ])('the supplier\'s EPCIS packing of the serial into its case before the customer\'s receipt is accepted in either order: $name', async ({ order }) => {
    const packing = { type: 'AggregationEvent', eventID: 'urn:uuid:cccccccc-0000-4000-8000-000000000004', eventTime: '2024-01-02T10:00:00Z', eventTimeZoneOffset: '+00:00', action: 'ADD', bizStep: 'packing', parentID: 'urn:epc:id:sscc:4000001.0000000042', childEPCs: [SGTIN] };
    for (const d of order(doc(packing), doc(receiving))) expect(await run(d)).toMatchObject({ rejected: 0 });
    expect(await accepted()).toEqual([packing.eventID, receiving.eventID].sort());
  });

  it('the plant\'s own rows are still checked: a CSV shipment line before the receipt is refused, an EPCIS consumption before it too', async () => {
    const csv = await ingest(concat(
      csvItems('supplier,material,lot,received_at,qty,uom\nSUP,M,L,2024-01-04T10:00:00Z,5,kg\n', 'receipts.csv'),
      csvItems('shipment,material,lot,qty,uom,shipped_at\nSH,M,L,1,kg,2024-01-03T10:00:00Z\n', 'shipment_lines.csv'),
    ), { db: env.db, store: env.store });
    expect(csv.rejects.map((r) => r.reason)).toEqual(['time order: lot:M:L shipped at 2024-01-03T10:00:00.000Z, before it was received or produced at 2024-01-04T10:00:00.000Z']);
    const packed = await ingest(csvItems('into,material,lot,qty,uom,packed_at\nPAL-1,M,L,1,kg,2024-01-03T09:00:00Z\n', 'packing.csv'), { db: env.db, store: env.store });
    expect(packed.rejects.map((r) => r.reason)).toEqual([expect.stringMatching(/^time order: lot:M:L packed at 2024-01-03T09:00:00.000Z, before it was received/)]);
    const consumed = { type: 'TransformationEvent', eventID: 'urn:uuid:cccccccc-0000-4000-8000-000000000003', eventTime: '2024-01-03T10:00:00Z', eventTimeZoneOffset: '+00:00', transformationID: 'T-1', inputEPCList: [SGTIN] };
    const s = await run(doc(receiving, consumed));
    expect(s.rejects.map((r) => r.reason)).toEqual([expect.stringMatching(/^time order: serial:04012345111118:3003 consumed at 2024-01-03T10:00:00.000Z, before it was received/)]);
  });
});
