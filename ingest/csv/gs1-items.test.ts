// A lot or serial in a CSV export, named by a scanned GS1 form (element string, Digital Link, EPC
// URN) in any template that names one, or named with its lot: every row reaches the node every other
// form names, and a recall from a supplier lot reaches the units, shipments and customers (QA of
// 2026-12-04: serials.csv and receipts.csv kept the scanned value as the number, and a row naming a
// serial with its lot dropped the lot, so the recall lost them without a reject or a warning).
import { describe, expect, it } from 'vitest';
import { ingest } from '../pipeline/pipeline.ts';
import { concat, csvItems, memoryStore } from '../pipeline/test-kit.ts';

const files = (rows: Record<string, string>) => concat(...Object.entries(rows).map(([name, text]) => csvItems(text, name)));

describe('GS1 forms and lots named with a serial, through the pipeline', () => {
  it('a scanned SGTIN in serials.csv and an LGTIN in receipts.csv are the nodes the flow rows name: the recall reaches both shipped units and the customer', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const s = await ingest(files({
        'receipts.csv': 'supplier,material,lot,received_at,qty,uom\nSUP1,04012345111118,(01)04012345111118(10)LOTA,2026-03-01T07:00:00Z,10,ea\n',
        'operations.csv': 'operation,started_at\nOP1,2026-03-02T08:00:00Z\n',
        'consumptions.csv': 'operation,material,lot,qty,uom,consumed_at\nOP1,04012345111118,LOTA,5,ea,2026-03-02T08:10:00Z\n',
        'productions.csv': 'operation,material,lot,qty,uom,produced_at\nOP1,04099999000005,P1,2,ea,2026-03-02T09:00:00Z\n',
        'serials.csv': 'material,lot,serial,at\n04099999000005,P1,(01)04099999000005(21)SN1,2026-03-02T09:00:00Z\n04099999000005,urn:epc:class:lgtin:4099999.000000.P1,https://id.gs1.org/01/04099999000005/21/SN2,2026-03-02T09:00:00Z\n',
        'shipments.csv': 'shipment,customer,shipped_at\nSHP1,CUST1,2026-03-05T10:00:00Z\n',
        'shipment_lines.csv': 'shipment,material,serial,shipped_at\nSHP1,04099999000005,SN1,2026-03-05T10:00:00Z\nSHP1,,(01)04099999000005(21)SN2,2026-03-05T10:00:00Z\n',
      }), { db, store });
      expect(s).toMatchObject({ accepted: 9, rejected: 0 });
      const r = await store.recallImpact({ suspects: ['lot:04012345111118:LOTA'] });
      expect(r.serials.map((x) => [x.key, x.lot, x.status])).toEqual([
        ['serial:04099999000005:SN1', 'lot:04099999000005:P1', 'shipped'],
        ['serial:04099999000005:SN2', 'lot:04099999000005:P1', 'shipped'],
      ]);
      expect(r.shipments.map((x) => x.key)).toEqual(['shipment:SHP1']);
      expect(r.customers.map((x) => x.key)).toEqual(['customer:CUST1']);
      // the values as scanned stay searchable ids of their nodes
      expect((await store.lookup('(01)04012345111118(10)LOTA')).key).toBe('lot:04012345111118:LOTA');
      expect((await store.lookup('https://id.gs1.org/01/04099999000005/21/SN2')).key).toBe('serial:04099999000005:SN2');
      const s2 = await store.stats();
      expect(s2.nodesByKind.Lot).toBe(2);
      expect(s2.nodesByKind.Serial).toBe(2);
    } finally {
      await close();
    }
  });

  it('a row naming a serial with its lot makes the serial that lot\'s unit: a trace from a supplier lot reaches the operation, a recall of a produced lot its units', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const s = await ingest(files({
        'receipts.csv': 'supplier,material,lot,received_at,qty,uom\nSUP1,PCB,B1,2026-03-01T07:00:00Z,10,ea\n',
        'operations.csv': 'operation,started_at\nOP1,2026-03-02T08:00:00Z\n',
        'consumptions.csv': 'operation,material,lot,serial,qty,uom,consumed_at\nOP1,PCB,B1,PCB-0001,1,ea,2026-03-02T08:10:00Z\n',
        'productions.csv': 'operation,material,lot,serial,qty,uom,produced_at\nOP1,PUMP,P1,SN1,1,ea,2026-03-02T09:00:00Z\nOP1,PUMP,P1,SN2,1,ea,2026-03-02T09:00:00Z\n',
        'shipment_lines.csv': 'shipment,material,lot,serial,shipped_at,customer\nSHP1,PUMP,P1,SN1,2026-03-05T10:00:00Z,CUST1\n',
      }), { db, store });
      expect(s).toMatchObject({ accepted: 6, rejected: 0 });
      const t = await store.trace({ origin: 'lot:PCB:B1', direction: 'forward' });
      expect(t.nodes.map((n) => n.key)).toEqual(expect.arrayContaining(['serial:PCB:PCB-0001', 'op:OP1', 'serial:PUMP:SN1', 'shipment:SHP1', 'customer:CUST1']));
      const r = await store.recallImpact({ suspects: ['P1'] });
      expect(r.suspects.map((x) => x.key)).toEqual(['lot:PUMP:P1']);
      expect(r.serials.map((x) => [x.key, x.status])).toEqual([['serial:PUMP:SN1', 'shipped'], ['serial:PUMP:SN2', 'in-stock']]);
      expect(r.customers.map((x) => x.key)).toEqual(['customer:CUST1']);
    } finally {
      await close();
    }
  });

  it('a value written as a GS1 form that is not a valid one is kept as given, with a warning naming the line, field and value', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const s = await ingest(files({
        'packing.csv': 'into,material,serial,packed_at\n(00)003123450000000011,PUMP,SN5,2026-03-04T10:00:00Z\n(00)003123450000000012,PUMP,SN6,2026-03-04T10:00:00Z\n(00) 003123450000000011,PUMP,SN7,2026-03-04T10:00:00Z\n',
      }), { db, store });
      expect(s).toMatchObject({ accepted: 3, rejected: 0, warned: 2 });
      expect(s.warnings.map((w) => [w.pos.line, w.pos.field, w.value])).toEqual([[3, 'into', '(00)003123450000000012'], [4, 'into', '(00) 003123450000000011']]);
      expect(s.warnings[0]!.reason).toMatch(/^not a valid GS1 form, kept as given .*check digit/);
    } finally {
      await close();
    }
  });

  it('a packing row naming a serial with its lot keeps the time serials.csv gave the unit (no edge again without one)', async () => {
    const { db, store, close } = await memoryStore();
    try {
      await ingest(files({
        'serials.csv': 'material,lot,serial,at\nFG,F0,S1,2026-01-01T04:00:00Z\n',
        'packing.csv': 'into,material,lot,serial,packed_at\nCASE-0,FG,F0,S1,2026-01-01T05:00:00Z\n',
      }), { db, store });
      const n = await store.neighbourhood('serial:FG:S1', { hops: 1, direction: 'backward' });
      expect(n.edges.filter((e) => e.kind === 'HAS_UNIT').map((e) => [e.from, e.at])).toEqual([['lot:FG:F0', Date.parse('2026-01-01T04:00:00Z')]]);
    } finally {
      await close();
    }
  });

  it('a plain serial of the row\'s material stays one node when the lot column holds an LGTIN of another GTIN', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const s = await ingest(files({
        'operations.csv': 'operation,started_at\nOP1,2026-03-02T08:00:00Z\n',
        'productions.csv': 'operation,material,lot,serial,qty,uom,produced_at\nOP1,PUMP-7,(01)04099999000005(10)P1,SN1,1,ea,2026-03-02T09:00:00Z\n',
        'shipment_lines.csv': 'shipment,material,serial,shipped_at,customer\nSHP1,PUMP-7,SN1,2026-03-05T10:00:00Z,CUST1\n',
      }), { db, store });
      expect(s).toMatchObject({ rejected: 0 });
      const t = await store.trace({ origin: 'op:OP1', direction: 'forward' });
      expect(t.nodes.map((n) => n.key)).toEqual(expect.arrayContaining(['serial:PUMP-7:SN1', 'shipment:SHP1', 'customer:CUST1']));
      expect((await store.stats()).nodesByKind.Serial).toBe(1);
      // the lot number the LGTIN holds, of the row's material; the scanned value stays an id of it
      expect((await store.lookup('(01)04099999000005(10)P1')).key).toBe('lot:PUMP-7:P1');
    } finally {
      await close();
    }
  });
});

