import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseEpcisJson, parseEpcisJsonStream } from './index.ts';
import type { ParseItem } from '../record.ts';
import { fixture } from './test-helpers.ts';

async function collect(chunks: (Uint8Array | string)[], source = 's'): Promise<ParseItem[]> {
  async function* gen() { for (const c of chunks) yield c; }
  const out: ParseItem[] = [];
  for await (const i of parseEpcisJsonStream(gen(), { source })) out.push(i);
  return out;
}
const split = (b: Uint8Array, size: number): Uint8Array[] => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));

describe('parseEpcisJsonStream', () => {
  const files = ['valid/json-transformation-shared-id.jsonld', 'valid/json-bom-crlf-no-event-id.jsonld', 'valid/json-bare-event.json', 'invalid/json-missing-event-time-and-bad-epcs.jsonld', 'invalid/json-malformed-trailing-comma.jsonld', 'invalid/json-deep-nesting.jsonld', 'invalid/json-not-epcis.json'];
  for (const f of files) {
    it(`gives the same items as the in-memory parser, in 1-, 7- and 4096-byte chunks: ${f}`, async () => {
      const bytes = fixture(f);
      const want = [...parseEpcisJson(bytes, { source: 's' })];
      for (const size of [1, 7, 4096]) expect(await collect(split(bytes, size))).toEqual(want);
    });
  }
  it('a multi-byte character split across chunks', async () => {
    const doc = Buffer.from('{"epcisBody":{"eventList":[{"type":"ObjectEvent","eventID":"e","eventTime":"2026-03-01T08:00:00Z","action":"ADD","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.022222.CAFÉ"}]}]}}');
    const items = await collect(split(doc, 3));
    expect(items[0]!.ok && items[0]!.record.batch.nodes![0]!.key).toBe('lot:04012345222227:CAF%C3%89');
  });
  it('a document cut short after some events keeps them and reports the end', async () => {
    const text = fixture('valid/json-transformation-shared-id.jsonld').toString('utf8');
    const cut = text.slice(0, text.indexOf('"eventID": "urn:uuid:0b5d6c1e-0000-4000-8000-000000000032"'));
    const items = await collect([cut]);
    expect(items.map((i) => i.ok)).toEqual([true, false]);
    expect(!items[1]!.ok && items[1]!.error.reason).toMatch(/does not close after its event list at line \d+/);
  });
  it('bytes that are not UTF-8 stop with the line', async () => {
    const items = await collect([Buffer.from('{"epcisBody":{"eventList":[\n'), Buffer.from([0x22, 0xc9, 0x22])]);
    expect(items).toEqual([{ ok: false, error: { pos: { source: 's', line: 2 }, reason: 's: is not valid UTF-8 (or the encoding its BOM names); re-save as UTF-8 at line 2' } }]);
  });
  it('property: any chunking of a mutated document gives the in-memory items', async () => {
    const base = fixture('valid/json-object-receiving-shipping-recall.jsonld').toString('utf8');
    await fc.assert(fc.asyncProperty(fc.nat(), fc.string({ maxLength: 3 }), fc.integer({ min: 1, max: 64 }), async (at, ins, size) => {
      const i = at % base.length;
      const doc = Buffer.from(base.slice(0, i) + ins + base.slice(i + 1));
      expect(await collect(split(doc, size))).toEqual([...parseEpcisJson(doc, { source: 's' })]);
    }), { numRuns: 200 });
  });
});

describe('parseEpcisStream', () => {
  async function viaStream(path: string, size: number): Promise<ParseItem[]> {
    const { parseEpcisStream } = await import('./index.ts');
    const bytes = fixture(path);
    async function* gen() { for (const c of split(bytes, size)) yield c; }
    const out: ParseItem[] = [];
    for await (const i of parseEpcisStream(gen(), { source: 's' })) out.push(i);
    return out;
  }
  it('XML and JSON-LD streams give the in-memory items', async () => {
    for (const f of ['valid/xml-1.2-object-aggregation-transformation.xml', 'valid/xml-1.2-latin1-declared.xml', 'invalid/xml-malformed-unclosed-tag.xml', 'valid/json-aggregation-pack-unpack.jsonld']) {
      const { parseEpcis } = await import('./index.ts');
      expect(await viaStream(f, 50)).toEqual([...parseEpcis(fixture(f), { source: 's' })]);
    }
  });
});
