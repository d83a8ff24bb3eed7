// EPCIS 2.0 persistentDisposition: set and unset dispositions hold on the objects across later events,
// per value by event time whatever the order events arrive in (one document, across files, --strict),
// from JSON-LD and XML alike; an error declaration gives back what the live events leave; a rebuild gives
// the same; a malformed one is rejected naming the field. On each store.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import type { GraphStore } from '../../graph/store.ts';
import { parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest, type IngestOptions } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { PIPELINE_STORES, suiteStore } from './test-kit.ts';

/** A serial of its own and ObjectEvents about it. */
function serial() {
  const run = randomUUID().slice(0, 8);
  const epc = `urn:epc:id:sgtin:4012345.011111.P-${run}`;
  let n = 0;
  const ev = (eventTime: string, o: { set?: string[]; unset?: string[]; disposition?: string } = {}) => ({
    type: 'ObjectEvent', eventID: `urn:uuid:pd-${run}-${++n}`, eventTime, eventTimeZoneOffset: '+00:00', action: 'OBSERVE', bizStep: 'inspecting', epcList: [epc],
    ...(o.disposition ? { disposition: o.disposition } : {}),
    ...(o.set || o.unset ? { persistentDisposition: { ...(o.set ? { set: o.set } : {}), ...(o.unset ? { unset: o.unset } : {}) } } : {}),
  });
  const declared = <E extends object>(e: E) => ({ ...e, errorDeclaration: { declarationTime: '2026-03-09T00:00:00Z', reason: 'incorrect_data' } });
  const doc = (evs: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });
  return { epc, ev, declared, doc, key: toNodeKey(parseIdentifier(epc))! };
}

const load = (db: Db, store: GraphStore, text: string, o: Partial<IngestOptions> = {}, source = 'pd.jsonld') => ingest(epcisItems(Readable.from([text]), source), { db, store, ...o });
const held = async (store: GraphStore, key: string) => (await store.lookup(key)).props.persistentDispositions;

