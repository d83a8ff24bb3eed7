// Containment must not hide a customer from a recall. Through the real EPCIS parser and pipeline,
// into the embedded store and a real Neo4j (EPCs unique to the run, so the shared test server holds
// no one else's pallet):
// - a serial packed onto a pallet, shipped, and unpacked at the customer's dock: EPCIS unpacking
//   (AggregationEvent DELETE) is history, not an erasure;
// - a serial packed into a serialised case (an SGTIN parentID) that ships as that SGTIN: the case's
//   Container is PACKED_INTO the case's Serial, so the recall reaches the shipment.
// The serialised case also through CSV packing and shipment_lines (embedded).
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../analytics/db.ts';
import type { GraphStore } from '../../graph/store.ts';
import { shipmentKey } from '../../graph/keys.ts';
import { keysOf, parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { resolveId } from '../../api/resolve-id.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { concat, csvItems, memoryStore, pipelineStore } from './test-kit.ts';

const run = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
/** 10 digits of serial reference for the SSCC, unique enough per run. */
const ref = String(Date.now() % 1e10).padStart(10, '0');
const LOT = `L-${run}`;
const UNIT = `urn:epc:id:sgtin:4012345.011111.U-${run}`;
const SSCC = `urn:epc:id:sscc:4012345.${ref}`;
const CASE = `urn:epc:id:sgtin:4012345.022222.C-${run}`;
const CUSTOMER_PGLN = 'urn:epc:id:pgln:4012345.00011';
const desadv = (n: string) => `urn:epcglobal:cbv:bt:4012345000009:DESADV-${run}-${n}`;

const UNIT_KEY = toNodeKey(parseIdentifier(UNIT))!;
const LOT_KEY = UNIT_KEY.replace(/^serial:(\d+):.*$/, `lot:$1:${LOT}`);
const SSCC_KEY = toNodeKey(parseIdentifier(SSCC))!;
const CASE_KEY = toNodeKey(parseIdentifier(CASE))!;
const CUSTOMER_KEY = keysOf(parseIdentifier(CUSTOMER_PGLN)).find((k) => k.startsWith('customer:'))!;

const ev = (n: number, e: Record<string, unknown>) => ({ eventID: `urn:uuid:${run}-${n}`, eventTimeZoneOffset: '+00:00', ...e });
const commission = ev(1, { type: 'ObjectEvent', eventTime: '2026-03-01T08:00:00Z', action: 'ADD', bizStep: 'commissioning', epcList: [UNIT], ilmd: { 'cbvmda:lotNumber': LOT } });
const ship = (n: number, what: string, day: number) => ev(n, {
  type: 'ObjectEvent', eventTime: `2026-03-0${day}T08:00:00Z`, action: 'OBSERVE', bizStep: 'shipping', epcList: [what],
  bizTransactionList: [{ type: 'desadv', bizTransaction: desadv(String(n)) }], destinationList: [{ type: 'owning_party', destination: CUSTOMER_PGLN }],
});
const doc = (events: unknown[]) => JSON.stringify({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z',
  epcisBody: { eventList: events },
});
const UNPACKED = doc([
  commission,
  ev(2, { type: 'AggregationEvent', eventTime: '2026-03-02T08:00:00Z', action: 'ADD', bizStep: 'packing', parentID: SSCC, childEPCs: [UNIT] }),
  ship(3, SSCC, 3),
  ev(4, { type: 'AggregationEvent', eventTime: '2026-03-05T08:00:00Z', action: 'DELETE', bizStep: 'unpacking', parentID: SSCC, childEPCs: [UNIT] }),
]);
const IN_CASE = doc([
  commission,
  ev(5, { type: 'AggregationEvent', eventTime: '2026-03-02T09:00:00Z', action: 'ADD', bizStep: 'packing', parentID: CASE, childEPCs: [UNIT] }),
  ship(6, CASE, 4),
]);

async function load(store: GraphStore, db: Db, text: string, records: number) {
  const s = await ingest(epcisItems(Readable.from([text]), 'containment.jsonld'), { db, store });
  expect(s).toMatchObject({ records, rejected: 0 });
  expect(s.accepted + s.duplicates).toBe(records);
  return store.recallImpact({ suspects: [LOT_KEY] });
}

describe.each(['embedded', 'neo4j'] as const)('containment and recall (%s)', (kind) => {
  let store: GraphStore;
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, db, close } = await pipelineStore(kind));
  });
  afterAll(async () => {
    await close?.();
  });

  it('unpacking keeps the containment: the recall of the lot still names the shipment and the customer', async () => {
    const impact = await load(store, db, UNPACKED, 4);
    expect(impact.serials.map((x) => x.key)).toContain(UNIT_KEY);
    expect(impact.shipments.map((x) => x.key)).toContain(shipmentKey(desadv('3')));
    expect(impact.customers.map((x) => x.key)).toContain(CUSTOMER_KEY);
    // the unpacking is kept as evidence in the log, not applied as an erasure of the containment
    const n = await store.neighbourhood(UNIT_KEY, { hops: 1, direction: 'forward' });
    expect(n.edges.filter((e) => e.kind === 'PACKED_INTO').map((e) => e.to)).toEqual([SSCC_KEY]);
  });

  it('a serial in a serialised case (SGTIN parentID) reaches the shipment the case went out in', async () => {
    const impact = await load(store, db, IN_CASE, 3);
    expect(impact.shipments.map((x) => x.key)).toContain(shipmentKey(desadv('6')));
    expect(impact.serials.find((x) => x.key === UNIT_KEY)?.shipments).toContain(shipmentKey(desadv('6')));
    // the case carries the unit; it is not counted as a recalled unit itself
    expect(impact.serials.map((x) => x.key)).toEqual([UNIT_KEY]);
    // the case is the Serial its SGTIN names (one node for a scan of it), its Container in between
    const t = await store.trace({ origin: UNIT_KEY, direction: 'forward' });
    const path = t.nodes.map((x) => x.key);
    expect(path).toContain(CASE_KEY);
    expect((await store.lookup(CASE)).key).toBe(CASE_KEY);
  });
});

