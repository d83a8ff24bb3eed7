// The plugin path's recall rows carry a lot's SUPPLIED in-edges beside its PRODUCED ones (the
// procedure sends the in-edges of the types it is asked for: cypher/trace-proc.ts RECALL_IN_EDGES),
// so the summary counts a received lot by its receipts, as on the Cypher path and the embedded store.
import { describe, expect, it } from 'vitest';
import { RECALL_IN_EDGES } from './cypher/trace-proc.ts';
import { recallClosure } from './proc-decode.ts';
import { summarise } from './recall.ts';

describe('recall closure from the procedure: received lots', () => {
  it('decodes SUPPLIED in-edges into `supplied`, and the summary totals them with PRODUCED', () => {
    expect(RECALL_IN_EDGES).toContain('SUPPLIED');
    // lot:f:1 received (25 kg, one edge holding two receipts), then shipped 20 kg; lot:f:2 made in kg and g
    const row = {
      keys: 'lot:f:1\nshipment:s\nlot:f:2', parents: '-1,0,-1', depths: '0,1,0', ids: '10,20,30',
      adj: '1,1,0,0', qty: [20], uom: ['kg'], times: [5000, null],
      ins: [0, 3, 'SUPPLIED', 'supplier:x', 1000, 25, 'kg', 1, 4, 'SHIPPED_IN', 'lot:f:1', 5000, 20, 'kg',
        2, 5, 'PRODUCED', 'op:a', 1000, 100, 'kg', 2, 6, 'PRODUCED', 'op:b', 2000, 50000, 'g'],
      props: [], cats: [['f', '"finished"']],
    };
    const { visit, closure } = recallClosure(row, 10);
    expect(closure.get(10)!.row).toMatchObject({ produced: [], supplied: [[3, 25, 'kg']] });
    expect(closure.get(30)!.row).toMatchObject({ produced: [[5, 100, 'kg'], [6, 50000, 'g']], supplied: [] });
    const r = summarise(closure, visit, [{ id: 10, key: 'lot:f:1', kind: 'Lot' }, { id: 30, key: 'lot:f:2', kind: 'Lot' }]);
    const by = Object.fromEntries(r.finishedLots.map((l) => [l.key, [l.quantity, l.uom, l.shippedQuantity, l.inStockQuantity, l.status]]));
    expect(by).toEqual({ 'lot:f:1': [25, 'kg', 20, 5, 'partially-shipped'], 'lot:f:2': [null, null, 0, null, 'in-stock'] });
  });
});
