// The templates' `reversal` column: a row that takes an earlier posting back (a cancelled goods issue,
// a return to the supplier, a cancelled delivery line) posts its quantity negated; what that does to
// the edge is pipeline/posting-totals.ts (tested in posting-totals.test.ts).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseNdjson } from '../ndjson/index.ts';
import { csvItems } from '../pipeline/test-kit.ts';
import type { IngestRecord, ParseItem, RecordError } from '../record.ts';
import { checkMapping, type Mapping } from './mapping.ts';

async function items(text: string, source: string, mapping?: Mapping): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const it of csvItems(text, source, mapping) as AsyncIterable<ParseItem>) out.push(it);
  return out;
}
const records = async (text: string, source: string, mapping?: Mapping): Promise<IngestRecord[]> =>
  (await items(text, source, mapping)).map((it) => {
    if (!it.ok) throw new Error(it.error.reason);
    return it.record;
  });
const flowQty = (r: IngestRecord): number | null | undefined => r.batch.edges![0]!.qty;

describe('CSV reversal rows', () => {
  it('keeps the keys of rows without it: the keys these rows had before the templates had the column', async () => {
    // pinned from the code before `reversal` existed (the row hash covers every template column)
    const before: [string, string, string][] = [
      ['consumptions.csv', 'operation,material,lot,qty,uom,consumed_at\nOP-1,RESIN,L1,12.5,kg,2026-03-02T08:15:00Z\n', 'consumptions:OP-1|RESIN|L1||#d5cdfd7ab8e1db6b'],
      ['receipts.csv', 'supplier,material,lot,received_at,qty,uom\nS1,RESIN,L1,2026-03-01T07:00:00Z,100,kg\n', 'receipts:S1|RESIN|L1#ba5965e794889781'],
      ['shipment_lines.csv', 'shipment,material,lot,qty,uom,shipped_at\nSH1,FG,F1,4,ea,2026-03-05T14:00:00Z\n', 'shipment_lines:SH1|FG|F1||#7a06a5852111dc3a'],
      ['packing.csv', 'into,material,serial,packed_at\n(00)106141411234567897,FG,S1,2026-03-05T10:00:00Z\n', 'packing:(00)106141411234567897|FG||S1|#507c1a5c49a9a23f'],
      ['productions.csv', 'operation,material,lot,qty,uom,produced_at\nOP-1,FG,F1,10,ea,2026-03-02T12:00:00Z\n', 'productions:OP-1|FG|F1||#194f7158fa6545b0'],
    ];
    for (const [source, text, id] of before) {
      expect((await records(text, source))[0]!.id, source).toBe(id);
      // the column present but saying no, or empty, is the same row
      const [head, row] = text.trimEnd().split('\n');
      expect((await records(`${head},reversal\n${row},no\n`, source))[0]!.id, source).toBe(id);
      expect((await records(`${head},reversal\n${row},\n`, source))[0]!.id, source).toBe(id);
      // a reversal of it is another record (one needs a quantity: the packing row has none)
      if (head!.includes('qty')) expect((await records(`${head},reversal\n${row},yes\n`, source))[0]!.id, source).not.toBe(id);
    }
  });

  it('posts the quantity negated, in any spelling of yes; a receipt reversal leaves what the receipt said of the lot', async () => {
    const head = 'operation,material,lot,qty,uom,consumed_at,reversal\n';
    const rows = ['yes', 'Y', 'TRUE', '1', 'x', 'no', 'false', '0', ''].map((f, i) => `OP-1,RESIN,L1,${i + 1},kg,2026-03-02T08:15:00Z,${f}\n`);
    const got = (await records(head + rows.join(''), 'consumptions.csv')).map(flowQty);
    expect(got).toEqual([-1, -2, -3, -4, -5, 6, 7, 8, 9]);
    const [rec, back] = await records('supplier,material,lot,received_at,qty,uom,reversal\nS1,RESIN,L1,2026-03-01T07:00:00Z,100,kg,\nS1,RESIN,L1,2026-03-09T07:00:00Z,30,kg,yes\n', 'receipts.csv');
    // the qty is the SUPPLIED edge's (receipts-quantity.test.ts), not a lot prop
    expect(rec!.batch.nodes![0]!.props).toEqual({ receivedAt: Date.parse('2026-03-01T07:00:00Z') });
    expect(flowQty(rec!)).toBe(100);
    expect(back!.batch.nodes![0]!.props).toEqual({});
    expect(flowQty(back!)).toBe(-30);
    // a serialised case: the reversal takes back the unit it packed, not the case's place in its Serial
    const [pack] = await records('into,material,serial,qty,uom,packed_at,reversal\n(01)09506000134352(21)CASE1,FG,S1,1,ea,2026-03-05T10:00:00Z,yes\n', 'packing.csv');
    expect(pack!.batch.edges!.filter((e) => e.kind === 'PACKED_INTO')).toEqual([expect.objectContaining({ from: 'serial:FG:S1', qty: -1 })]);
  });

  it('reads the export\'s own codes through the mapping (SAP movement types), trimmed and in any case', async () => {
    const mapping = checkMapping({
      template: 'consumptions',
      delimiter: ';',
      columns: { operation: 'AUFNR', material: 'MATNR', lot: 'CHARG', qty: 'MENGE', uom: 'MEINS', consumed_at: 'BUDAT', reversal: 'BWART' },
      reversalValues: ['262', 'Z62'],
    });
    const csv = 'AUFNR;MATNR;CHARG;MENGE;MEINS;BUDAT;BWART\n1000;RESIN;L1;10;kg;2026-03-02T08:00:00Z;261\n1000;RESIN;L1;10;kg;2026-03-02T09:00:00Z;262\n1000;RESIN;L1;4;kg;2026-03-02T10:00:00Z; z62 \n';
    expect((await records(csv, 'mb51.csv', mapping)).map(flowQty)).toEqual([10, -10, -4]);
    expect(() => checkMapping({ reversalValues: [] })).toThrow(/reversalValues/);
  });

  it('refuses a value that is neither yes nor no, and a reversal without a quantity, naming the line and field', async () => {
    const out = await items('operation,material,lot,qty,uom,consumed_at,Storno\nOP-1,RESIN,L1,1,kg,2026-03-02T08:15:00Z,262\nOP-1,RESIN,L1,,,2026-03-02T08:15:00Z,yes\nOP-1,RESIN,L1,2,kg,2026-03-02T08:15:00Z,no\n', 'gi.csv', { template: 'consumptions', columns: { reversal: 'Storno' } });
    const errors = out.filter((i): i is { ok: false; error: RecordError } => !i.ok).map((i) => i.error);
    expect(errors).toEqual([
      expect.objectContaining({ pos: { source: 'gi.csv', line: 2, record: 1, field: 'Storno' }, value: '262', reason: expect.stringMatching(/expected yes or no.*reversalValues/) }),
      expect.objectContaining({ pos: { source: 'gi.csv', line: 3, record: 2, field: 'qty' }, reason: expect.stringMatching(/reversal needs the quantity/) }),
    ]);
    expect(out.filter((i) => i.ok)).toHaveLength(1);
  });

  it('an NDJSON event with reversal: true is the same record as the CSV row', async () => {
    const [row] = await records('operation,material,lot,qty,uom,consumed_at,reversal\nOP-1,RESIN,L1,8,kg,2026-03-02T10:55:00Z,yes\n', 'consumptions.csv');
    const ev = { type: 'consume', operation: 'OP-1', material: 'RESIN', lot: 'L1', qty: 8, uom: 'kg', at: '2026-03-02T10:55:00Z', reversal: true };
    const got: ParseItem[] = [];
    for await (const it of parseNdjson(Readable.from([JSON.stringify(ev) + '\n']), { source: 'mes.ndjson' })) got.push(...(Array.isArray(it) ? it : [it]));
    expect(got[0]).toMatchObject({ ok: true, record: { id: row!.id } });
    expect(flowQty((got[0] as { record: IngestRecord }).record)).toBe(-8);
  });
});
