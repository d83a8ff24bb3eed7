// Containment in time, through the real parsers and pipeline into the embedded store and a real Neo4j:
// a returnable tote (a GRAI) carries lot A's unit, is emptied, then carries lot B's unit. An EPCIS
// unpacking (AggregationEvent DELETE) or a packing row's `unpacked_at` ends the containment, so a
// recall of A names the tote's first shipment only, and of B its second only. The interval is folded
// from the postings in any order (a DELETE may come before its ADD, in another file), survives a
// rebuild, and an error declaration of the unpacking opens it again.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../analytics/db.ts';
import { shipmentKey } from '../../graph/keys.ts';
import type { GraphStore } from '../../graph/store.ts';
import { parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { csvItems, memoryStore, pipelineStore } from './test-kit.ts';

/** The EPCIS world of one run (EPCs unique to it: the Neo4j test server is shared). */
function tote(run: string) {
  const unit = (n: string) => `urn:epc:id:sgtin:4012345.011111.${n}-${run}`;
  const TOTE = `urn:epc:id:grai:4012345.55555.T-${run}`;
  const desadv = (n: string) => `urn:epcglobal:cbv:bt:4012345000009:DESADV-${run}-${n}`;
  const ev = (id: string, e: Record<string, unknown>) => ({ eventID: `urn:uuid:${run}-${id}`, eventTimeZoneOffset: '+00:00', ...e });
  const commission = (id: string, u: string, lot: string, day: number) => ev(id, { type: 'ObjectEvent', eventTime: `2026-03-0${day}T07:00:00Z`, action: 'ADD', bizStep: 'commissioning', epcList: [u], ilmd: { 'cbvmda:lotNumber': lot } });
  const agg = (id: string, action: string, u: string, time: string) => ev(id, { type: 'AggregationEvent', eventTime: time, action, bizStep: action === 'ADD' ? 'packing' : 'unpacking', parentID: TOTE, childEPCs: [u] });
  const ship = (id: string, time: string) => ev(id, { type: 'ObjectEvent', eventTime: time, action: 'OBSERVE', bizStep: 'shipping', epcList: [TOTE], bizTransactionList: [{ type: 'desadv', bizTransaction: desadv(id) }] });
  const empty = (id: string, time: string) => ev(id, { type: 'AggregationEvent', eventTime: time, action: 'DELETE', bizStep: 'unpacking', parentID: TOTE });
  const events = {
    emptyTote: empty('emptyTote', '2026-03-03T10:00:00Z'),
    cA: commission('cA', unit('UA'), `A-${run}`, 1),
    cB: commission('cB', unit('UB'), `B-${run}`, 5),
    packA: agg('packA', 'ADD', unit('UA'), '2026-03-02T08:00:00Z'),
    ship1: ship('ship1', '2026-03-02T12:00:00Z'),
    unpackA: agg('unpackA', 'DELETE', unit('UA'), '2026-03-03T10:00:00Z'),
    packB: agg('packB', 'ADD', unit('UB'), '2026-03-06T08:00:00Z'),
    ship2: ship('ship2', '2026-03-07T12:00:00Z'),
  };
  const doc = (evs: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });
  const unitA = toNodeKey(parseIdentifier(unit('UA')))!;
  const unitB = toNodeKey(parseIdentifier(unit('UB')))!;
  return {
    events, doc,
    unitA, unitB, tote: toNodeKey(parseIdentifier(TOTE))!,
    lotA: unitA.replace(/^serial:(\d+):.*$/, `lot:$1:A-${run}`), lotB: unitB.replace(/^serial:(\d+):.*$/, `lot:$1:B-${run}`),
    s1: shipmentKey(desadv('ship1')), s2: shipmentKey(desadv('ship2')),
  };
}

const at = (iso: string) => Date.parse(iso);
const shipped = async (store: GraphStore, lot: string) => (await store.recallImpact({ suspects: [lot] })).shipments.map((s) => s.key);
async function packed(store: GraphStore, from: string, to: string) {
  const n = await store.neighbourhood(from, { hops: 1, direction: 'forward' });
  return n.edges.find((e) => e.kind === 'PACKED_INTO' && e.to === to);
}
const load = async (db: Db, store: GraphStore, text: string, source = 'tote.jsonld') => ingest(epcisItems(Readable.from([text]), source), { db, store });

