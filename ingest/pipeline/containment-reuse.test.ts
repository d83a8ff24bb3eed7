// A reused tote whose first packing of a lot was never captured (another site, before go-live): the
// lot is shipped in the tote, unpacked (an EPCIS AggregationEvent DELETE), then packed into the same
// tote again and shipped again. One PACKED_INTO edge holds one interval, so its start stays unknown
// when an unpacking comes before every packing: the recall of the lot names both shipments (the
// safe side), in any order of arrival, on the store sharing the log's commit and apart from it, and
// after a rebuild. Before 2026-12-04 night the interval became [the later packing, open) and the
// first shipment and its customer dropped out of the recall (QA qa-epcis.md, section 2).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../analytics/db.ts';
import { shipmentKey } from '../../graph/keys.ts';
import type { GraphStore } from '../../graph/store.ts';
import { parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { memoryStore } from './test-kit.ts';

const CLASS = 'urn:epc:class:lgtin:4012345.011111.FG1';
const TOTE = 'urn:epc:id:grai:4012345.55555.T7';
const ev = (id: string, e: Record<string, unknown>) => ({ eventID: `urn:uuid:reuse-${id}`, eventTimeZoneOffset: '+00:00', ...e });
const agg = (id: string, action: 'ADD' | 'DELETE', time: string, quantity: number) =>
  ev(id, { type: 'AggregationEvent', eventTime: time, action, bizStep: action === 'ADD' ? 'packing' : 'unpacking', parentID: TOTE, childQuantityList: [{ epcClass: CLASS, quantity }] });
const ship = (id: string, time: string, to: string) =>
  ev(id, { type: 'ObjectEvent', eventTime: time, action: 'OBSERVE', bizStep: 'shipping', epcList: [TOTE], bizTransactionList: [{ type: 'desadv', bizTransaction: `D-${id}` }], destinationList: [{ type: 'owning_party', destination: to }] });
const e = {
  shipA: ship('A', '2026-03-02T08:00:00Z', 'urn:epc:id:pgln:0614142.00009'),
  unpack: agg('unpack', 'DELETE', '2026-03-03T08:00:00Z', 10),
  pack: agg('pack', 'ADD', '2026-03-06T08:00:00Z', 5),
  shipB: ship('B', '2026-03-07T08:00:00Z', 'urn:epc:id:pgln:0614143.00002'),
  packAgain: agg('packAgain', 'ADD', '2026-03-10T08:00:00Z', 3),
  packFirst: agg('packFirst', 'ADD', '2026-03-01T08:00:00Z', 10),
};
const doc = (evs: unknown[]) =>
  JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });

const lot = toNodeKey(parseIdentifier(CLASS))!;
const tote = toNodeKey(parseIdentifier(TOTE))!;
const sA = shipmentKey('D-A');
const sB = shipmentKey('D-B');
const at = (iso: string) => Date.parse(iso);
const shipped = async (store: GraphStore) => (await store.recallImpact({ suspects: [lot] })).shipments.map((s) => s.key).sort();
async function packed(store: GraphStore) {
  const n = await store.neighbourhood(lot, { hops: 1, direction: 'forward' });
  return n.edges.find((x) => x.kind === 'PACKED_INTO' && x.to === tote);
}
const load = async (db: Db, store: GraphStore, evs: unknown[], source: string) => ingest(epcisItems(Readable.from([doc(evs)]), source), { db, store });

describe.each([{ apart: false }, { apart: true }])('a reused tote whose first packing was never captured (embedded, apart: $apart)', ({ apart }) => {
  it.each([
    { name: 'in one document', files: [[e.shipA, e.unpack, e.pack, e.shipB]] },
    { name: 'the packing in a later file', files: [[e.shipA, e.unpack], [e.pack, e.shipB]] },
    { name: 'the unpacking in a later file', files: [[e.pack, e.shipB], [e.shipA, e.unpack]] },
  ])('an unpacking before every packing keeps the start unknown: the recall names both shipments ($name)', async ({ files }) => {
    const env = await memoryStore({ apart });
    const fresh = await memoryStore();
    try {
      for (const [i, f] of files.entries()) expect(await load(env.db, env.store, f, `tote-${i}.jsonld`)).toMatchObject({ rejected: 0 });
      expect(await packed(env.store)).toMatchObject({ at: null, until: null });
      expect(await shipped(env.store)).toEqual([sA, sB].sort());
      // packed once more later (the edge's start is unknown in the store now): still both episodes
      expect(await load(env.db, env.store, [e.packAgain], 'again.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await packed(env.store)).toMatchObject({ at: null, until: null });
      expect(await shipped(env.store)).toEqual([sA, sB].sort());
      // a rebuild from the log gives the same interval
      await replayLog(env.db, fresh.store);
      expect(await packed(fresh.store)).toEqual(await packed(env.store));
      expect(await shipped(fresh.store)).toEqual([sA, sB].sort());
    } finally {
      await fresh.close();
      await env.close();
    }
  });

  it('a packing captured before the unpacking keeps its start (unchanged): open again from the first packing', async () => {
    const env = await memoryStore({ apart });
    try {
      expect(await load(env.db, env.store, [e.packFirst, e.shipA, e.unpack, e.pack, e.shipB], 'tote.jsonld')).toMatchObject({ rejected: 0 });
      expect(await packed(env.store)).toMatchObject({ at: at('2026-03-01T08:00:00Z'), until: null });
      expect(await shipped(env.store)).toEqual([sA, sB].sort());
    } finally {
      await env.close();
    }
  });

  it('an unpacking alone (unchanged): ended then, its start unknown', async () => {
    const env = await memoryStore({ apart });
    try {
      expect(await load(env.db, env.store, [e.shipA, e.unpack, e.shipB], 'tote.jsonld')).toMatchObject({ rejected: 0 });
      expect(await packed(env.store)).toMatchObject({ at: null, until: at('2026-03-03T08:00:00Z') });
      expect(await shipped(env.store)).toEqual([sA]);
    } finally {
      await env.close();
    }
  });
});
