// A urn:uuid eventID is case-insensitive (RFC 9562): an XML system writing lower case and a JSON-LD
// one writing upper case name one event. It is one record, its declaration retracts it, and a log
// written before (holding the upper-case id as written) knows it again (QA of 2026-12-04: the same
// event in two cases posted its quantities twice, and a declaration in the other case retracted nothing).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { epcisDoc, memoryStore } from './test-kit.ts';

const UPPER = 'urn:uuid:7E57AAAA-0000-4000-8000-0000000000CD';
const doc = (events: unknown[]) => epcisDoc(events);
const make = (eventID: string, more: object = {}) => ({
  type: 'TransformationEvent', eventID, eventTime: '2026-03-02T10:00:00Z', eventTimeZoneOffset: '+00:00', transformationID: 'T-U',
  inputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.099999.RAWU', quantity: 5, uom: 'KGM' }],
  outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.FGU', quantity: 100, uom: 'EA' }], ...more,
});
const items = (events: unknown[]) => epcisItems(Readable.from([doc(events)]), 'u.jsonld');
const produced = async (store: Awaited<ReturnType<typeof memoryStore>>['store']) =>
  (await store.neighbourhood('lot:04012345111118:FGU', { hops: 1, direction: 'backward' })).edges.filter((e) => e.kind === 'PRODUCED').map((e) => e.qty);

describe('urn:uuid eventIDs in any case', () => {
  it('the same event in upper and in lower case is one record: its quantity counts once', async () => {
    const { db, store, close } = await memoryStore();
    try {
      expect(await ingest(items([make(UPPER)]), { db, store })).toMatchObject({ accepted: 1 });
      expect(await ingest(items([make(UPPER.toLowerCase())]), { db, store })).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await produced(store)).toEqual([100]);
      expect(await db.all(`SELECT id FROM ingest_log`)).toEqual([{ id: UPPER.toLowerCase() }]);
    } finally {
      await close();
    }
  });

  it('a declaration in the other case retracts the event', async () => {
    const { db, store, close } = await memoryStore();
    try {
      await ingest(items([make(UPPER)]), { db, store });
      const decl = make(UPPER.toLowerCase(), { errorDeclaration: { declarationTime: '2026-03-03T00:00:00Z', reason: 'incorrect_data' } });
      expect(await ingest(items([decl]), { db, store })).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await produced(store)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a log written before, holding the upper-case id as written, knows the event again', async () => {
    const { db, store, close } = await memoryStore();
    try {
      // as the code before 2026-12-04 night logged it: the id as written
      async function* asBefore(): AsyncGenerator<ParseItem> {
        for await (const got of items([make(UPPER)])) {
          for (const it of Array.isArray(got) ? got : [got]) {
            if (it.ok) {
              it.record.id = UPPER;
              delete it.record.writtenId;
            }
            yield it;
          }
        }
      }
      expect(await ingest(asBefore(), { db, store })).toMatchObject({ accepted: 1 });
      expect(await ingest(items([make(UPPER)]), { db, store })).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await produced(store)).toEqual([100]);
      // its upper-case declaration retracts it too
      expect(await ingest(items([make(UPPER, { errorDeclaration: { declarationTime: '2026-03-03T00:00:00Z' } })]), { db, store })).toMatchObject({ accepted: 1 });
      expect(await db.all(`SELECT status FROM ingest_log WHERE id = $1`, [UPPER])).toEqual([{ status: 'retracted' }]);
    } finally {
      await close();
    }
  });
});
