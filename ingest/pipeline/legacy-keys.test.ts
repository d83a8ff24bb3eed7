// A data directory logged before 2026-12-03 keys CSV rows by their key columns alone and EPCIS events
// without an eventID by the ver=lotgraph1 hash. Ingesting the same file again after the upgrade must
// change nothing, and a row the old key had dropped (a second posting with the same key columns) must
// now be added.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import { ingest } from './pipeline.ts';
import { Readable } from 'node:stream';
import { eventHashV1 } from '../epcis/event-hash.ts';
import { parseEpcis } from '../epcis/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { recordsOf } from '../epcis/test-helpers.ts';
import { itemsOfPaths } from './sources.ts';
import { csvItems } from './test-kit.ts';
import { parseNdjson } from '../ndjson/index.ts';
import { logState } from './log-schema.ts';
import { appendNew } from './log.ts';
import { copyLog } from './copy-log.ts';

const RECEIPTS = 'supplier,material,lot,received_at,qty,uom\nS1,M1,L1,2026-03-01T08:00:00Z,5,KG\nS1,M1,L2,2026-03-01T09:00:00Z,7,kg\n';

describe('CSV row keys of before 2026-12-03', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lotgraph-legacy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function open() {
    const db = await openDb(join(dir, 'lotgraph.duckdb'));
    const store = await openEmbeddedStore(db);
    return { db, store, close: async () => { await store.close(); await db.close(); } };
  }

  /**
   * Makes the (first) event of `text`, ingested into `env`, look logged by a lotgraph of before
   * 2026-12-03: under its ver=lotgraph1 hash, in a log without the keys mark; closes `env`.
   */
  async function asLoggedBefore(env: Awaited<ReturnType<typeof open>>, text: string): Promise<string> {
    const [rec] = [...parseEpcis(Buffer.from(text), { source: 'a.jsonld' })].map((i) => (i.ok ? i.record : null));
    const v1 = eventHashV1(rec!.raw as Record<string, unknown>, rec!.at!);
    await env.db.run(`UPDATE ingest_log SET id = $1 WHERE id = $2`, [v1, rec!.id]);
    await env.db.run(`UPDATE events SET record = $1 WHERE record = $2`, [v1, rec!.id]);
    await env.db.run(`DELETE FROM ingest_meta`);
    await env.close();
    return v1;
  }

  it('the same file again is all duplicates; a row that differs is new', async () => {
    let env = await open();
    expect(await ingest(csvItems(RECEIPTS, 'receipts.csv'), env)).toMatchObject({ accepted: 2 });
    // as an older lotgraph logged them: the key columns alone, and a batch built by older code (the unit not folded)
    await env.db.run(`UPDATE ingest_log SET id = split_part(id, '#', 1), batch = replace(batch, '"uom":"kg"', '"uom":"KG"')`);
    await env.db.run(`UPDATE events SET record = split_part(record, '#', 1)`);
    await env.db.run(`DELETE FROM ingest_meta`); // an older lotgraph wrote no mark
    const before = await env.db.all(`SELECT id FROM ingest_log ORDER BY seq`);
    expect(before).toEqual([{ id: 'receipts:S1|M1|L1' }, { id: 'receipts:S1|M1|L2' }]);
    await env.close();

    env = await open();
    const again = await ingest(csvItems(RECEIPTS, 'receipts.csv'), env);
    expect(again).toMatchObject({ records: 2, accepted: 0, duplicates: 2, rejected: 0 });
    expect(await env.db.all(`SELECT count(*)::INT AS n FROM ingest_log`)).toEqual([{ n: 2 }]);
    expect(await env.db.all(`SELECT count(*)::INT AS n FROM events`)).toEqual([{ n: 2 }]);
    // a second posting of L1 (another time and quantity), which the old key would have dropped
    const more = await ingest(csvItems('supplier,material,lot,received_at,qty,uom\nS1,M1,L1,2026-03-02T08:00:00Z,3,kg\n', 'receipts-2.csv'), env);
    expect(more).toMatchObject({ accepted: 1, duplicates: 0 });
    await env.close();
  });

  it('an EPCIS event without an eventID logged under the ver=lotgraph1 hash is still a duplicate', async () => {
    const file = join(import.meta.dirname, '../epcis/fixtures/valid/json-bom-crlf-no-event-id.jsonld');
    const [rec] = recordsOf('valid/json-bom-crlf-no-event-id.jsonld');
    expect(rec!.id).toMatch(/\?ver=lotgraph2$/);
    let env = await open();
    expect(await ingest(itemsOfPaths([file]), env)).toMatchObject({ accepted: 1 });
    // as an older lotgraph logged it
    await env.db.run(`UPDATE ingest_log SET id = $1 WHERE id = $2`, [eventHashV1(rec!.raw as Record<string, unknown>, rec!.at!), rec!.id]);
    await env.db.run(`UPDATE events SET record = $1 WHERE record = $2`, [eventHashV1(rec!.raw as Record<string, unknown>, rec!.at!), rec!.id]);
    await env.db.run(`DELETE FROM ingest_meta`);
    await env.close();
    env = await open();
    expect(await ingest(itemsOfPaths([file]), env)).toMatchObject({ records: 1, accepted: 0, duplicates: 1 });
    expect(await env.db.all(`SELECT count(*)::INT AS n FROM ingest_log`)).toEqual([{ n: 1 }]);
    await env.close();
  });

  it('an error declaration retracts an eventID-less event logged under the ver=lotgraph1 hash', async () => {
    const agg = { type: 'AggregationEvent', eventTime: '2026-03-02T08:00:00Z', eventTimeZoneOffset: '+00:00', action: 'ADD', bizStep: 'packing', parentID: 'urn:epc:id:sscc:4012345.0000000001', childEPCs: ['urn:epc:id:sgtin:4012345.011111.1001'] };
    const doc = (ev: object) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-03T00:00:00Z', epcisBody: { eventList: [ev] } });
    let env = await open();
    await ingest(epcisItems(Readable.from([doc(agg)]), 'a.jsonld'), env);
    const v1 = await asLoggedBefore(env, doc(agg));
    env = await open();
    const serial = 'serial:04012345111118:1001';
    expect((await env.store.neighbourhood(serial, { hops: 1, direction: 'forward' })).edges.map((e) => e.kind)).toContain('PACKED_INTO');
    const s = await ingest(epcisItems(Readable.from([doc({ ...agg, errorDeclaration: { declarationTime: '2026-03-03T00:00:00Z', reason: 'incorrect_data' } })]), 'd.jsonld'), env);
    expect(s).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await env.store.neighbourhood(serial, { hops: 1, direction: 'forward' })).edges.map((e) => e.kind)).not.toContain('PACKED_INTO');
    expect(await env.db.all(`SELECT status FROM ingest_log WHERE id = $1`, [v1])).toEqual([{ status: 'retracted' }]);
    await env.close();
  });

  it.each([{ strict: false }, { strict: true }])('a declaration of an eventID-less recall logged under that hash gives back the disposition before it (--strict: $strict)', async ({ strict }) => {
    const epc = 'urn:epc:id:sgtin:4012345.011111.7001';
    const ev = (disposition: string, eventTime: string) => ({ type: 'ObjectEvent', eventTime, eventTimeZoneOffset: '+00:00', action: 'OBSERVE', bizStep: 'holding', disposition, epcList: [epc] });
    const doc = (evs: object[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });
    const bad = ev('recalled', '2026-03-05T08:00:00Z');
    let env = await open();
    await ingest(epcisItems(Readable.from([doc([ev('active', '2026-03-01T08:00:00Z'), bad])]), 'a.jsonld'), env);
    const v1 = await asLoggedBefore(env, doc([bad]));
    env = await open();
    try {
      const serial = 'serial:04012345111118:7001';
      expect((await env.store.lookup(serial)).props.disposition).toBe('recalled');
      // the --strict end reads the declaration back from the log: the old key comes from its raw
      const s = await ingest(epcisItems(Readable.from([doc([{ ...bad, errorDeclaration: { declarationTime: '2026-03-09T00:00:00Z', reason: 'incorrect_data' } }])]), 'd.jsonld'), { ...env, strict });
      expect(s).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await env.db.all(`SELECT status FROM ingest_log WHERE id = $1`, [v1])).toEqual([{ status: 'retracted' }]);
      expect((await env.store.lookup(serial)).props.disposition).toBe('active');
    } finally {
      await env.close();
    }
  });
});

