import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import type { GraphStore } from '../../graph/store.ts';
import type { IngestRecord } from '../record.ts';
import { epcisItems } from './epcis-bridge.ts';
import { appendNew } from './log.ts';
import { ingest } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { concat, csvItems, memoryStore, pipelineStore } from './test-kit.ts';

/** The edge `kind` from `from` to `to` as the store holds it. */
async function edge(store: GraphStore, from: string, kind: string, to: string) {
  const n = await store.neighbourhood(from, { hops: 1, direction: 'forward' });
  return n.edges.find((e) => e.kind === kind && e.from === from && e.to === to);
}

/**
 * A plant where one lot is issued twice to one operation (12 kg, then 8 kg) and the finished lot
 * goes out on two lines of one shipment (4 ea, then 3 ea). `t` keeps keys apart on a shared Neo4j.
 */
function plant(t: string) {
  const files: [string, string][] = [
    ['materials.csv', `material,name,gtin,category,uom\nRAW-${t},Resin,,raw,kg\nFG-${t},Pump,,finished,ea\n`],
    ['suppliers.csv', `supplier,name\nSUP-${t},Acme\n`],
    ['customers.csv', `customer,name\nCUS-${t},St Mary\n`],
    ['receipts.csv', `supplier,material,lot,received_at,qty,uom\nSUP-${t},RAW-${t},L1,2026-03-01T07:00:00Z,100,kg\n`],
    ['operations.csv', `operation,started_at,ended_at\nOP-${t},2026-03-02T08:00:00Z,2026-03-02T12:00:00Z\n`],
    ['consumptions.csv', `operation,material,lot,qty,uom,consumed_at\nOP-${t},RAW-${t},L1,12,kg,2026-03-02T08:10:00Z\nOP-${t},RAW-${t},L1,8,kg,2026-03-02T10:40:00Z\n`],
    ['productions.csv', `operation,material,lot,qty,uom,produced_at\nOP-${t},FG-${t},F1,10,ea,2026-03-02T12:00:00Z\n`],
    ['shipments.csv', `shipment,customer,shipped_at\nSH-${t},CUS-${t},2026-03-05T14:00:00Z\n`],
    ['shipment_lines.csv', `shipment,material,lot,qty,uom,shipped_at\nSH-${t},FG-${t},F1,4,ea,2026-03-05T14:00:00Z\nSH-${t},FG-${t},F1,3,ea,2026-03-05T14:00:00Z\n`],
  ];
  const items = () => concat(...files.map(([name, text]) => csvItems(text, name)));
  return { items, raw: `lot:RAW-${t}:L1`, op: `op:OP-${t}`, fg: `lot:FG-${t}:F1`, shipment: `shipment:SH-${t}` };
}

