import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { IngestRecord, ParseItem, RecordError } from '../record.ts';
import type { Mapping } from './mapping.ts';
import { MAX_RECORD_CHARS, parseCsv } from './parse.ts';

const FIX = join(import.meta.dirname, 'fixtures');

async function items(file: string, mapping?: Mapping): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const it of parseCsv(createReadStream(join(FIX, file)), { source: file, ...(mapping ? { mapping } : {}) })) out.push(it);
  return out;
}
const records = (xs: ParseItem[]): IngestRecord[] => xs.flatMap((x) => (x.ok ? [x.record] : []));
const errors = (xs: ParseItem[]): RecordError[] => xs.flatMap((x) => (x.ok ? [] : [x.error]));

describe('CSV parser: valid fixtures', () => {
  it('drops a UTF-8 BOM before the header', async () => {
    const r = records(await items('valid/bom-suppliers.csv'));
    expect(r.map((x) => x.batch.nodes![0]!.key)).toEqual(['supplier:S1']);
    expect(r[0]!.id).toMatch(/^suppliers:S1#[0-9a-f]{16}$/);
  });

  it('reads CRLF line ends, with lines counted from the header (line 1)', async () => {
    const r = records(await items('valid/crlf-suppliers.csv'));
    expect(r.map((x) => [x.pos.line, x.batch.nodes![0]!.props!.name])).toEqual([[2, 'Acme'], [3, 'Bolt']]);
  });

  it('keeps quoted delimiters, quotes and newlines inside fields; a multi-line record keeps its first line', async () => {
    const r = records(await items('valid/quoted-delimiters-suppliers.csv'));
    expect(r.map((x) => x.batch.nodes![0]!.key)).toEqual(['supplier:S%2C1', 'supplier:S2']);
    expect(r[0]!.batch.nodes![0]!.props!.name).toBe('Acme, "Polymers"');
    expect(r[1]!.batch.nodes![0]!.props!.name).toBe('multi\nline');
    expect(r.map((x) => x.pos.line)).toEqual([2, 3]);
  });

  it('a record line is the one it starts on, also after quoted fields with CRLF, LF or CR line breaks inside', async () => {
    const text = '\ufeffsupplier,name\r\nS1,"a\r\nb\r\nc"\r\nS2,"d\ne"\r\nS3,"f\rg"\r\nS4,x,extra\r\n';
    const out: ParseItem[] = [];
    for await (const it of parseCsv(Readable.from([Buffer.from(text)]), { source: 'suppliers.csv' })) out.push(it);
    expect(out.map((x) => (x.ok ? x.record.pos.line : x.error.pos.line))).toEqual([2, 5, 7, 9]);
  });

  it('an unclosed quote is named by the line its record starts on', async () => {
    const out: ParseItem[] = [];
    for await (const it of parseCsv(Readable.from(['supplier,name\nS1,ok\nS2,"broken\nS3,x\nS4,y\n']), { source: 'suppliers.csv' })) out.push(it);
    expect(out.map((x) => (x.ok ? x.record.pos.line : [x.error.pos.line, x.error.reason.slice(0, 20)]))).toEqual([2, [3, 'CSV_QUOTE_NOT_CLOSED']]);
  });

  it('a quote inside a field that does not start with one is text (an inch mark): the rows after it are read', async () => {
    const out: ParseItem[] = [];
    for await (const it of parseCsv(Readable.from(['material,name,gtin,category,uom\nM1,Hose,,raw,ea\nM2,PIPE 3/4" STEEL,,raw,ea\nM3,Valve,,raw,ea\nM4,"Bolt, 1/2""",,raw,ea\n']), { source: 'materials.csv' })) out.push(it);
    expect(errors(out)).toEqual([]);
    expect(records(out).map((x) => [x.pos.line, x.batch.nodes![0]!.props!.name])).toEqual([[2, 'Hose'], [3, 'PIPE 3/4" STEEL'], [4, 'Valve'], [5, 'Bolt, 1/2"']]);
  });

  it('a key after a closing quote with more characters (`"L1" ,`) rejects its row, naming the field; the rows after it are read', async () => {
    const out: ParseItem[] = [];
    for await (const it of parseCsv(Readable.from(['supplier,material,lot,received_at,qty,uom\nS1,RAW,"L1" ,2026-03-01T07:00:00Z,10,kg\nS1,RAW,L2,2026-03-01T07:00:00Z,10,kg\n']), { source: 'receipts.csv' })) out.push(it);
    expect(errors(out).map((e) => [e.pos.line, e.pos.field, e.value])).toEqual([[2, 'lot', '"L1"']]);
    expect(records(out).map((x) => x.batch.nodes![0]!.key)).toEqual(['lot:RAW:L2']);
  });

  it('a .tsv file is tab-separated unless a mapping says otherwise', async () => {
    const text = 'operation\tmaterial\tlot\tqty\tuom\tconsumed_at\nOP1\tRM-1\tL1\t2\tkg\t2026-03-02T08:10:00Z\n';
    const out: ParseItem[] = [];
    for await (const it of parseCsv(Readable.from([text]), { source: 'exports/consumptions.tsv' })) out.push(it);
    expect(errors(out)).toEqual([]);
    expect(records(out).map((x) => x.batch.edges![0])).toMatchObject([{ kind: 'CONSUMED_BY', from: 'lot:RM-1:L1', to: 'op:OP1', qty: 2, uom: 'kg' }]);
  });

  it('reads another delimiter from the mapping', async () => {
    const r = records(await items('valid/semicolon-suppliers.csv', { delimiter: ';' }));
    expect(r[1]!.batch.nodes![0]).toMatchObject({ key: 'supplier:S2', ids: ['S2', '4000001000005'] });
  });

  it('skips blank lines without losing line numbers; offsets are honoured', async () => {
    const xs = await items('valid/blank-lines-consumptions.csv');
    expect(errors(xs)).toEqual([]);
    const r = records(xs);
    expect(r.map((x) => x.pos.line)).toEqual([2, 5]);
    expect(r[1]!.at).toBe(Date.parse('2026-03-01T08:00:00Z'));
  });

  it('normalises GS1 container forms (element string, EPC URN) to one SSCC key, keeping the original', async () => {
    const r = records(await items('valid/gs1-container-shipment_lines.csv'));
    expect(r.map((x) => x.batch.edges![0]!.from)).toEqual(['container:003123450000000011', 'container:003123450000000011']);
    expect(r[1]!.batch.nodes![0]!.ids).toContain('urn:epc:id:sscc:0312345.0000000001');
  });
});

describe('CSV parser: invalid fixtures', () => {
  it('a bad date rejects that row with line, field and value; its neighbour is read', async () => {
    const xs = await items('invalid/bad-date-consumptions.csv');
    expect(records(xs)).toHaveLength(1);
    expect(errors(xs)).toEqual([{ pos: { source: 'invalid/bad-date-consumptions.csv', line: 3, record: 2, field: 'consumed_at' }, reason: expect.stringMatching(/^bad date in consumed_at/), value: '01/03/2026' }]);
  });

  it('a file name that says one template over a header of another, whose columns it would not read, is one error naming both', async () => {
    for (const [source, header, row, says, is] of [
      ['receipts-raw-materials.csv', 'supplier,material,lot,received_at,qty,uom', 'S1,RAW,L1,2026-03-01T07:00:00Z,10,kg', 'materials', 'receipts'],
      ['wms-shipments-2026-03.csv', 'shipment,customer,shipped_at,material,lot,qty,uom', 'SHP1,CUST1,2026-03-05T10:00:00Z,RAW,L1,10,kg', 'shipments', 'shipment_lines'],
    ] as const) {
      const out: ParseItem[] = [];
      for await (const it of parseCsv(Readable.from([`${header}\n${row}\n`]), { source })) out.push(it);
      expect(records(out), source).toEqual([]);
      expect(errors(out).map((e) => [e.pos.line, e.reason.split(':')[0]]), source).toEqual([[1, `the file name says ${says}, but the header is that of ${is} (${says} does not read ${is === 'receipts' ? 'supplier, lot, received_at, qty' : 'material, lot, qty, uom'})`]]);
      // the mapping's template reads it as the user says
      const kept: ParseItem[] = [];
      for await (const it of parseCsv(Readable.from([`${header}\n${row}\n`]), { source, mapping: { template: is } })) kept.push(it);
      expect(errors(kept), source).toEqual([]);
      expect(records(kept)[0]!.type, source).toBe(is);
    }
  });

  it('a missing required column stops the file at the header, naming the column', async () => {
    const xs = await items('invalid/missing-column-receipts.csv');
    expect(records(xs)).toEqual([]);
    expect(errors(xs).map((e) => [e.pos.line, e.pos.field])).toEqual([[1, 'supplier'], [1, 'lot'], [1, 'received_at']]);
    expect(errors(xs)[0]!.reason).toBe("missing required column 'supplier' for template receipts");
  });

  it('bad numbers, negative quantities, unknown units, missing fields and short rows each say why', async () => {
    const e = errors(await items('invalid/bad-fields-receipts.csv'));
    expect(e.map((x) => [x.pos.line, x.pos.field ?? null, x.reason, x.value ?? null])).toEqual([
      [2, 'qty', 'bad number in qty', '1.5e'],
      [3, 'qty', 'negative quantity in qty', '-3'],
      [4, 'uom', `unknown unit 'furlong' (declare it under "units" in the mapping file)`, 'furlong'],
      [5, 'lot', 'missing required field lot', null],
      [6, null, 'row has 4 fields, the header has 6', 'S1,M1,L5,2026-03-01'],
    ]);
  });

  it('an unclosed quote is one positioned error, after the rows before it', async () => {
    const xs = await items('invalid/unclosed-quote-suppliers.csv');
    expect(records(xs)).toEqual([]);
    expect(errors(xs)).toHaveLength(1);
    expect(errors(xs)[0]!.reason).toMatch(/^CSV_QUOTE_NOT_CLOSED: .*the rest of the file was not read$/);
  });

  it('a huge field is bounded: the file stops there with a positioned error, earlier rows kept', async () => {
    // CRLF, and a quoted CRLF before it: the error names the line the record starts on, and only that
    // one (csv-parse's own count, which takes the quoted CRLF for two lines, is left out)
    const text = `supplier,name\r\nS1,"Acme\r\nPolymers"\r\nS2,${'x'.repeat(MAX_RECORD_CHARS + 10)}\r\nS3,After\r\n`;
    const out: ParseItem[] = [];
    for await (const it of parseCsv(Readable.from([Buffer.from(text)]), { source: 'huge-suppliers.csv' })) out.push(it);
    expect(records(out).map((r) => r.id)).toEqual([expect.stringMatching(/^suppliers:S1#/)]);
    expect(errors(out)).toEqual([{ pos: { source: 'huge-suppliers.csv', line: 4 }, reason: expect.stringMatching(/^CSV_MAX_RECORD_SIZE: .*the rest of the file was not read$/) }]);
    expect(errors(out)[0]!.reason).not.toMatch(/line \d/);
  });

  it('a file no template fits is one error naming the templates', async () => {
    const out: ParseItem[] = [];
    for await (const it of parseCsv(Readable.from(['a,b\n1,2\n']), { source: 'export.csv' })) out.push(it);
    expect(out).toHaveLength(1);
    expect(errors(out)[0]!.reason).toMatch(/^cannot tell which template this file is/);
  });
});
