import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkMapping, loadMapping, type Mapping } from './mapping.ts';
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

  const read = async (text: string, source: string, mapping: Mapping) => {
    const out = [];
    for await (const it of parseCsv(Readable.from([text]), { source, mapping })) out.push(it.ok ? { ...it.record.batch.edges![0], raw: it.record.raw } : it.error.reason);
    return out;
  };

  it('a mapping key that is no template column is an error even without "template" (else its values are silently not read)', async () => {
    const m = { columns: { operation: 'Auftrag', material: 'Artikel', lot: 'Charge', quantity: 'Menge', consumed_at: 'Zeit' } };
    expect(await read('Auftrag,Artikel,Charge,Menge,Zeit\nOP1,M,L,5,2026-03-01T08:00:00Z\n', 'consumptions.csv', m)).toEqual([expect.stringMatching(/^mapping columns: 'quantity' is not a column of template consumptions/)]);
    expect(() => checkMapping({ template: 'consumptions', constants: { unit: 'g' } }, 'x.yaml')).toThrow(/x\.yaml: \/constants\/unit: template consumptions has no column 'unit'/);
  });

  it('a header naming a column twice is an error for a column that is read; "#N" picks one; the log keeps both', async () => {
    const csv = 'operation,material,lot,Menge,Menge,consumed_at\nOP1,M,L,5,7,2026-03-01T08:00:00Z\n';
    expect(await read(csv, 'consumptions.csv', { columns: { qty: 'menge' } })).toEqual([expect.stringMatching(/^column 'menge' is in the header 2 times \(columns 4, 5\): map qty to one of them by number, such as "#4"/)]);
    expect(await read(csv, 'consumptions.csv', { columns: { qty: '#5' } })).toEqual([expect.objectContaining({ qty: 7, raw: { operation: 'OP1', material: 'M', lot: 'L', Menge: '5', 'Menge#5': '7', consumed_at: '2026-03-01T08:00:00Z' } })]);
  });

  it('a list of export columns is read joined with "/" (SAP document and line as one posting); only for text columns', async () => {
    const m = { template: 'consumptions', delimiter: ';', columns: { operation: 'AUFNR', material: 'MATNR', lot: 'CHARG', qty: 'MENGE', consumed_at: 'BUDAT', posting: ['MJAHR', 'MBLNR', 'ZEILE'] } };
    const ids = async (text: string) => {
      const out: string[] = [];
      for await (const it of parseCsv(Readable.from([text]), { source: 'mb51.csv', mapping: checkMapping(m) })) out.push(it.ok ? it.record.id : it.error.reason);
      return out;
    };
    const head = 'AUFNR;MATNR;CHARG;MENGE;BUDAT;MJAHR;MBLNR;ZEILE\n';
    const [a, b, c] = await ids(head + 'OP1;M;L1;5;2026-03-01;2026;4900001;1\nOP1;M;L1;5;2026-03-01;2026;4900001;2\nOP1;M;L1;5;2026-03-01;;;\n');
    expect(a).toMatch(/^consumptions@OP1\/2026%2F4900001%2F1:/);
    expect(b).toMatch(/^consumptions@OP1\/2026%2F4900001%2F2:/);
    expect(c).toMatch(/^consumptions:/); // all empty: no posting
    expect(await ids('AUFNR;MATNR;CHARG;MENGE;BUDAT;MJAHR;MBLNR\nOP1;M;L1;5;2026-03-01;2026;4900001\n')).toEqual(["mapped column 'ZEILE' (template column posting) is not in the header"]);
    expect(() => checkMapping({ template: 'consumptions', columns: { qty: ['A', 'B'] } }, 'x.yaml')).toThrow(/x\.yaml: \/columns\/qty: a list of export columns \(joined with '\/'\) is for text columns; qty is a number column/);
  });

  it('a header column mapped to one template column is not also read by name as another', async () => {
    // the export's "lot" column is the material: it is mapped, so the lot comes from Charge alone
    const m = { columns: { material: 'lot', lot: 'Charge' } };
    expect(await read('operation,lot,Charge,consumed_at\nOP1,M1,C1,2026-03-01T08:00:00Z\n', 'consumptions.csv', m)).toEqual([expect.objectContaining({ from: 'lot:M1:C1' })]);
    expect(await read('operation,lot,consumed_at\nOP1,M1,2026-03-01T08:00:00Z\n', 'consumptions.csv', { columns: { material: 'lot' } })).toEqual(['one of lot, serial, container is required']);
  });

  it('delimiter tab (YAML cannot write a bare tab), a decimal comma with a comma delimiter refused, a BOM in a JSON mapping file', async () => {
    expect(checkMapping({ delimiter: 'tab' }).delimiter).toBe('\t');
    expect(checkMapping({ delimiter: '\\t' }).delimiter).toBe('\t');
    expect(() => checkMapping({ decimal: ',' })).toThrow(/\/decimal: the decimal separator ',' is also the delimiter/);
    expect(() => checkMapping({ columns: { lot: '' } })).toThrow(/\/columns\/lot/);
    const dir = mkdtempSync(join(tmpdir(), 'lotgraph-mapping-'));
    writeFileSync(join(dir, 'bom.json'), '\uFEFF{"delimiter": ";"}');
    expect((await loadMapping(join(dir, 'bom.json'))).delimiter).toBe(';');
  });

  it('numbers and units: a dot under a decimal comma is refused, not read as thousands; units are written one way', async () => {
    const csv = 'operation;material;lot;qty;uom;consumed_at\nOP1;M;L1;1,5;KG;2026-03-01T08:00:00Z\nOP1;M;L2;1.5;kg;2026-03-01T08:00:00Z\nOP1;M;L3;1.500;Kg;2026-03-01T08:00:00Z\n';
    expect(await read(csv, 'consumptions.csv', { delimiter: ';', decimal: ',' })).toEqual([expect.objectContaining({ qty: 1.5, uom: 'kg' }), expect.stringMatching(/^bad number in qty \(decimal separator ','/), expect.objectContaining({ qty: 1500, uom: 'kg' })]);
    expect(await read('operation,material,lot,qty,uom,consumed_at\nOP1,M,L1,1e400,drum,2026-03-01T08:00:00Z\nOP1,M,L1,"1,5",DRUM,2026-03-01T08:00:00Z\n', 'consumptions.csv', { knownUnits: ['Drum'] })).toEqual(['bad number in qty', "bad number in qty (decimal separator '.': set decimal: ',' in the mapping for 1.234,5)"]);
    expect(await read('operation,material,lot,qty,uom,consumed_at\nOP1,M,L1,2,DRUM,2026-03-01T08:00:00Z\n', 'consumptions.csv', { knownUnits: ['Drum'] })).toEqual([expect.objectContaining({ qty: 2, uom: 'Drum' })]);
  });
});