/** Two TransformationEvents of one transformationID, each consuming some of one lot. */
function transformations(t: string) {
  const ev = (id: string, qty: number, at: string) => ({
    type: 'TransformationEvent', eventID: `urn:uuid:${id}`, eventTime: at, eventTimeZoneOffset: '+00:00', transformationID: `T-${t}`,
    inputQuantityList: [{ epcClass: `urn:epc:class:lgtin:4012345.022222.R${t}`, quantity: qty, uom: 'KGM' }],
  });
  const doc = (events: object[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-04T00:00:00Z', epcisBody: { eventList: events } });
  const a = ev(randomUUID(), 5, '2026-03-03T08:00:00Z');
  const b = ev(randomUUID(), 3, '2026-03-03T09:00:00Z');
  const declared = { ...b, errorDeclaration: { declarationTime: '2026-03-04T00:00:00Z', reason: 'incorrect_data' } };
  return { both: doc([a, b]), declaration: doc([declared]), lot: `lot:04012345222227:R${t}`, op: `op:T-${t}` };
}

/** `store` without `edgeQuantity`: a store sharing the log's commit that cannot answer from memory (the totals come from the log). */
const withoutQuantities = (store: GraphStore): GraphStore => new Proxy(store, { get: (t, k) => (k === 'edgeQuantity' ? undefined : Reflect.get(t, k, t)) });

describe.each([
  { name: 'embedded, one commit', kind: 'embedded', apart: false, fromLog: false },
  { name: 'embedded, one commit, totals from the log', kind: 'embedded', apart: false, fromLog: true },
  { name: 'embedded, apart', kind: 'embedded', apart: true, fromLog: false },
  { name: 'neo4j', kind: 'neo4j', apart: true, fromLog: false },
] as const)('postings of one edge add up ($name)', ({ kind, apart, fromLog }) => {
  let store: GraphStore;
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, db, close } = await pipelineStore(kind, { apart }));
    if (fromLog) store = withoutQuantities(store);
  });
  afterAll(async () => {
    await close?.();
  });

  it('two goods issues of a lot and two shipment lines: the edges, the recall and a re-ingest count both', async () => {
    const p = plant(randomUUID().slice(0, 8));
    const s = await ingest(p.items(), { db, store });
    expect(s).toMatchObject({ rejected: 0, duplicates: 0 });
    expect(await edge(store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 20, uom: 'kg' });
    expect(await edge(store, p.fg, 'SHIPPED_IN', p.shipment)).toMatchObject({ qty: 7, uom: 'ea' });
    const impact = await store.recallImpact({ suspects: [p.raw] });
    expect(impact.consumptions).toEqual([{ suspect: p.raw, operation: p.op, qty: 20, uom: 'kg' }]);
    expect(impact.finishedLots.find((l) => l.key === p.fg)).toMatchObject({ quantity: 10, shippedQuantity: 7, inStockQuantity: 3, status: 'partially-shipped' });
    // the fact table keeps each posting
    expect(await db.all(`SELECT qty FROM events WHERE edge = 'CONSUMED_BY' AND src = $1 ORDER BY "at"`, [p.raw])).toEqual([{ qty: 12 }, { qty: 8 }]);

    const again = await ingest(p.items(), { db, store });
    expect(again).toMatchObject({ accepted: 0, rejected: 0, duplicates: s.accepted });
    expect(await edge(store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 20 });
    expect(await edge(store, p.fg, 'SHIPPED_IN', p.shipment)).toMatchObject({ qty: 7 });
  });

  it('a later file adds its posting; one without a quantity, or in another unit, makes the total unknown', async () => {
    const p = plant(randomUUID().slice(0, 8));
    await ingest(p.items(), { db, store });
    const line = (qty: string, uom: string, at: string) => `shipment,material,lot,qty,uom,shipped_at\n${p.shipment.slice(9)},${p.fg.split(':')[1]},F1,${qty},${uom},${at}\n`;
    await ingest(csvItems(line('2', 'ea', '2026-03-06T09:00:00Z'), 'shipment_lines.csv'), { db, store });
    expect(await edge(store, p.fg, 'SHIPPED_IN', p.shipment)).toMatchObject({ qty: 9, uom: 'ea' });
    await ingest(csvItems(line('', '', '2026-03-06T10:00:00Z'), 'shipment_lines.csv'), { db, store });
    // unknown: the recall counts the whole lot as shipped (the safe side)
    expect(await edge(store, p.fg, 'SHIPPED_IN', p.shipment)).toMatchObject({ qty: null });
    expect((await store.recallImpact({ suspects: [p.raw] })).finishedLots.find((l) => l.key === p.fg)).toMatchObject({ shippedQuantity: 10, status: 'shipped' });
    const q = plant(randomUUID().slice(0, 8));
    await ingest(q.items(), { db, store });
    const grams = `operation,material,lot,qty,uom,consumed_at\n${q.op.slice(3)},${q.raw.split(':')[1]},L1,500,g,2026-03-02T11:00:00Z\n`;
    await ingest(csvItems(grams, 'consumptions.csv'), { db, store });
    expect(await edge(store, q.raw, 'CONSUMED_BY', q.op)).toMatchObject({ qty: null, uom: null });
  });

  it('an error declaration of one posting leaves the total of the others', async () => {
    const x = transformations(randomUUID().slice(0, 6).replace(/[^0-9a-z]/g, '0'));
    await ingest(epcisItems(Readable.from([x.both]), 'both.jsonld'), { db, store });
    expect(await edge(store, x.lot, 'CONSUMED_BY', x.op)).toMatchObject({ qty: 8, uom: 'kg' });
    const s = await ingest(epcisItems(Readable.from([x.declaration]), 'declaration.jsonld'), { db, store });
    expect(s).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await edge(store, x.lot, 'CONSUMED_BY', x.op)).toMatchObject({ qty: 5, uom: 'kg', at: Date.parse('2026-03-03T08:00:00Z') });
  });

  // last in this block: once a reversal is logged, the totals of this database come from the log
  it('a reversal takes a posting back; reversals that cancel every posting remove the edge, and a later posting starts again', async () => {
    const p = plant(randomUUID().slice(0, 8));
    await ingest(p.items(), { db, store });
    const [m, lot, op] = [p.raw.split(':')[1], 'L1', p.op.slice(3)];
    const row = (qty: number, at: string, reversal: string) => `${op},${m},${lot},${qty},kg,${at},${reversal}\n`;
    const head = 'operation,material,lot,qty,uom,consumed_at,reversal\n';
    const back8 = head + row(8, '2026-03-02T10:55:00Z', 'yes');
    expect(await ingest(csvItems(back8, 'consumptions.csv'), { db, store })).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await edge(store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 12, uom: 'kg' });
    expect((await store.recallImpact({ suspects: [p.raw] })).consumptions).toEqual([{ suspect: p.raw, operation: p.op, qty: 12, uom: 'kg' }]);
    expect(await db.all(`SELECT qty FROM events WHERE edge = 'CONSUMED_BY' AND src = $1 ORDER BY "at"`, [p.raw])).toEqual([{ qty: 12 }, { qty: 8 }, { qty: -8 }]);
    // the same reversal again is a duplicate: it takes nothing more back
    expect(await ingest(csvItems(back8, 'consumptions.csv'), { db, store })).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await edge(store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 12 });

    // the first goods issue taken back too: the lot never went into the operation
    await ingest(csvItems(head + row(12, '2026-03-02T11:00:00Z', 'yes'), 'consumptions.csv'), { db, store });
    expect(await edge(store, p.raw, 'CONSUMED_BY', p.op)).toBeUndefined();
    const trace = await store.trace({ origin: p.raw, direction: 'forward' });
    expect(trace.nodes.map((n) => n.key)).not.toContain(p.fg);
    expect((await store.recallImpact({ suspects: [p.raw] })).finishedLots).toEqual([]);

    // a new goods issue: the edge is back with that posting alone (12 + 8 − 8 − 12 + 5)
    await ingest(csvItems(head + row(5, '2026-03-02T11:30:00Z', ''), 'consumptions.csv'), { db, store });
    expect(await edge(store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 5, uom: 'kg' });
    expect((await store.trace({ origin: p.raw, direction: 'forward' })).nodes.map((n) => n.key)).toContain(p.fg);
  });

  it('a reversal that comes before its posting (an earlier file) is taken off it when the posting arrives', async () => {
    const p = plant(randomUUID().slice(0, 8));
    const [m, ship] = [p.fg.split(':')[1], p.shipment.slice(9)];
    const back = `shipment,material,lot,qty,uom,shipped_at,reversal\n${ship},${m},F1,4,ea,2026-03-05T16:00:00Z,true\n`;
    expect(await ingest(csvItems(back, 'shipment_lines.csv'), { db, store })).toMatchObject({ accepted: 1, rejected: 0 });
    // a lone reversal asserts nothing
    expect(await edge(store, p.fg, 'SHIPPED_IN', p.shipment)).toBeUndefined();
    await ingest(p.items(), { db, store });
    expect(await edge(store, p.fg, 'SHIPPED_IN', p.shipment)).toMatchObject({ qty: 3, uom: 'ea' });
    expect((await store.recallImpact({ suspects: [p.raw] })).finishedLots.find((l) => l.key === p.fg)).toMatchObject({ shippedQuantity: 3, inStockQuantity: 7, status: 'partially-shipped' });
  });
});