describe('the keys mark of a log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lotgraph-keysmark-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const MES = JSON.stringify({ type: 'consume', id: 'mes-4711', operation: 'OP-1', material: 'M1', lot: 'L1', qty: 1, uom: 'kg', at: '2026-03-02T08:00:00Z' }) + '\n';
  async function legacyAfterReopen(prepare: (db: Db) => Promise<void>): Promise<boolean> {
    let db = await openDb(join(dir, 'lotgraph.duckdb'));
    let store = await openEmbeddedStore(db);
    await ingest(parseNdjson(Readable.from([MES]), { source: 'mes.ndjson' }), { db, store });
    await prepare(db);
    await store.close();
    await db.close();
    db = await openDb(join(dir, 'lotgraph.duckdb'));
    store = await openEmbeddedStore(db);
    try {
      return (await logState(db)).legacyKeys;
    } finally {
      await store.close();
      await db.close();
    }
  }

  it('a log begun today holds no old keys, whatever ids a MES sends: no old-key check (a query per chunk)', async () => {
    expect(await legacyAfterReopen(async () => {})).toBe(false);
  });

  it('a log without the mark (begun by an older lotgraph) is read for old keys, as before', async () => {
    expect(await legacyAfterReopen(async (db) => db.run(`DELETE FROM ingest_meta`))).toBe(true);
  });

  it('lotgraph rebuild copies a log that may hold old keys without the mark', async () => {
    const src = await openDb(join(dir, 'src.duckdb'));
    const dst = await openDb(join(dir, 'dst.duckdb'));
    try {
      await appendNew(src, [{ id: 'receipts:S1|M1|L1', type: 'receipts', pos: { source: 'r.csv', line: 2, record: 1 }, at: 0, batch: {}, raw: { supplier: 'S1' } }], 'applied', 'old-run');
      await src.run(`DELETE FROM ingest_meta`);
      await src.close();
      const reopened = await openDb(join(dir, 'src.duckdb'));
      try {
        expect((await logState(reopened)).legacyKeys).toBe(true);
        await copyLog(reopened, dst);
        expect((await logState(dst)).legacyKeys).toBe(true);
        expect(await dst.all(`SELECT count(*)::INT AS n FROM ingest_meta`)).toEqual([{ n: 0 }]);
      } finally {
        await reopened.close();
      }
    } finally {
      await dst.close();
    }
  });
});