describe('a serialised case from CSV (embedded)', () => {
  const caseEs = '(01)09506000134352(21)CASE-1';
  const pallet = '(00)106141412345678908';
  const plant = (ship: string) => concat(
    csvItems('material,lot,serial,at\nDEV,L1,U1,2026-03-01T08:00:00Z\nDEV,L1,U2,2026-03-01T08:00:00Z\n', 'serials.csv'),
    csvItems(`into,material,serial,container,packed_at\n${caseEs},DEV,U1,,2026-03-02T08:00:00Z\n${caseEs},DEV,U2,,2026-03-02T08:00:00Z\n${pallet},,,${caseEs},2026-03-02T09:00:00Z\n`, 'packing.csv'),
    csvItems('shipment,customer,shipped_at\nSHP-1,CUST-1,2026-03-03T08:00:00Z\n', 'shipments.csv'),
    csvItems(`shipment,${ship},shipped_at\nSHP-1,${ship === 'serial' ? caseEs : pallet},2026-03-03T08:00:00Z\n`, 'shipment_lines.csv'),
  );

  it.each(['serial', 'container'])('packed into an SGTIN, shipped by %s: a recall of the lot or of a scan of the case reaches the customer, and counts the units', async (ship) => {
    const env = await memoryStore();
    try {
      const s = await ingest(plant(ship), { db: env.db, store: env.store });
      expect(s).toMatchObject({ rejected: 0, accepted: 7 });
      const impact = await env.store.recallImpact({ suspects: ['lot:DEV:L1'] });
      expect(impact.shipments.map((x) => x.key)).toEqual(['shipment:SHP-1']);
      expect(impact.customers.map((x) => x.key)).toEqual(['customer:CUST-1']);
      // the case is not a recalled unit: two serials, both shipped
      expect(impact.serials.map((x) => [x.key, x.status])).toEqual([['serial:DEV:U1', 'shipped'], ['serial:DEV:U2', 'shipped']]);
      // a scan of the case names its Serial, which ships (directly or on the pallet)
      const scanned = await resolveId(env.store, caseEs);
      expect(scanned).toBe('serial:09506000134352:CASE-1');
      expect((await env.store.recallImpact({ suspects: [scanned] })).customers.map((x) => x.key)).toEqual(['customer:CUST-1']);
    } finally {
      await env.close();
    }
  });
});