describe('postings after a crash and in --strict', () => {
  it('a declaration logged but cut off before it was applied: recovery retracts the posting and leaves the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-postings-'));
    // the log and the store in files of their own (as with Neo4j), opened again after the "crash"
    const open = async () => {
      const db = await openDb(join(dir, 'log.duckdb'));
      const storeDb = await openDb(join(dir, 'store.duckdb'));
      const store = await openEmbeddedStore(storeDb);
      return { db, store, close: async () => { await store.close(); await storeDb.close(); await db.close(); } };
    };
    const x = transformations('cr1');
    const recs: IngestRecord[] = [];
    let env = await open();
    try {
      await ingest(epcisItems(Readable.from([x.both]), 'both.jsonld'), env);
      for await (const it of epcisItems(Readable.from([x.declaration]), 'declaration.jsonld')) for (const i of Array.isArray(it) ? it : [it]) if (i.ok) recs.push(i.record);
      // the crash: logged (and its facts), never applied, its target never marked
      await appendNew(env.db, recs, 'logged', 'crashed-run');
    } finally {
      await env.close();
    }
    env = await open();
    try {
      const s = await ingest(csvItems('supplier,name\nS9,Nine\n', 'suppliers.csv'), env);
      expect(s).toMatchObject({ recovered: 1, accepted: 1 });
      expect(await edge(env.store, x.lot, 'CONSUMED_BY', x.op)).toMatchObject({ qty: 5 });
      expect(await env.db.all(`SELECT status FROM ingest_log WHERE id = $1`, [recs[0]!.retracts![0]])).toEqual([{ status: 'retracted' }]);
      expect(await env.db.all(`SELECT count(*)::INT AS n FROM events WHERE record = $1`, [recs[0]!.retracts![0]])).toEqual([{ n: 0 }]);
    } finally {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--strict: a declaration of one posting leaves the total of the others', async () => {
    const env = await memoryStore();
    try {
      const x = transformations('st1');
      await ingest(epcisItems(Readable.from([x.both]), 'both.jsonld'), { ...env, strict: true });
      expect(await edge(env.store, x.lot, 'CONSUMED_BY', x.op)).toMatchObject({ qty: 8 });
      const s = await ingest(epcisItems(Readable.from([x.declaration]), 'declaration.jsonld'), { ...env, strict: true });
      expect(s).toMatchObject({ accepted: 1, rolledBack: false });
      expect(await edge(env.store, x.lot, 'CONSUMED_BY', x.op)).toMatchObject({ qty: 5 });
    } finally {
      await env.close();
    }
  });
});

