// A lot received in two receipts has the quantity of both (QA qa-csv.md D5): receipts rows put qty on
// the SUPPLIED edge only, whose total counts every posting (ingest/README.md item 7), as productions
// rows do on PRODUCED; a quantity prop written per row kept the last receipt alone, so 5 kg still in
// the warehouse read "shipped, 0 in stock". And quantities in different units are not added or
// compared as plain numbers (D6): there is no conversion table, so they are unknown.
import { describe, expect, it } from 'vitest';
import { ingest } from '../pipeline/index.ts';
import { csvItems, memoryStore } from '../pipeline/test-kit.ts';

const finished = { nodes: [{ kind: 'Material' as const, key: 'material:RAW', props: { category: 'finished' } }] };

describe('receipts.csv quantities', () => {
  it('sums a lot received in two rows, so what is left of it is in stock', async () => {
    const m = await memoryStore();
    try {
      await m.store.upsert(finished);
      const receipts = ['supplier,material,lot,received_at,qty,uom', 'SUP1,RAW,L1,2026-03-01T07:00:00Z,10,kg', 'SUP1,RAW,L1,2026-03-02T07:00:00Z,15,kg'].join('\n');
      const lines = ['shipment,material,lot,qty,uom,shipped_at,customer', 'SHP1,RAW,L1,20,kg,2026-03-05T10:00:00Z,CUST1'].join('\n');
      expect(await ingest(csvItems(receipts, 'receipts.csv'), m)).toMatchObject({ accepted: 2, rejected: 0 });
      expect(await ingest(csvItems(lines, 'shipment_lines.csv'), m)).toMatchObject({ rejected: 0 });
      expect((await m.store.lookup('lot:RAW:L1')).props).not.toHaveProperty('quantity');
      const lot = async (asOf?: string) => (await m.store.recallImpact({ suspects: ['lot:RAW:L1'], ...(asOf ? { asOf } : {}) })).finishedLots[0];
      expect(await lot()).toMatchObject({ quantity: 25, uom: 'kg', shippedQuantity: 20, inStockQuantity: 5, status: 'partially-shipped' });
      // before the shipment: all of it in stock
      expect(await lot('2026-03-04T00:00:00Z')).toMatchObject({ quantity: 25, shippedQuantity: 0, inStockQuantity: 25, status: 'in-stock' });
    } finally {
      await m.close();
    }
  });

  it('does not add or compare a lot made in kg and g, or shipped in g', async () => {
    const m = await memoryStore();
    try {
      await m.store.upsert({ nodes: [{ kind: 'Material', key: 'material:GRANULATE', props: { category: 'finished' } }] });
      const ops = ['operation,started_at', 'OP1,2026-03-02T08:00:00Z', 'OP2,2026-03-02T16:00:00Z'].join('\n');
      const made = ['operation,material,lot,qty,uom,produced_at', 'OP1,GRANULATE,G1,100,kg,2026-03-02T12:00:00Z', 'OP2,GRANULATE,G1,50,kg,2026-03-02T20:00:00Z',
        'OP1,GRANULATE,G2,100,kg,2026-03-02T12:00:00Z', 'OP2,GRANULATE,G2,50000,g,2026-03-02T20:00:00Z'].join('\n');
      const lines = ['shipment,material,lot,qty,uom,shipped_at,customer', 'SHP1,GRANULATE,G1,120000,g,2026-03-05T10:00:00Z,CUST1'].join('\n');
      expect(await ingest(csvItems(ops, 'operations.csv'), m)).toMatchObject({ rejected: 0 });
      expect(await ingest(csvItems(made, 'productions.csv'), m)).toMatchObject({ rejected: 0 });
      expect(await ingest(csvItems(lines, 'shipment_lines.csv'), m)).toMatchObject({ rejected: 0 });
      const r = await m.store.recallImpact({ suspects: ['lot:GRANULATE:G1', 'lot:GRANULATE:G2'] });
      const by = Object.fromEntries(r.finishedLots.map((l) => [l.lotNumber, l]));
      // 150 kg made, 120000 g shipped: not "shipped, 0 in stock"; unknown, and partially shipped
      expect(by.G1).toMatchObject({ quantity: null, uom: 'kg', inStockQuantity: null, status: 'partially-shipped' });
      // 100 kg + 50000 g: not 50,100 kg
      expect(by.G2).toMatchObject({ quantity: null, uom: null, inStockQuantity: null, status: 'in-stock' });
    } finally {
      await m.close();
    }
  });
});
