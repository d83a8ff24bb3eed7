// A recall must reach the customer of a serial that was packed, shipped on a pallet and unpacked at
// the customer's dock: EPCIS unpacking (AggregationEvent DELETE) is history, not an erasure. Run
// through the real EPCIS parser and pipeline into the embedded store and into a real Neo4j (EPCs
// unique to the run, so the shared test server holds no one else's pallet).
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { openNeo4jStore } from '../../graph/neo4j/index.ts';
import { cfgFromEnv } from '../../graph/neo4j/test-env.ts';
import type { GraphStore } from '../../graph/store.ts';
import { shipmentKey } from '../../graph/keys.ts';
import { keysOf, parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { memoryStore } from './test-kit.ts';

const run = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
/** 10 digits of serial reference for the SSCC, unique enough per run. */
const ref = String(Date.now() % 1e10).padStart(10, '0');
const LOT = `L-${run}`;
const SGTIN = `urn:epc:id:sgtin:4012345.011111.U-${run}`;
const SSCC = `urn:epc:id:sscc:4012345.${ref}`;
const CUSTOMER_PGLN = 'urn:epc:id:pgln:4012345.00011';
const DESADV = `urn:epcglobal:cbv:bt:4012345000009:DESADV-${run}`;

const ev = (e: Record<string, unknown>) => ({ eventTimeZoneOffset: '+00:00', ...e });
const DOC = {
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-03-10T00:00:00Z',
  epcisBody: {
    eventList: [
      ev({ type: 'ObjectEvent', eventID: `urn:uuid:${run}-1`, eventTime: '2026-03-01T08:00:00Z', action: 'ADD', bizStep: 'commissioning', epcList: [SGTIN], ilmd: { 'cbvmda:lotNumber': LOT } }),
      ev({ type: 'AggregationEvent', eventID: `urn:uuid:${run}-2`, eventTime: '2026-03-02T08:00:00Z', action: 'ADD', bizStep: 'packing', parentID: SSCC, childEPCs: [SGTIN] }),
      ev({ type: 'ObjectEvent', eventID: `urn:uuid:${run}-3`, eventTime: '2026-03-03T08:00:00Z', action: 'OBSERVE', bizStep: 'shipping', epcList: [SSCC], bizTransactionList: [{ type: 'desadv', bizTransaction: DESADV }], destinationList: [{ type: 'owning_party', destination: CUSTOMER_PGLN }] }),
      ev({ type: 'AggregationEvent', eventID: `urn:uuid:${run}-4`, eventTime: '2026-03-05T08:00:00Z', action: 'DELETE', bizStep: 'unpacking', parentID: SSCC, childEPCs: [SGTIN] }),
    ],
  },
};

const SERIAL_KEY = toNodeKey(parseIdentifier(SGTIN))!;
const LOT_KEY = SERIAL_KEY.replace(/^serial:(\d+):.*$/, `lot:$1:${LOT}`);
const CONTAINER_KEY = toNodeKey(parseIdentifier(SSCC))!;
const CUSTOMER_KEY = keysOf(parseIdentifier(CUSTOMER_PGLN)).find((k) => k.startsWith('customer:'))!;

async function load(store: GraphStore, db: Db) {
  const s = await ingest(epcisItems(Readable.from([JSON.stringify(DOC)]), 'unpack.jsonld'), { db, store });
  expect(s).toMatchObject({ records: 4, accepted: 4, rejected: 0 });
  return store.recallImpact({ suspects: [LOT_KEY] });
}

describe.each(['embedded', 'neo4j'] as const)('unpacking after shipping (%s)', (kind) => {
  let store: GraphStore;
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (kind === 'embedded') {
      const env = await memoryStore();
      ({ store, db } = env);
      close = env.close;
    } else {
      db = await openDb(':memory:');
      store = await openNeo4jStore(cfgFromEnv());
      close = async () => {
        await store.close();
        await db.close();
      };
    }
  });
  afterAll(async () => {
    await close?.();
  });

  it('keeps the containment: the recall of the lot still names the shipment and the customer', async () => {
    const impact = await load(store, db);
    expect(impact.serials.map((x) => x.key)).toContain(SERIAL_KEY);
    expect(impact.shipments.map((x) => x.key)).toContain(shipmentKey(DESADV));
    expect(impact.customers.map((x) => x.key)).toContain(CUSTOMER_KEY);
    // the unpacking is kept as evidence in the log, not applied as an erasure of the containment
    const n = await store.neighbourhood(SERIAL_KEY, { hops: 1, direction: 'forward' });
    expect(n.edges.filter((e) => e.kind === 'PACKED_INTO').map((e) => e.to)).toEqual([CONTAINER_KEY]);
  });
});