describe('postings on a rebuild', () => {
  it('a rebuild from the log gives the same totals, and a NDJSON graph batch still replaces', async () => {
    const env = await memoryStore();
    const fresh = await memoryStore();
    try {
      const p = plant('RB');
      const x = transformations('rb1');
      await ingest(p.items(), env);
      await ingest(epcisItems(Readable.from([x.both]), 'both.jsonld'), env);
      await ingest(epcisItems(Readable.from([x.declaration]), 'declaration.jsonld'), env);
      await replayLog(env.db, fresh.store);
      expect(await fresh.store.stats()).toEqual(await env.store.stats());
      expect(await edge(fresh.store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 20 });
      expect(await edge(fresh.store, p.fg, 'SHIPPED_IN', p.shipment)).toMatchObject({ qty: 7 });
      expect(await edge(fresh.store, x.lot, 'CONSUMED_BY', x.op)).toMatchObject({ qty: 5 });
      // a `graph` event is a store batch: its edge replaces what the postings added up to
      const batch = { type: 'graph', edges: [{ kind: 'CONSUMED_BY', from: p.raw, to: p.op, at: '2026-03-02T08:10:00Z', qty: 19, uom: 'kg' }] };
      const { parseNdjson } = await import('../ndjson/index.ts');
      await ingest(parseNdjson(Readable.from([JSON.stringify(batch) + '\n']), { source: 'g.ndjson' }), env);
      expect(await edge(env.store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 19 });
      // a posting after it adds to what the batch set, live and on a rebuild alike
      await ingest(csvItems(`operation,material,lot,qty,uom,consumed_at\nOP-RB,RAW-RB,L1,1.5,kg,2026-03-02T11:30:00Z\n`, 'consumptions.csv'), env);
      expect(await edge(env.store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 20.5 });
      const again = await memoryStore();
      try {
        await replayLog(env.db, again.store);
        expect(await edge(again.store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 20.5 });
        expect(await again.store.stats()).toEqual(await env.store.stats());
      } finally {
        await again.close();
      }
      // reversals: one takes 1.5 back, two more cancel every posting of a shipment line, live and on a rebuild alike
      await ingest(csvItems(`operation,material,lot,qty,uom,consumed_at,reversal\nOP-RB,RAW-RB,L1,1.5,kg,2026-03-02T11:45:00Z,x\n`, 'consumptions.csv'), env);
      await ingest(csvItems(`shipment,material,lot,qty,uom,shipped_at,reversal\nSH-RB,FG-RB,F1,4,ea,2026-03-05T15:00:00Z,1\nSH-RB,FG-RB,F1,3,ea,2026-03-05T15:00:00Z,1\n`, 'shipment_lines.csv'), env);
      expect(await edge(env.store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 19 });
      expect(await edge(env.store, p.fg, 'SHIPPED_IN', p.shipment)).toBeUndefined();
      const third = await memoryStore();
      try {
        await replayLog(env.db, third.store);
        expect(await edge(third.store, p.raw, 'CONSUMED_BY', p.op)).toMatchObject({ qty: 19 });
        expect(await edge(third.store, p.fg, 'SHIPPED_IN', p.shipment)).toBeUndefined();
        expect(await third.store.stats()).toEqual(await env.store.stats());
      } finally {
        await third.close();
      }
    } finally {
      await fresh.close();
      await env.close();
    }
  });
});
