import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from './pipeline.ts';
import { itemsOfPaths } from './sources.ts';
import { csvItems, memoryStore } from './test-kit.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

describe('ingest pipeline on DuckDB + the embedded store', () => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    env = await memoryStore();
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
      [7, null],
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
    const text = 'supplier,name\nS1,One\nS1,One again\n';
    const s = await ingest(csvItems(text, 'suppliers.csv'), { db: env.db, store: env.store });
    expect(s).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await env.store.lookup('supplier:S1')).props.name).toBe('One');
  });
});
