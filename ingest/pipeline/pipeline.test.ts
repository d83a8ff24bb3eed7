import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { parseNdjson } from '../ndjson/index.ts';
import type { IngestRecord } from '../record.ts';
import { appendNew } from './log.ts';
import { logState } from './log-schema.ts';
import { ingest } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { epcisItems } from './epcis-bridge.ts';
import { itemsOfPaths } from './sources.ts';
import { concat, csvItems, memoryStore } from './test-kit.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

/** One NDJSON line of an event object. */
const ev = (o: object) => JSON.stringify(o);
/** Parse items of NDJSON lines named `source`. */
const nd = (lines: string[], source: string) => parseNdjson(Readable.from([lines.join('\n')]), { source });

// 'shared': the embedded store on the log's database (one commit per chunk); 'apart': the store on its
// own database, as Neo4j (log, apply, then mark applied).
describe.each([{ mode: 'shared', apart: false }, { mode: 'apart', apart: true }])('ingest pipeline on DuckDB + the embedded store ($mode)', ({ apart }) => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    env = await memoryStore({ apart });
  });
  afterEach(async () => {
    await env.close();
  });

  it('ingests the example plant and the ERP export; the graph traces from a raw lot to the customer', async () => {
    const s = await ingest(itemsOfPaths([join(EXAMPLES, 'plant'), join(EXAMPLES, 'erp')]), { db: env.db, store: env.store });
    expect(s.rejected).toBe(0);
    expect(s.rejects).toEqual([]);
    expect(s.accepted).toBe(32);
    expect(s.duplicates).toBe(0);
    const t = await env.store.trace({ origin: 'lot:RESIN-PC:L2403', direction: 'forward' });
    const keys = t.nodes.map((n) => n.key);
    expect(keys).toContain('customer:CUST-STMARY');
    expect(keys).toContain('serial:PUMP-X1:SN0005');
    const c = await env.store.neighbourhood('lot:RESIN-PC:L2403', { hops: 1, direction: 'forward' });
    const consumed = c.edges.find((e) => e.kind === 'CONSUMED_BY');
    expect(consumed).toMatchObject({ to: 'op:OP-1001', qty: 12.5, uom: 'kg', at: Date.parse('2026-03-02T08:15:00Z') });
    const [events] = await env.db.columns(`SELECT count(*) FROM events`);
    expect(Number((events as bigint[])[0])).toBeGreaterThan(20);
  });

  it('re-ingesting the same files changes nothing and says so', async () => {
    await ingest(itemsOfPaths([join(EXAMPLES, 'plant')]), { db: env.db, store: env.store });
    const before = await env.store.stats();
    const s = await ingest(itemsOfPaths([join(EXAMPLES, 'plant')]), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 0, rejected: 0, duplicates: 31 });
    expect(await env.store.stats()).toEqual(before);
    const [n] = await env.db.columns(`SELECT count(*) FROM ingest_log`);
    expect(Number((n as bigint[])[0])).toBe(31);
  });

  it('rejects bad rows with file, line and field while their valid neighbours apply', async () => {
    await ingest(itemsOfPaths([join(EXAMPLES, 'plant')]), { db: env.db, store: env.store });
    const file = join(EXAMPLES, 'bad', 'consumptions.csv');
    const s = await ingest(itemsOfPaths([file]), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 1, rejected: 5, duplicates: 0 });
    expect(s.rejects.map((r) => [r.pos.line, r.pos.field ?? null])).toEqual([
      [3, null],
      [4, 'qty'],
      [5, 'consumed_at'],
      [6, 'uom'],
      // a time-order reject names the time it was read from (since 2026-12-04 night)
      [7, 'consumed_at'],
    ]);
    expect(s.rejects[0]!.pos.source).toBe(file);
    expect(s.rejects[1]).toMatchObject({ reason: 'bad number in qty', value: 'two' });
    expect(s.rejects[4]!.reason).toMatch(/^time order: lot:RESIN-PC:L2403 consumed at 2026-02-01T08:00:00.000Z, before it was received/);
    expect((await env.store.lookup('op:OP-1003')).kind).toBe('Operation');
    await expect(env.store.lookup('op:OP-1004')).rejects.toMatchObject({ code: 'LG_NOT_FOUND' });
  });

  it('--strict applies nothing of a batch with a reject, and all of a clean one', async () => {
    const before = await env.store.stats();
    const s = await ingest(itemsOfPaths([join(EXAMPLES, 'bad', 'consumptions.csv')]), { db: env.db, store: env.store, strict: true });
    expect(s).toMatchObject({ accepted: 0, rejected: 4, rolledBack: true });
    expect(await env.store.stats()).toEqual(before);
    const [n] = await env.db.columns(`SELECT count(*) FROM ingest_log`);
    expect(Number((n as bigint[])[0])).toBe(0);
    const ok = await ingest(itemsOfPaths([join(EXAMPLES, 'plant')]), { db: env.db, store: env.store, strict: true });
    expect(ok).toMatchObject({ accepted: 31, rejected: 0, rolledBack: false });
    expect((await env.store.stats()).nodesByKind.Serial).toBe(5);
  });

  it('a duplicate inside one input is counted once and applied once', async () => {
    // the same row twice (a row that says anything different is a record of its own: row-key.test.ts)
    const text = 'supplier,name\nS1,One\nS1,One\n';
    const s = await ingest(csvItems(text, 'suppliers.csv'), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await env.store.lookup('supplier:S1')).props.name).toBe('One');
  });

  it('a correction retracts what the erroneous record asserted; the original stays in the log; replay gives the same graph', async () => {
    const lines = [
      ev({ type: 'graph', id: 'e1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:WRONG', to: 'op:O1', at: '2026-03-01T10:00:00Z' }, { kind: 'OF_MATERIAL', from: 'lot:M:WRONG', to: 'material:M' }] }),
      ev({ type: 'graph', id: 'e2', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:RIGHT', to: 'op:O1', at: '2026-03-01T10:00:00Z' }] }),
      ev({ type: 'graph', id: 'e1#declared-erroneous', retracts: ['e1'] }),
    ];
    const s = await ingest(parseNdjson(Readable.from([lines.join('\n')]), { source: 'corrections.ndjson' }), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 3, rejected: 0 });
    const n = await env.store.neighbourhood('op:O1', { hops: 1, direction: 'backward' });
    expect(n.edges.map((e) => e.from)).toEqual(['lot:M:RIGHT']);
    expect((await env.store.neighbourhood('lot:M:WRONG', { hops: 1 })).edges.map((e) => e.kind)).toEqual(['OF_MATERIAL']);
    expect(await env.db.all(`SELECT id, status FROM ingest_log ORDER BY seq`)).toEqual([
      { id: 'e1', status: 'retracted' },
      { id: 'e2', status: 'applied' },
      { id: 'e1#declared-erroneous', status: 'applied' },
    ]);
    // the retracted record's facts are withdrawn; the log keeps the record itself
    expect(await env.db.all(`SELECT record, src FROM events ORDER BY seq`)).toEqual([{ record: 'e2', src: 'lot:M:RIGHT' }]);
    const fresh = await memoryStore();
    try {
      expect(await replayLog(env.db, fresh.store)).toBe(3);
      expect(await fresh.store.stats()).toEqual(await env.store.stats());
    } finally {
      await fresh.close();
    }
  });

  it('a corrective record that came before the error declaration keeps the edges it asserts again', async () => {
    const lines = [
      ev({ type: 'graph', id: 'e1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:A', to: 'op:O1' }, { kind: 'CONSUMED_BY', from: 'lot:M:WRONG', to: 'op:O1' }] }),
      ev({ type: 'graph', id: 'e2', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:A', to: 'op:O1' }] }),
      ev({ type: 'graph', id: 'e1#declared-erroneous', retracts: ['e1'] }),
    ];
    const s = await ingest(parseNdjson(Readable.from([lines.join('\n')]), { source: 'late-declaration.ndjson' }), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 3, rejected: 0 });
    const n = await env.store.neighbourhood('op:O1', { hops: 1, direction: 'backward' });
    expect(n.edges.map((e) => e.from)).toEqual(['lot:M:A']);
    expect(await env.db.all(`SELECT record, src FROM events ORDER BY seq`)).toEqual([{ record: 'e2', src: 'lot:M:A' }]);
  });

  it('a record sent again is a duplicate even when what came since would fail its time order', async () => {
    const use = [ev({ type: 'graph', id: 'c1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:X', to: 'op:O1', at: '2026-03-01T08:00:00Z' }] })];
    expect(await ingest(nd(use, 'a.ndjson'), { db: env.db, store: env.store })).toMatchObject({ accepted: 1 });
    const receipt = [ev({ type: 'graph', id: 'r1', edges: [{ kind: 'SUPPLIED', from: 'supplier:S', to: 'lot:M:X', at: '2026-03-01T09:00:00Z' }] })];
    expect(await ingest(nd(receipt, 'b.ndjson'), { db: env.db, store: env.store })).toMatchObject({ accepted: 1 });
    expect(await ingest(nd(use, 'a.ndjson'), { db: env.db, store: env.store })).toMatchObject({ accepted: 0, duplicates: 1, rejected: 0 });
    // a new record with the same use is checked: the receipt is now known
    const late = [ev({ type: 'graph', id: 'c2', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:X', to: 'op:O2', at: '2026-03-01T08:30:00Z' }] })];
    expect(await ingest(nd(late, 'c.ndjson'), { db: env.db, store: env.store })).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it('rework: an operation may consume an item before it produces it again (outputs read before inputs)', async () => {
    const lines = [
      ev({ type: 'graph', id: 'p-first', edges: [{ kind: 'PRODUCED', from: 'op:MAKE', to: 'serial:M:S1', at: '2026-03-07T06:00:00Z' }] }),
      ev({ type: 'graph', id: 'p-rework', edges: [{ kind: 'PRODUCED', from: 'op:RW1', to: 'serial:M:S1', at: '2026-03-07T10:00:00Z' }] }),
      ev({ type: 'graph', id: 'c-rework', edges: [{ kind: 'CONSUMED_BY', from: 'serial:M:S1', to: 'op:RW1', at: '2026-03-07T08:00:00Z' }] }),
      ev({ type: 'graph', id: 'c-other', edges: [{ kind: 'CONSUMED_BY', from: 'serial:M:S1', to: 'op:OTHER', at: '2026-03-07T08:00:00Z' }] }),
      ev({ type: 'graph', id: 'c-early', edges: [{ kind: 'CONSUMED_BY', from: 'serial:M:S1', to: 'op:EARLY', at: '2026-03-07T05:00:00Z' }] }),
    ];
    const s = await ingest(parseNdjson(Readable.from([lines.join('\n')]), { source: 'rework.ndjson' }), { db: env.db, store: env.store });
    // the rework output is not when S1 came into being (06:00 is): only the use before 06:00 is refused
    expect(s).toMatchObject({ accepted: 4, rejected: 1 });
    expect(s.rejects[0]).toMatchObject({ pos: { line: 5 } });
    expect(s.rejects[0]!.reason).toBe('time order: serial:M:S1 consumed at 2026-03-07T05:00:00.000Z, before it was received or produced at 2026-03-07T06:00:00.000Z');
  });

  it.each([{ chunkSize: 2000 }, { chunkSize: 1 }])('rework: an origin found to be a rework later in a run gives way to the next known origin, within a chunk and across chunks (chunk of $chunkSize)', async ({ chunkSize }) => {
    // an earlier run: S1 made by MAKE at 06:00, and (as the data says) by RW1 at 04:00, not yet known to be a rework
    const before = [
      ev({ type: 'graph', id: 'p-make', edges: [{ kind: 'PRODUCED', from: 'op:MAKE', to: 'serial:M:S1', at: '2026-03-07T06:00:00Z' }] }),
      ev({ type: 'graph', id: 'p-rw1', edges: [{ kind: 'PRODUCED', from: 'op:RW1', to: 'serial:M:S1', at: '2026-03-07T04:00:00Z' }] }),
    ];
    expect(await ingest(nd(before, 'before.ndjson'), { db: env.db, store: env.store })).toMatchObject({ accepted: 2, rejected: 0 });
    // this run: RW1 consumes S1, so RW1's output is a rework and S1's origin is MAKE at 06:00
    const lines = [
      ev({ type: 'graph', id: 'c-rw1', edges: [{ kind: 'CONSUMED_BY', from: 'serial:M:S1', to: 'op:RW1', at: '2026-03-07T06:30:00Z' }] }),
      ev({ type: 'graph', id: 'c-early', edges: [{ kind: 'CONSUMED_BY', from: 'serial:M:S1', to: 'op:EARLY', at: '2026-03-07T05:00:00Z' }] }),
    ];
    const s = await ingest(nd(lines, 'run.ndjson'), { db: env.db, store: env.store, chunkSize });
    expect(s).toMatchObject({ accepted: 1, rejected: 1 });
    expect(s.rejects[0]).toMatchObject({ pos: { line: 2 }, reason: 'time order: serial:M:S1 consumed at 2026-03-07T05:00:00.000Z, before it was received or produced at 2026-03-07T06:00:00.000Z' });
  });

  it.each([{ chunkSize: 2000 }, { chunkSize: 1 }])('an item made again in this run keeps the origin an earlier run gave it (chunk of $chunkSize)', async ({ chunkSize }) => {
    const before = [ev({ type: 'graph', id: 'r', edges: [{ kind: 'SUPPLIED', from: 'supplier:S', to: 'lot:M:L', at: '2026-03-07T01:00:00Z' }] })];
    expect(await ingest(nd(before, 'before.ndjson'), { db: env.db, store: env.store })).toMatchObject({ accepted: 1 });
    const lines = [
      ev({ type: 'graph', id: 'p', edges: [{ kind: 'PRODUCED', from: 'op:P', to: 'lot:M:L', at: '2026-03-07T10:00:00Z' }] }),
      ev({ type: 'graph', id: 'c-ok', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:L', to: 'op:X', at: '2026-03-07T05:00:00Z' }] }),
      ev({ type: 'graph', id: 'c-early', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:L', to: 'op:Y', at: '2026-03-07T00:30:00Z' }] }),
    ];
    const s = await ingest(nd(lines, 'run.ndjson'), { db: env.db, store: env.store, chunkSize });
    expect(s).toMatchObject({ accepted: 2, rejected: 1 });
    expect(s.rejects[0]).toMatchObject({ pos: { line: 3 }, reason: 'time order: lot:M:L consumed at 2026-03-07T00:30:00.000Z, before it was received or produced at 2026-03-07T01:00:00.000Z' });
  });

  it('rework: a reworked serial packed and shipped before its rework is not refused in template order (productions, consumptions, serials, packing, shipment lines), nor when sent again', async () => {
    const files: [string, object[]][] = [
      ['productions', [{ type: 'produce', operation: 'ASSY1', material: 'DEV', lot: 'D1', at: '2026-03-05T12:00:00Z' }, { type: 'produce', operation: 'RWK1', material: 'DEV', serial: 'SN3', at: '2026-03-07T10:00:00Z' }]],
      ['consumptions', [{ type: 'consume', operation: 'RWK1', material: 'DEV', serial: 'SN3', at: '2026-03-07T08:00:00Z' }]],
      ['serials', [{ type: 'serial', material: 'DEV', lot: 'D1', serial: 'SN3' }]],
      ['packing', [{ type: 'pack', into: 'CASE9', material: 'DEV', serial: 'SN3', at: '2026-03-07T05:00:00Z' }]],
      ['shipment_lines', [{ type: 'ship', shipment: 'SHPX', material: 'DEV', serial: 'SN3', at: '2026-03-07T06:00:00Z' }]],
    ];
    for (const round of [0, 1]) {
      for (const [name, events] of files) {
        const s = await ingest(parseNdjson(Readable.from([events.map(ev).join('\n')]), { source: `${name}.ndjson` }), { db: env.db, store: env.store });
        expect(s, `${name}, round ${round}`).toMatchObject(round === 0 ? { accepted: events.length, rejected: 0 } : { accepted: 0, duplicates: events.length, rejected: 0 });
      }
    }
    const t = await env.store.trace({ origin: 'serial:DEV:SN3', direction: 'forward' });
    expect(t.nodes.map((n) => n.key).sort()).toEqual(['container:CASE9', 'op:RWK1', 'serial:DEV:SN3', 'shipment:SHPX']);
  });

  it('a rejected first copy of an id does not hide a valid later copy in the same input', async () => {
    const lines = [
      ev({ type: 'graph', id: 'x1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:A', to: 'op:O1', at: 'yesterday' }] }),
      ev({ type: 'graph', id: 'x1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:A', to: 'op:O1', at: '2026-03-01T10:00:00Z' }] }),
      ev({ type: 'graph', id: 'x1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:B', to: 'op:O1', at: '2026-03-01T10:00:00Z' }] }),
    ];
    const s = await ingest(parseNdjson(Readable.from([lines.join('\n')]), { source: 'fixed.ndjson' }), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 1, rejected: 1, duplicates: 1 });
    expect((await env.store.neighbourhood('op:O1', { hops: 1, direction: 'backward' })).edges.map((e) => e.from)).toEqual(['lot:M:A']);
  });

  it('the log keeps the source record as sent (times as written), the batch in epoch ms; a time beyond any date is a reject', async () => {
    const lines = [
      ev({ type: 'graph', id: 't1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:A', to: 'op:O1', at: '2026-03-01T10:00:00+01:00' }] }),
      ev({ type: 'graph', id: 't2', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:B', to: 'op:O1', at: 1e19 }] }),
      ev({ type: 'graph', id: 't3', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:C', to: 'op:O1', at: 1772359200000 }] }),
    ];
    const s = await ingest(parseNdjson(Readable.from([lines.join('\n')]), { source: 'times.ndjson' }), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 2, rejected: 1 });
    expect(s.rejects[0]).toMatchObject({ pos: { line: 2, field: 'at' } });
    const [row] = await env.db.all(`SELECT raw, batch FROM ingest_log WHERE id = 't1'`);
    expect(JSON.parse(String(row!.raw)).edges[0].at).toBe('2026-03-01T10:00:00+01:00');
    expect(JSON.parse(String(row!.batch)).edges[0].at).toBe(Date.parse('2026-03-01T09:00:00Z'));
  });

  it('--strict applies corrections too: the retracted target (same input or an earlier run) is removed and marked', async () => {
    const earlier = [ev({ type: 'graph', id: 'old', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:OLD', to: 'op:O1', at: '2026-03-01T09:00:00Z' }] })];
    expect(await ingest(nd(earlier, 'earlier.ndjson'), { db: env.db, store: env.store })).toMatchObject({ accepted: 1 });
    const lines = [
      ev({ type: 'graph', id: 'e1', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:WRONG', to: 'op:O1', at: '2026-03-01T10:00:00Z' }] }),
      ev({ type: 'graph', id: 'e2', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:RIGHT', to: 'op:O1', at: '2026-03-01T10:00:00Z' }] }),
      ev({ type: 'graph', id: 'e1#declared-erroneous', retracts: ['e1', 'old'] }),
    ];
    const s = await ingest(nd(lines, 'strict.ndjson'), { db: env.db, store: env.store, strict: true });
    expect(s).toMatchObject({ accepted: 3, rejected: 0, rolledBack: false });
    expect((await env.store.neighbourhood('op:O1', { hops: 1, direction: 'backward' })).edges.map((e) => e.from)).toEqual(['lot:M:RIGHT']);
    expect(await env.db.all(`SELECT id, status FROM ingest_log ORDER BY seq`)).toEqual([
      { id: 'old', status: 'retracted' },
      { id: 'e1', status: 'retracted' },
      { id: 'e2', status: 'applied' },
      { id: 'e1#declared-erroneous', status: 'applied' },
    ]);
    expect(await env.db.all(`SELECT record FROM events ORDER BY seq`)).toEqual([{ record: 'e2' }]);
  });

  it('EPCIS documents go through the same pipeline (an error declaration removes the wrong input)', async () => {
    const file = join(import.meta.dirname, '../epcis/fixtures/valid/json-correction-error-declaration.jsonld');
    const s = await ingest(itemsOfPaths([file]), { db: env.db, store: env.store });
    expect(s).toMatchObject({ records: 2, accepted: 2, rejected: 0 });
    const t = await env.store.trace({ origin: 'lot:04012345111118:LOT-7', direction: 'backward' });
    expect(t.nodes.map((x) => x.key)).toContain('lot:04012345222227:BATCH%2F9');
    expect(t.nodes.map((x) => x.key)).not.toContain('lot:04012345222227:WRONG');
    const again = await ingest(itemsOfPaths([file]), { db: env.db, store: env.store });
    expect(again).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('an erroneous event that arrives after its error declaration is logged as retracted, never applied', async () => {
    const file = join(import.meta.dirname, '../epcis/fixtures/valid/json-correction-error-declaration.jsonld');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    // the file holds the declaration (a copy of the erroneous event) and the corrective event
    const original = { ...doc.epcisBody.eventList[0] };
    delete original.errorDeclaration;
    const late = JSON.stringify({ ...doc, epcisBody: { eventList: [original] } });
    await ingest(itemsOfPaths([file]), { db: env.db, store: env.store });
    const s = await ingest(epcisItems(Readable.from([late]), 'late.jsonld'), { db: env.db, store: env.store });
    expect(s).toMatchObject({ records: 1, accepted: 1, rejected: 0, duplicates: 0 });
    const t = await env.store.trace({ origin: 'lot:04012345111118:LOT-7', direction: 'backward' });
    expect(t.nodes.map((x) => x.key)).toContain('lot:04012345222227:BATCH%2F9');
    expect(t.nodes.map((x) => x.key)).not.toContain('lot:04012345222227:WRONG');
    expect(await env.db.all(`SELECT status FROM ingest_log WHERE id = $1`, [original.eventID])).toEqual([{ status: 'retracted' }]);
    expect(await env.db.all(`SELECT count(*)::INT AS n FROM events WHERE record = $1`, [original.eventID])).toEqual([{ n: 0 }]);
    const again = await ingest(epcisItems(Readable.from([late]), 'late.jsonld'), { db: env.db, store: env.store });
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    // a rebuild from the log gives the same graph
    const fresh = await memoryStore();
    try {
      await replayLog(env.db, fresh.store);
      expect(await fresh.store.stats()).toEqual(await env.store.stats());
      const r = await fresh.store.trace({ origin: 'lot:04012345111118:LOT-7', direction: 'backward' });
      expect(r.nodes.map((x) => x.key)).not.toContain('lot:04012345222227:WRONG');
    } finally {
      await fresh.close();
    }
  });

  it.each([{ kept: true }, { kept: false }])('an erroneous event that arrives while a --strict run holds its declaration staged waits for that run (kept: $kept)', async ({ kept }) => {
    const file = join(import.meta.dirname, '../epcis/fixtures/valid/json-correction-error-declaration.jsonld');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const original = { ...doc.epcisBody.eventList[0] };
    delete original.errorDeclaration;
    const late = JSON.stringify({ ...doc, epcisBody: { eventList: [original] } });
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    // run A (--strict): the file's declaration and corrective event, then it holds until the gate opens
    async function* heldOpen() {
      for await (const items of epcisItems(Readable.from([readFileSync(file)]), 'decl.jsonld')) yield items;
      await gate;
      // a reject makes the --strict run discard everything, its declaration too
      if (!kept) yield { ok: false as const, error: { pos: { source: 'decl.jsonld', record: 3 }, reason: 'a bad event' } };
    }
    // the log's tables first: the poll below must not run ahead of run A's first statement
    await logState(env.db);
    const a = ingest(heldOpen(), { db: env.db, store: env.store, strict: true });
    for (let i = 0; i < 200; i++) {
      const staged = await env.db.all(`SELECT count(*)::INT AS n FROM ingest_log WHERE status = 'staged' AND id LIKE '%#declared-erroneous'`);
      if ((staged[0] as { n: number }).n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    // run B brings the erroneous event: it must wait (applying it now could be wrong)
    let bDone = false;
    const b = ingest(epcisItems(Readable.from([late]), 'late.jsonld'), { db: env.db, store: env.store }).then((x) => ((bDone = true), x));
    await new Promise((r) => setTimeout(r, 300));
    expect(bDone).toBe(false);
    open();
    expect(await a).toMatchObject(kept ? { accepted: 2, rejected: 0, rolledBack: false } : { accepted: 0, rejected: 1, rolledBack: true });
    expect(await b).toMatchObject({ accepted: 1, rejected: 0 });
    // kept: the late event is retracted, never applied; discarded: nothing declared it erroneous
    expect(await env.db.all(`SELECT status FROM ingest_log WHERE id = $1`, [original.eventID])).toEqual([{ status: kept ? 'retracted' : 'applied' }]);
    const t = await env.store.trace({ origin: 'lot:04012345111118:LOT-7', direction: 'backward' });
    expect(t.nodes.map((x) => x.key).includes('lot:04012345222227:WRONG')).toBe(!kept);
  });

  it('a GS1 value outside character set 82 is accepted as given and reported as a warning with its position', async () => {
    const csv = 'operation,material,serial,consumed_at\nOP1,,(01)09506000134352(21)AB#1,2026-03-01T08:00:00Z\nOP1,PUMP,SN1,2026-03-01T08:00:00Z\n';
    const doc = JSON.stringify({
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-01T00:00:00Z',
      epcisBody: { eventList: [{ type: 'ObjectEvent', eventID: 'urn:uuid:cset-1', eventTime: '2026-03-01T09:00:00Z', eventTimeZoneOffset: '+00:00', action: 'ADD', bizStep: 'commissioning', epcList: ['urn:epc:id:sgtin:9506000.013435.123%20'] }] },
    });
    const s = await ingest(concat(csvItems(csv, 'consumptions.csv'), epcisItems(Readable.from([doc]), 'c.jsonld') as AsyncIterable<never>), { db: env.db, store: env.store }); // (EPCIS yields arrays of items: ingest takes both)
    expect(s).toMatchObject({ accepted: 3, rejected: 0, warned: 2 });
    expect(s.warnings).toEqual([
      { pos: { source: 'consumptions.csv', line: 2, record: 1, field: 'serial' }, reason: expect.stringMatching(/^AI \(21\) .*'AB#1' has characters outside GS1 character set 82: kept as given$/), value: '(01)09506000134352(21)AB#1' },
      { pos: expect.objectContaining({ source: 'c.jsonld', record: 1, field: 'epcList[0]' }), reason: expect.stringMatching(/'123 ' has characters outside GS1 character set 82/), value: 'urn:epc:id:sgtin:9506000.013435.123%20' },
    ]);
    expect((await env.store.lookup('serial:09506000134352:AB%231')).kind).toBe('Serial');
    // an NDJSON template event is read as a row: warned the same way
    const nd1 = await ingest(nd([ev({ type: 'consume', operation: 'OP2', serial: '(01)09506000134352(21)AB#1', at: '2026-03-01T10:00:00Z' })], 'e.ndjson'), { db: env.db, store: env.store });
    expect(nd1.warnings).toEqual([expect.objectContaining({ pos: { source: 'e.ndjson', line: 1, record: 1, field: 'serial' } })]);
    // warned once it is accepted: not for a repeat in the same input, nor in a --strict run rolled back
    const twice = 'operation,serial,consumed_at\nOP3,(01)09506000134352(21)CD#2,2026-03-01T08:00:00Z\nOP3,(01)09506000134352(21)CD#2,2026-03-01T08:00:00Z\n';
    expect(await ingest(csvItems(twice, 'consumptions-2.csv'), { db: env.db, store: env.store })).toMatchObject({ accepted: 1, duplicates: 1, warned: 1 });
    const bad = 'operation,serial,consumed_at,qty\nOP4,(01)09506000134352(21)EF#3,2026-03-01T08:00:00Z,1\nOP4,(01)09506000134352(21)EF#4,2026-03-01T08:00:00Z,two\n';
    expect(await ingest(csvItems(bad, 'consumptions-3.csv'), { db: env.db, store: env.store, strict: true })).toMatchObject({ rolledBack: true, accepted: 0, warned: 0, warnings: [] });
    // sent again: duplicates, nothing new to warn about
    expect(await ingest(csvItems(csv, 'consumptions.csv'), { db: env.db, store: env.store })).toMatchObject({ duplicates: 2, warned: 0 });
  });

  it('odd but valid times (fractional ms, no offset) are stored, and a bad graph event is rejected with its field', async () => {
    const lines = [
      JSON.stringify({ type: 'graph', id: 'g1', at: 1772359200000.7, edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:A', to: 'op:O', at: 1772359200000.7 }] }),
      JSON.stringify({ type: 'graph', id: 'g2', edges: [{ kind: 'CONSUMED_BY', from: 'lot:M:B', to: 'op:O', at: '2026-03-01T10:00:00' }] }),
      JSON.stringify({ type: 'graph', id: 'g3', edges: [{ kind: 'CONSUMED_BY', from: 'op:O', to: 'lot:M:C' }] }),
    ];
    const s = await ingest(parseNdjson(Readable.from([lines.join('\n')]), { source: 'g.ndjson' }), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 2, rejected: 1 });
    expect(s.rejects[0]).toMatchObject({ pos: { source: 'g.ndjson', line: 3, field: 'from' } });
    expect(await env.db.all(`SELECT record, "at" FROM events ORDER BY seq`)).toEqual([
      { record: 'g1', at: 1772359200000n },
      { record: 'g2', at: BigInt(Date.parse('2026-03-01T10:00:00Z')) },
    ]);
  });
});

describe('recovery (a store apart from the log)', () => {
  it('an erroneous event logged after its declaration and cut off before it was marked is marked retracted', async () => {
    const env = await memoryStore({ apart: true });
    try {
      const decl: IngestRecord = { id: 'e9#declared-erroneous', type: 'ObjectEvent', pos: { source: 'd.jsonld', record: 1 }, at: 1, batch: { nodes: [], edges: [], removeEdges: [] }, retracts: ['e9'], raw: {} };
      const late: IngestRecord = { id: 'e9', type: 'ObjectEvent', pos: { source: 'e.jsonld', record: 1 }, at: 1, batch: { nodes: [], edges: [] }, raw: {} };
      await appendNew(env.db, [decl, late], 'logged', 'crashed-run');
      const s = await ingest(csvItems('supplier,name\nS3,Three\n', 'suppliers.csv'), { db: env.db, store: env.store });
      // the late event is marked retracted before the rest is applied: only the declaration is applied
      expect(s).toMatchObject({ recovered: 1, accepted: 1 });
      expect(await env.db.all(`SELECT id, status FROM ingest_log WHERE id LIKE 'e9%' ORDER BY seq`)).toEqual([
        { id: 'e9#declared-erroneous', status: 'applied' },
        { id: 'e9', status: 'retracted' },
      ]);
    } finally {
      await env.close();
    }
  });

  it('log rows committed but never applied (a crash between the two) are applied by the next ingest, once', async () => {
    const env = await memoryStore({ apart: true });
    try {
      const items: IngestRecord[] = [];
      for await (const it of csvItems('supplier,name\nS1,One\nS2,Two\n', 'suppliers.csv')) if (it.ok) items.push(it.record);
      const { appended } = await appendNew(env.db, items, 'logged', 'crashed-run');
      expect(appended).toHaveLength(2);
      await expect(env.store.lookup('supplier:S1')).rejects.toMatchObject({ code: 'LG_NOT_FOUND' });
      const s = await ingest(csvItems('supplier,name\nS3,Three\n', 'suppliers.csv'), { db: env.db, store: env.store });
      expect(s).toMatchObject({ recovered: 2, accepted: 1 });
      expect((await env.store.lookup('supplier:S2')).props.name).toBe('Two');
      expect(await env.db.all(`SELECT id, status FROM ingest_log ORDER BY seq`)).toEqual(
        [...items.map((r) => ({ id: r.id, status: 'applied' })), { id: expect.any(String), status: 'applied' }],
      );
    } finally {
      await env.close();
    }
  });
});
