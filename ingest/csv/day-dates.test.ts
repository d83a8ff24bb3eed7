// An ERP dates a goods issue by its posting day alone (SAP BUDAT): midnight, standing for the whole
// day. The time-order check then takes it for that day, not for the instant before the morning's
// receipt; a time-order reject names the field and the value as written (QA of 2026-12-04: the
// README's own MB51 mapping refused a same-day issue, and the reject showed a UTC time not in the file).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping } from './mapping.ts';
import { ingest } from '../pipeline/pipeline.ts';
import { concat, csvItems, memoryStore } from '../pipeline/test-kit.ts';

const SAP = join(import.meta.dirname, '../../examples/sap/mb51.mapping.yaml');
const HEAD = 'MJAHR;MBLNR;ZEILE;BWART;AUFNR;MATNR;CHARG;MENGE;MEINS;BUDAT\n';
const master = () => concat(
  csvItems('supplier,material,lot,received_at,qty,uom\nSUP-ACME,RESIN-PC,L2410,2026-03-02T07:00:00Z,25,kg\n', 'receipts.csv'),
  csvItems('operation,started_at\n1000815,2026-03-02T06:00:00Z\n', 'operations.csv'),
);

describe('a time written as a date alone, in the time-order check', () => {
  it('a goods issue dated by the day of the receipt is accepted, and reaches the order', async () => {
    const { db, store, close } = await memoryStore();
    try {
      expect(await ingest(master(), { db, store })).toMatchObject({ accepted: 2, rejected: 0 });
      const s = await ingest(csvItems(`${HEAD}2026;4900001300;1;261;1000815;RESIN-PC;L2410;12.500;G;02.03.2026\n`, 'mb51-0302.csv', await loadMapping(SAP)), { db, store });
      expect(s).toMatchObject({ accepted: 1, rejected: 0 });
      const t = await store.trace({ origin: 'lot:RESIN-PC:L2410', direction: 'forward' });
      expect(t.nodes.map((n) => n.key)).toContain('op:1000815');
    } finally {
      await close();
    }
  });

  it('one dated the day before is still refused, naming the field and the date as written', async () => {
    const { db, store, close } = await memoryStore();
    try {
      await ingest(master(), { db, store });
      const s = await ingest(csvItems(`${HEAD}2026;4900001301;1;261;1000815;RESIN-PC;L2410;12.500;G;01.03.2026\n`, 'mb51-0301.csv', await loadMapping(SAP)), { db, store });
      expect(s).toMatchObject({ accepted: 0, rejected: 1 });
      expect(s.rejects[0]).toMatchObject({ pos: { source: 'mb51-0301.csv', line: 2, field: 'BUDAT' }, value: '01.03.2026' });
      expect(s.rejects[0]!.reason).toMatch(/^time order: lot:RESIN-PC:L2410 consumed at 2026-02-28T23:00:00.000Z, before/);
    } finally {
      await close();
    }
  });

  it('a time of day before the receipt is refused as before (the tolerance is for dates alone)', async () => {
    const { db, store, close } = await memoryStore();
    try {
      await ingest(master(), { db, store });
      const s = await ingest(csvItems('operation,material,lot,qty,uom,consumed_at\n1000815,RESIN-PC,L2410,2,kg,2026-03-02T06:30:00Z\n', 'consumptions.csv'), { db, store });
      expect(s).toMatchObject({ accepted: 0, rejected: 1 });
      expect(s.rejects[0]).toMatchObject({ pos: { field: 'consumed_at' }, value: '2026-03-02T06:30:00Z' });
    } finally {
      await close();
    }
  });
});
