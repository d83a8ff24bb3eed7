// A lot produced in two runs has the quantity of both: productions rows put qty on the PRODUCED edge
// only (as EPCIS TransformationEvent outputs do), and the store sums them; a quantity prop written
// per row would keep the last run alone, and would hold even before the lot was produced.
import { describe, expect, it } from 'vitest';
import { ingest } from '../pipeline/index.ts';
import { csvItems, memoryStore } from '../pipeline/test-kit.ts';

describe('productions.csv quantities', () => {
  it('sums a lot produced in two rows, and knows nothing of it before its first run', async () => {
    const m = await memoryStore();
    try {
      await m.store.upsert({ nodes: [{ kind: 'Material', key: 'material:FG', props: { category: 'finished' } }] });
      const csv = [
        'operation,material,lot,qty,uom,produced_at',
        'RUN-1,FG,F1,10,ea,2026-03-02T10:00:00Z',
        'RUN-2,FG,F1,5,ea,2026-03-03T10:00:00Z',
      ].join('\n');
      const s = await ingest(csvItems(csv, 'productions.csv'), m);
      expect(s).toMatchObject({ accepted: 2, rejected: 0 });
      expect((await m.store.lookup('lot:FG:F1')).props).toEqual({});
      const lot = async (asOf?: string) => (await m.store.recallImpact({ suspects: ['lot:FG:F1'], ...(asOf ? { asOf } : {}) })).finishedLots[0];
      expect(await lot()).toMatchObject({ quantity: 15, uom: 'ea', inStockQuantity: 15 });
      expect(await lot('2026-03-02T12:00:00Z')).toMatchObject({ quantity: 10 });
      expect(await lot('2026-03-01T00:00:00Z')).toMatchObject({ quantity: null });
    } finally {
      await m.close();
    }
  });
});
