import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadMapping } from './mapping.ts';
import { parseCsv } from './parse.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

describe('column-mapping files', () => {
  it('reads the example ERP export: columns, delimiter, decimal comma, grams to kg, Berlin time, constant unit', async () => {
    const m = await loadMapping(join(EXAMPLES, 'erp', 'goods-issue.mapping.yaml'));
    const items = [];
    for await (const it of parseCsv(Readable.from(['Auftrag;Artikel;Charge;Menge (g);Buchung\r\nOP-1;RESIN;L1;1.250,5;30.03.2026 09:15\r\n']), { source: 'goods-issue.csv', mapping: m })) items.push(it);
    expect(items).toHaveLength(1);
    const it0 = items[0]!;
    if (!it0.ok) throw new Error(it0.error.reason);
    // 30 March 2026 is summer time in Berlin (UTC+2)
    expect(it0.record.batch.edges![0]).toMatchObject({ kind: 'CONSUMED_BY', from: 'lot:RESIN:L1', to: 'op:OP-1', qty: 1.2505, uom: 'kg', at: Date.parse('2026-03-30T07:15:00Z') });
  });

  it('JSON mappings work too; every problem is listed in one LG_BAD_PARAM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lotgraph-mapping-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ template: 'receipts', columns: { lot: 'Batch' } }));
    expect((await loadMapping(join(dir, 'ok.json'))).columns).toEqual({ lot: 'Batch' });
    writeFileSync(join(dir, 'bad.yaml'), 'template: receipts\ncolumns:\n  batch: Batch\ntimeZone: Mars/Olympus\ndecimal: ";"\n');
    await expect(loadMapping(join(dir, 'bad.yaml'))).rejects.toMatchObject({ code: 'LG_BAD_PARAM', details: { problems: [expect.stringMatching(/^\/decimal/)] } });
    writeFileSync(join(dir, 'bad2.yaml'), 'template: receipts\ncolumns:\n  batch: Batch\ntimeZone: Mars/Olympus\n');
    const e = (await loadMapping(join(dir, 'bad2.yaml')).then(() => null, (x: unknown) => x)) as { code: string; details: { problems: string[] } };
    expect(e.code).toBe('LG_BAD_PARAM');
    expect(e.details.problems).toEqual(["/timeZone: unknown time zone 'Mars/Olympus'", expect.stringMatching(/^\/columns\/batch: template receipts has no column 'batch'/)]);
    await expect(loadMapping(join(dir, 'none.yaml'))).rejects.toMatchObject({ code: 'LG_BAD_PARAM' });
  });

  it('a mapped column missing from the export is named', async () => {
    const items = [];
    for await (const it of parseCsv(Readable.from(['Order,Item,Batch,When\n']), { source: 'x.csv', mapping: { template: 'consumptions', columns: { operation: 'Order', material: 'Item', lot: 'Charge', consumed_at: 'When' } } })) items.push(it);
    expect(items.map((i) => (i.ok ? null : i.error.reason))).toEqual(["mapped column 'Charge' (template column lot) is not in the header"]);
  });
});