describe.each(['embedded', 'neo4j'] as const)('a reused tote (%s)', (kind) => {
  let store: GraphStore;
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, db, close } = await pipelineStore(kind));
  });
  afterAll(async () => {
    await close?.();
  });

  it('an unpacking ends the containment: each lot is recalled with the shipments made while it was in the tote', async () => {
    const w = tote(Math.random().toString(36).slice(2, 8));
    const e = w.events;
    const s = await load(db, store, w.doc([e.cA, e.cB, e.packA, e.ship1, e.unpackA, e.packB, e.ship2]));
    expect(s).toMatchObject({ rejected: 0, accepted: 7 });
    expect(await packed(store, w.unitA, w.tote)).toMatchObject({ at: at('2026-03-02T08:00:00Z'), until: at('2026-03-03T10:00:00Z') });
    expect(await packed(store, w.unitB, w.tote)).toMatchObject({ at: at('2026-03-06T08:00:00Z'), until: null });
    expect(await shipped(store, w.lotA)).toEqual([w.s1]);
    expect(await shipped(store, w.lotB)).toEqual([w.s2]);
    const back = await store.trace({ origin: w.s2, direction: 'backward' });
    expect(back.nodes.map((n) => n.key)).toContain(w.unitB);
    expect(back.nodes.map((n) => n.key)).not.toContain(w.unitA);
  });

  it('in any order: an unpacking that comes first (another file) is folded in when the packing arrives', async () => {
    const w = tote(Math.random().toString(36).slice(2, 8));
    const e = w.events;
    await load(db, store, w.doc([e.unpackA, e.ship2, e.packB]), 'wms-late.jsonld');
    // the unpacking alone: a containment that ended then, its start unknown
    expect(await packed(store, w.unitA, w.tote)).toMatchObject({ at: null, until: at('2026-03-03T10:00:00Z') });
    await load(db, store, w.doc([e.cB, e.ship1, e.packA, e.cA]), 'wms-early.jsonld');
    expect(await packed(store, w.unitA, w.tote)).toMatchObject({ at: at('2026-03-02T08:00:00Z'), until: at('2026-03-03T10:00:00Z') });
    expect(await shipped(store, w.lotA)).toEqual([w.s1]);
    expect(await shipped(store, w.lotB)).toEqual([w.s2]);
  });

  it.each([
    { name: 'in one document', split: false },
    { name: 'the emptying in a later file', split: true },
  ])('a DELETE without children empties the tote: what it held then is unpacked, what came later is not ($name)', async ({ split }) => {
    const w = tote(Math.random().toString(36).slice(2, 8));
    const e = w.events;
    const docs = split ? [w.doc([e.cA, e.cB, e.packA, e.ship1]), w.doc([e.emptyTote, e.packB, e.ship2])] : [w.doc([e.cA, e.cB, e.packA, e.ship1, e.emptyTote, e.packB, e.ship2])];
    for (const d of docs) expect(await load(db, store, d)).toMatchObject({ rejected: 0 });
    expect(await packed(store, w.unitA, w.tote)).toMatchObject({ at: at('2026-03-02T08:00:00Z'), until: at('2026-03-03T10:00:00Z') });
    expect(await packed(store, w.unitB, w.tote)).toMatchObject({ until: null });
    expect(await shipped(store, w.lotA)).toEqual([w.s1]);
    expect(await shipped(store, w.lotB)).toEqual([w.s2]);
    // the log keeps what the emptying was found to unpack (a urn:uuid id in lower case)
    const [row] = await db.all(`SELECT batch FROM ingest_log WHERE id = $1`, [e.emptyTote.eventID.toLowerCase()]);
    expect(JSON.parse(String(row!.batch)).edges).toContainEqual({ kind: 'PACKED_INTO', from: w.unitA, to: w.tote, until: at('2026-03-03T10:00:00Z') });
  });

  it('packed again after the unpacking: open again from the first packing; an error declaration of the unpacking opens it too', async () => {
    const w = tote(Math.random().toString(36).slice(2, 8));
    const e = w.events;
    await load(db, store, w.doc([e.cA, e.packA, e.ship1, e.unpackA, e.ship2]));
    expect(await shipped(store, w.lotA)).toEqual([w.s1]);
    const declared = { ...e.unpackA, errorDeclaration: { declarationTime: '2026-03-09T00:00:00Z', reason: 'incorrect_data' } };
    expect(await load(db, store, w.doc([declared]), 'declaration.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await packed(store, w.unitA, w.tote)).toMatchObject({ at: at('2026-03-02T08:00:00Z'), until: null });
    expect((await shipped(store, w.lotA)).sort()).toEqual([w.s1, w.s2].sort());
    const again = { ...e.packA, eventID: `${e.packA.eventID}-again`, eventTime: '2026-03-08T08:00:00Z' };
    await load(db, store, w.doc([again]), 'again.jsonld');
    expect(await packed(store, w.unitA, w.tote)).toMatchObject({ at: at('2026-03-02T08:00:00Z'), until: null });
  });
});

