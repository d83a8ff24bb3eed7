// Encodings: a file that is not UTF-8 is a clear, positioned error (not U+FFFD merging two part numbers);
// the mapping's `encoding` reads it; latin1 is Windows-1252; a UTF-16 BOM is followed.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import type { Mapping } from './mapping.ts';
import { parseCsv } from './parse.ts';

async function all(bytes: Buffer, source: string, mapping?: Mapping, chunk = 5): Promise<ParseItem[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: ParseItem[] = [];
  for await (const it of parseCsv(Readable.from(chunks), { source, ...(mapping ? { mapping } : {}) })) out.push(it);
  return out;
}
const view = (xs: ParseItem[]) => xs.map((x) => (x.ok ? x.record.batch.nodes![0]!.key : x.error));

describe('CSV encodings', () => {
  const latin1 = Buffer.from('material,name\nM0,plain\nSCHRAUBE-\xc4,A\nSCHRAUBE-\xdc,U\n', 'latin1');

  it('a Latin-1 export read as UTF-8 stops at the first bad byte, naming it and the encoding option; rows before it are read', async () => {
    expect(view(await all(latin1, 'materials.csv'))).toEqual([
      'material:M0',
      { pos: { source: 'materials.csv', line: 3 }, reason: expect.stringMatching(/^not UTF-8: byte 0xC4 at byte 32 of the file; .*set encoding in the mapping file \(latin1 .*the rest of the file was not read$/), value: '0xC4' },
    ]);
  });

  it('with encoding: latin1 both part numbers are read, as Windows-1252', async () => {
    expect(view(await all(latin1, 'materials.csv', { encoding: 'latin1' }))).toEqual(['material:M0', 'material:SCHRAUBE-%C3%84', 'material:SCHRAUBE-%C3%9C']);
    const cp = Buffer.concat([Buffer.from('material,name\nM1,'), Buffer.from([0x84, 0x47, 0x93, 0x20, 0x35, 0x80]), Buffer.from('\n')]);
    for (const encoding of ['latin1', 'windows-1252'] as const) {
      const [r] = await all(cp, 'materials.csv', { encoding });
      expect(r!.ok && r!.record.batch.nodes![0]!.props).toEqual({ name: '„G“ 5€' });
    }
  });

  it('UTF-8 split across chunks at any byte is read; a file cut inside a character is an error', async () => {
    const text = Buffer.from('material,name\nÄÖÜ-€-😀,x\n');
    for (const size of [1, 2, 3, 4, 5]) expect(view(await all(text, 'materials.csv', undefined, size))).toEqual(['material:%C3%84%C3%96%C3%9C-%E2%82%AC-%F0%9F%98%80']);
    const cut = Buffer.concat([Buffer.from('material,name\nM1,x\nM2,'), Buffer.from('€').subarray(0, 2)]);
    expect(view(await all(cut, 'materials.csv'))).toEqual(['material:M1', expect.objectContaining({ pos: { source: 'materials.csv', line: 3 }, value: '0xE2' })]);
  });

  it('UTF-16LE with a BOM is read without a mapping; without one its NUL bytes are named', async () => {
    const u16 = Buffer.from('supplier,name\r\nS1,Müller\r\n', 'utf16le');
    const r = await all(Buffer.concat([Buffer.from([0xff, 0xfe]), u16]), 'suppliers.csv');
    expect(r.map((x) => x.ok && x.record.batch.nodes![0]!.props)).toEqual([{ name: 'Müller' }]);
    const [e] = await all(u16, 'suppliers.csv');
    expect(!e!.ok && e!.error.reason).toMatch(/^NUL byte at byte 1 of the file: a UTF-16 export\? set encoding: utf16le/);
    expect((await all(u16, 'suppliers.csv', { encoding: 'utf16le' })).map((x) => x.ok && x.record.id)).toEqual([expect.stringMatching(/^suppliers:S1#/)]);
  });
});
