// An entity a flow row names only by reference (the supplier of a receipt, an operation, its
// equipment, a shipment, its customer) is found by the id the row gave, before any master-data row
// for it (QA qa-csv.md D8: "no node with key or identifier 'SUP1'" read as "no exposure"). The node
// carries the id and no props, so a master row written before or after keeps its props.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseNdjson } from '../ndjson/index.ts';
import { ingest } from '../pipeline/index.ts';
import { concat, csvItems, memoryStore } from '../pipeline/test-kit.ts';

const RECEIPTS = ['supplier,material,lot,received_at,qty,uom', 'SUP1,RAW,L1,2026-03-01T07:00:00Z,10,kg'].join('\n');
const OPERATIONS = ['operation,started_at,equipment,site', 'OP2,2026-03-02T07:00:00Z,PRESS-07,PLANT-A'].join('\n');
const CONSUMPTIONS = ['operation,material,lot,qty,uom,consumed_at', 'OP1,RAW,L1,5,kg,2026-03-02T08:10:00Z'].join('\n');
const PRODUCTIONS = ['operation,material,lot,qty,uom,produced_at', 'OP2,FG,H1,3,ea,2026-03-02T09:00:00Z'].join('\n');
const LINES = ['shipment,material,lot,qty,uom,shipped_at,customer', 'SHP1,RAW,L1,2,kg,2026-03-05T10:00:00Z,CUST1'].join('\n');
const SHIPMENTS = ['shipment,customer,shipped_at', 'SHP2,CUST2,2026-03-06T10:00:00Z'].join('\n');
const SUPPLIERS = ['supplier,name', 'SUP1,Acme Resins'].join('\n');
const WINDOW = { from: '2026-02-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

describe('ids of entities named only by reference', () => {
  it('finds the supplier, operation, equipment, site, shipment and customer by the id a flow row gave, without master data', async () => {
    const m = await memoryStore();
    try {
      const items = concat(
        csvItems(RECEIPTS, 'receipts.csv'),
        csvItems(OPERATIONS, 'operations.csv'),
        csvItems(CONSUMPTIONS, 'consumptions.csv'),
        csvItems(PRODUCTIONS, 'productions.csv'),
        csvItems(LINES, 'shipment_lines.csv'),
        csvItems(SHIPMENTS, 'shipments.csv'),
      );
      expect(await ingest(items, m)).toMatchObject({ accepted: 6, rejected: 0 });
      const keyOf = async (id: string) => (await m.store.lookup(id)).key;
      expect(await keyOf('SUP1')).toBe('supplier:SUP1');
      expect(await keyOf('OP1')).toBe('op:OP1');
      expect(await keyOf('SHP1')).toBe('shipment:SHP1');
      expect(await keyOf('CUST1')).toBe('customer:CUST1');
      expect(await keyOf('SHP2')).toBe('shipment:SHP2');
      expect(await keyOf('CUST2')).toBe('customer:CUST2');
      expect(await keyOf('PRESS-07')).toBe('equipment:PRESS-07');
      expect(await keyOf('PLANT-A')).toBe('site:PLANT-A');
      // no props invented for them
      expect((await m.store.lookup('SUP1')).props).toEqual({});
      expect((await m.store.lookup('CUST1')).props).toEqual({});

      const bySupplier = await m.store.recallImpact({ supplier: { id: 'SUP1', ...WINDOW } });
      expect(bySupplier.suspects.map((s) => s.key)).toEqual(['lot:RAW:L1']);
      expect(bySupplier.shipments.map((s) => s.key)).toContain('shipment:SHP1');
      expect(bySupplier.customers.map((c) => c.key)).toContain('customer:CUST1');
      const byEquipment = await m.store.recallImpact({ equipment: { id: 'PRESS-07', ...WINDOW } });
      expect(byEquipment.suspects.map((s) => s.key)).toEqual(['op:OP2']);
      expect(byEquipment.totals.nodesReached).toBeGreaterThan(1);
    } finally {
      await m.close();
    }
  });

  it('keeps the name of a suppliers.csv row given after the receipt, and does not wipe one given before', async () => {
    for (const order of ['after', 'before'] as const) {
      const m = await memoryStore();
      try {
        const files = [csvItems(RECEIPTS, 'receipts.csv'), csvItems(SUPPLIERS, 'suppliers.csv')];
        if (order === 'before') files.reverse();
        for (const f of files) expect(await ingest(f, m)).toMatchObject({ accepted: 1, rejected: 0 });
        const sup = await m.store.lookup('SUP1');
        expect(sup, order).toMatchObject({ key: 'supplier:SUP1', ids: ['SUP1'], props: { name: 'Acme Resins' } });
        const r = await m.store.recallImpact({ supplier: { id: 'SUP1', ...WINDOW } });
        expect(r.suspects.map((s) => s.key)).toEqual(['lot:RAW:L1']);
      } finally {
        await m.close();
      }
    }
  });

  it('does the same for NDJSON canonical events, which share the templates', async () => {
    const m = await memoryStore();
    try {
      const lines = [
        '{"type":"receive","supplier":"SUP9","material":"RAW","lot":"L9","at":"2026-03-01T07:00:00Z","qty":1,"uom":"kg"}',
        '{"type":"consume","operation":"OP9","material":"RAW","lot":"L9","at":"2026-03-02T07:00:00Z"}',
        '{"type":"ship","shipment":"SHP9","customer":"CUST9","material":"RAW","lot":"L9","at":"2026-03-03T07:00:00Z"}',
      ].join('\n');
      expect(await ingest(parseNdjson(Readable.from([Buffer.from(lines)]), { source: 'events.ndjson' }), m)).toMatchObject({ accepted: 3, rejected: 0 });
      for (const [id, key] of [['SUP9', 'supplier:SUP9'], ['OP9', 'op:OP9'], ['SHP9', 'shipment:SHP9'], ['CUST9', 'customer:CUST9']]) expect((await m.store.lookup(id!)).key).toBe(key);
    } finally {
      await m.close();
    }
  });
});