describe.each(PIPELINE_STORES)('persistent dispositions ($kind, apart from the log: $apart)', ({ kind, apart }) => {
  const s = suiteStore(kind, { apart });

  it('hold across later events, per value by event time, in any order of arrival', async () => {
    const { db, store } = s;
    const w = serial();
    // found non-conformant at inspection; a later event changes the disposition, not the persistent one
    await load(db, store, w.doc([w.ev('2026-03-03T08:00:00Z', { set: ['non_conformant'], disposition: 'in_progress' }), w.ev('2026-03-05T08:00:00Z', { disposition: 'in_transit' })]), {}, 'a.jsonld');
    expect((await store.lookup(w.key)).props).toMatchObject({ disposition: 'in_transit', persistentDispositions: ['non_conformant'] });
    // any CBV spelling; two values
    await load(db, store, w.doc([w.ev('2026-03-04T08:00:00Z', { set: ['urn:epcglobal:cbv:disp:completeness_verified'] })]), {}, 'b.jsonld');
    expect(await held(store, w.key)).toEqual(['completeness_verified', 'non_conformant']);
    // the rework cleared it at 03-06; an older set (03-02) that arrives late does not bring it back
    await load(db, store, w.doc([w.ev('2026-03-06T08:00:00Z', { unset: ['non_conformant'] })]), {}, 'c.jsonld');
    await load(db, store, w.doc([w.ev('2026-03-02T08:00:00Z', { set: ['non_conformant'] })]), {}, 'late.jsonld');
    expect(await held(store, w.key)).toEqual(['completeness_verified']);
    expect((await store.lookup(w.key)).props.persistentDispositionTimes).toEqual(['completeness_verified=on@2026-03-04T08:00:00.000Z', 'non_conformant=off@2026-03-06T08:00:00.000Z']);
    // the change props never reach the store
    expect(Object.keys((await store.lookup(w.key)).props).filter((k) => /persistentDisposition(Set|Unset|At)$/.test(k))).toEqual([]);
  });

  it('in one document out of order, and in a --strict run of many chunks', async () => {
    const { db, store } = s;
    for (const o of [{}, { strict: true, chunkSize: 1 }]) {
      const w = serial();
      const evs = [w.ev('2026-03-06T08:00:00Z', { unset: ['non_conformant'] }), w.ev('2026-03-03T08:00:00Z', { set: ['non_conformant', 'needs_replacement'] })];
      expect(await load(db, store, w.doc(evs), o)).toMatchObject({ accepted: 2, rejected: 0 });
      expect(await held(store, w.key)).toEqual(['needs_replacement']);
    }
  });

  it('an error declaration gives back what the live events leave', async () => {
    const { db, store } = s;
    const w = serial();
    const unset = w.ev('2026-03-06T08:00:00Z', { unset: ['non_conformant'] });
    await load(db, store, w.doc([w.ev('2026-03-03T08:00:00Z', { set: ['non_conformant'] }), unset]), {}, 'a.jsonld');
    expect(await held(store, w.key)).toEqual([]);
    // the release was recorded in error: the unit is non-conformant still
    expect(await load(db, store, w.doc([w.declared(unset)]), {}, 'fix.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await held(store, w.key)).toEqual(['non_conformant']);
    // and the set alone declared erroneous leaves none
    const v = serial();
    const set = v.ev('2026-03-03T08:00:00Z', { set: ['damaged'] });
    await load(db, store, v.doc([set]), {}, 'b.jsonld');
    await load(db, store, v.doc([v.declared(set)]), {}, 'b-fix.jsonld');
    expect(await held(store, v.key)).toEqual([]);
  });

  it('a malformed persistentDisposition is rejected, naming the field; its neighbours are applied', async () => {
    const { db, store } = s;
    const w = serial();
    const bad = { ...w.ev('2026-03-03T08:00:00Z'), persistentDisposition: { set: 'non_conformant' } };
    const r = await load(db, store, w.doc([bad, w.ev('2026-03-04T08:00:00Z', { set: ['conformant'] })]), {}, 'bad.jsonld');
    expect(r).toMatchObject({ accepted: 1, rejected: 1 });
    expect(r.rejects[0]).toMatchObject({ pos: { source: 'bad.jsonld', field: 'persistentDisposition.set' } });
    expect(await held(store, w.key)).toEqual(['conformant']);
  });
});

describe('persistent dispositions from EPCIS XML, and on a rebuild (embedded)', () => {
  it('XML gives what JSON-LD gives; a replay into a fresh store gives the same, corrections included', async () => {
    const { db, store, close } = await (await import('./test-kit.ts')).pipelineStore('embedded');
    try {
      const w = serial();
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-03-10T00:00:00Z">
  <EPCISBody><EventList>
    <ObjectEvent>
      <eventTime>2026-03-03T08:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
      <eventID>urn:uuid:pd-xml-${w.key}</eventID>
      <epcList><epc>${w.epc}</epc></epcList>
      <action>OBSERVE</action>
      <bizStep>https://ref.gs1.org/cbv/BizStep-inspecting</bizStep>
      <persistentDisposition><set>https://ref.gs1.org/cbv/Disp-non_conformant</set><set>https://ref.gs1.org/cbv/Disp-needs_replacement</set></persistentDisposition>
    </ObjectEvent>
  </EventList></EPCISBody>
</epcis:EPCISDocument>`;
      expect(await ingest(epcisItems(Readable.from([xml]), 'pd.xml'), { db, store })).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await held(store, w.key)).toEqual(['needs_replacement', 'non_conformant']);
      const unset = w.ev('2026-03-06T08:00:00Z', { unset: ['needs_replacement'] });
      await load(db, store, w.doc([unset]), {}, 'b.jsonld');
      const set = w.ev('2026-03-07T08:00:00Z', { set: ['damaged'] });
      await load(db, store, w.doc([set]), {}, 'c.jsonld');
      await load(db, store, w.doc([w.declared(set)]), {}, 'c-fix.jsonld');
      expect(await held(store, w.key)).toEqual(['non_conformant']);
      const fresh = await openEmbeddedStore(await openDb(':memory:'));
      try {
        await replayLog(db, fresh);
        expect(await held(fresh, w.key)).toEqual(['non_conformant']);
        expect((await fresh.lookup(w.key)).props.persistentDispositionTimes).toEqual((await store.lookup(w.key)).props.persistentDispositionTimes);
      } finally {
        await fresh.close();
      }
    } finally {
      await close();
    }
  });
});
