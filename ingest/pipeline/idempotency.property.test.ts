/** Property: however records are chunked and repeated, the graph is that of each distinct record applied once, in order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import { ingest } from './pipeline.ts';
import { memoryStore } from './test-kit.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');

/** A record: supplier s delivers lot l (of material m) at time t; its id is its natural key. */
const rec = (s: number, m: number, l: number, t: number, q: number): ParseItem => ({
  ok: true,
  record: {
    id: `receipts:S${s}|M${m}|L${l}`,
    type: 'receipts',
    pos: { source: 'p', record: 0 },
    at: T0 + t,
    raw: null,
    batch: { nodes: [{ kind: 'Lot', key: `lot:M${m}:L${l}`, ids: [`L${l}`] }], edges: [{ kind: 'SUPPLIED', from: `supplier:S${s}`, to: `lot:M${m}:L${l}`, at: T0 + t, qty: q, uom: 'kg' }] },
  },
});

async function* feed(items: ParseItem[], cuts: number[]): AsyncGenerator<ParseItem | ParseItem[]> {
  let i = 0;
  for (const c of cuts) {
    if (i >= items.length) break;
    yield items.slice(i, i + c);
    i += c;
  }
  if (i < items.length) yield items.slice(i);
}

describe('pipeline idempotency (property, real DuckDB + embedded store)', () => {
  it('chunking and repeats never change the result; a second pass is all duplicates', async () => {
    const item = fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 2 }), fc.nat({ max: 6 }), fc.nat({ max: 1000 }), fc.integer({ min: 1, max: 9 }));
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 20 }), fc.integer({ min: 1, max: 6 }), async (tuples, cuts, chunkSize) => {
        const items = tuples.map((t) => rec(...t));
        const distinct = new Map<string, ParseItem>();
        for (const it of items) if (it.ok && !distinct.has(it.record.id)) distinct.set(it.record.id, it);
        const a = await memoryStore();
        const b = await memoryStore();
        try {
          const s = await ingest(feed(items, cuts), { db: a.db, store: a.store, chunkSize });
          expect(s.accepted).toBe(distinct.size);
          expect(s.duplicates).toBe(items.length - distinct.size);
          await ingest(feed([...distinct.values()], []), { db: b.db, store: b.store });
          expect(await a.store.stats()).toEqual(await b.store.stats());
          for (const it of distinct.values()) {
            if (!it.ok) continue;
            const e = it.record.batch.edges![0]!;
            const na = await a.store.neighbourhood(e.to, { hops: 1, direction: 'backward' });
            const nb = await b.store.neighbourhood(e.to, { hops: 1, direction: 'backward' });
            expect(na.edges).toEqual(nb.edges);
          }
          const again = await ingest(feed(items, [3]), { db: a.db, store: a.store, chunkSize });
          expect(again).toMatchObject({ accepted: 0, duplicates: items.length });
        } finally {
          await a.close();
          await b.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