describe('containment in time from CSV, and on a rebuild (embedded)', () => {
  const head = 'into,material,serial,packed_at,unpacked_at\n';
  const csv = head + 'TOTE-1,DEV,U1,2026-03-02T08:00:00Z,2026-03-03T10:00:00Z\nTOTE-1,DEV,U2,2026-03-06T08:00:00Z,\nTOTE-2,DEV,U3,2026-03-09T08:00:00Z,2026-03-09\n';
  const ships = 'shipment,container,shipped_at\nS1,TOTE-1,2026-03-02T12:00:00Z\nS2,TOTE-1,2026-03-07T12:00:00Z\nS3,TOTE-2,2026-03-09T18:00:00Z\n';

  it('unpacked_at ends the containment (a date alone: the end of that day); a rebuild gives the same edges', async () => {
    const env = await memoryStore();
    const fresh = await memoryStore();
    try {
      expect(await ingest(csvItems(csv, 'packing.csv'), env)).toMatchObject({ accepted: 3, rejected: 0 });
      expect(await ingest(csvItems(ships, 'shipment_lines.csv'), env)).toMatchObject({ accepted: 3, rejected: 0 });
      const u1 = await packed(env.store, 'serial:DEV:U1', 'container:TOTE-1');
      expect(u1).toMatchObject({ at: at('2026-03-02T08:00:00Z'), until: at('2026-03-03T10:00:00Z') });
      expect(await packed(env.store, 'serial:DEV:U3', 'container:TOTE-2')).toMatchObject({ until: at('2026-03-10T00:00:00Z') - 1 });
      const fwd = async (k: string) => (await env.store.trace({ origin: k, direction: 'forward' })).nodes.map((n) => n.key).filter((x) => x.startsWith('shipment:'));
      expect(await fwd('serial:DEV:U1')).toEqual(['shipment:S1']);
      expect(await fwd('serial:DEV:U2')).toEqual(['shipment:S2']);
      expect(await fwd('serial:DEV:U3')).toEqual(['shipment:S3']);
      await replayLog(env.db, fresh.store);
      expect(await packed(fresh.store, 'serial:DEV:U1', 'container:TOTE-1')).toEqual(u1);
      expect(await fresh.store.stats()).toEqual(await env.store.stats());
    } finally {
      await fresh.close();
      await env.close();
    }
  });

  it('refuses unpacked_at before packed_at, naming the line', async () => {
    const env = await memoryStore();
    try {
      const s = await ingest(csvItems(head + 'TOTE-1,DEV,U1,2026-03-02T08:00:00Z,2026-03-01T10:00:00Z\n', 'packing.csv'), env);
      expect(s).toMatchObject({ accepted: 0, rejected: 1 });
      expect(s.rejects[0]).toMatchObject({ pos: { source: 'packing.csv', line: 2 }, reason: expect.stringMatching(/unpacked_at .* is before packed_at/) });
    } finally {
      await env.close();
    }
  });
});
