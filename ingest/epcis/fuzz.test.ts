import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseEpcis, parseEpcisJson } from './index.ts';
import type { ParseItem } from '../record.ts';
import { fixture } from './test-helpers.ts';

const VALID = [
  'valid/json-object-commissioning-ilmd.jsonld', 'valid/json-object-receiving-shipping-recall.jsonld', 'valid/json-aggregation-pack-unpack.jsonld',
  'valid/json-transformation-shared-id.jsonld', 'valid/json-association-transaction.jsonld', 'valid/json-correction-error-declaration.jsonld',
  'valid/xml-1.2-object-aggregation-transformation.xml', 'valid/xml-2.0-association-correction.xml',
].map((p) => fixture(p).toString('utf8'));

/** Every item is a record or a positioned error; the run ends quickly. */
function wellBehaved(input: string | Uint8Array): void {
  const t0 = performance.now();
  const items: ParseItem[] = [...parseEpcis(input, { source: 'fuzz', maxBytes: 1 << 20 })];
  expect(performance.now() - t0).toBeLessThan(10_000);
  expect(items.length).toBeGreaterThan(0);
  for (const i of items) {
    if (i.ok) expect(typeof i.record.id).toBe('string');
    else {
      expect(i.error.pos.source).toBe('fuzz');
      expect(i.error.reason).not.toMatch(/^internal error/);
    }
  }
}

const SPICE = '<>{}[]",:/&;#%\\\u001d\u0000é\r\n '.split('');
const mutated = fc.tuple(fc.constantFrom(...VALID), fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.string({ unit: fc.constantFrom(...SPICE), maxLength: 4 })), { minLength: 1, maxLength: 6 }))
  .map(([doc, edits]) => edits.reduce((s, [at, del, ins]) => { const i = at % (s.length + 1); return s.slice(0, i) + ins + s.slice(i + del); }, doc));

describe('EPCIS parsers never crash or hang', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), wellBehaved), { numRuns: 300 });
  });
  it('random text starting like JSON or XML', () => {
    fc.assert(fc.property(fc.constantFrom('{', '<', '\uFEFF<', '['), fc.string({ maxLength: 500 }), (h, s) => wellBehaved(h + s)), { numRuns: 300 });
  });
  it('mutated valid documents', () => {
    fc.assert(fc.property(mutated, wellBehaved), { numRuns: 400 });
  });
  it('valid events with one field replaced by any JSON value', () => {
    const docs = VALID.slice(0, 6).map((t) => JSON.parse(t) as { epcisBody: { eventList: Record<string, unknown>[] } });
    const fields = ['type', 'eventTime', 'eventID', 'action', 'bizStep', 'disposition', 'epcList', 'quantityList', 'parentID', 'childEPCs', 'childQuantityList',
      'inputEPCList', 'inputQuantityList', 'outputEPCList', 'outputQuantityList', 'transformationID', 'readPoint', 'bizLocation', 'bizTransactionList',
      'sourceList', 'destinationList', 'ilmd', 'errorDeclaration'];
    fc.assert(fc.property(fc.nat(), fc.nat(), fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 4 }), (d, e, field, value) => {
      const doc = structuredClone(docs[d % docs.length]!);
      const ev = doc.epcisBody.eventList[e % doc.epcisBody.eventList.length]!;
      ev[field] = value;
      const items = [...parseEpcisJson(JSON.stringify(doc), { source: 'fuzz' })];
      expect(items).toHaveLength(doc.epcisBody.eventList.length);
      for (const i of items) if (!i.ok) expect(i.error.reason).not.toMatch(/^internal error/);
    }), { numRuns: 1500 });
  });
  it('large document stays linear: 5,000 events parse in bounded time', () => {
    const ev = JSON.parse(VALID[0]!).epcisBody.eventList[0];
    const list = Array.from({ length: 5000 }, (_, i) => ({ ...ev, eventID: `urn:uuid:e-${i}` }));
    const t0 = performance.now();
    const n = [...parseEpcisJson(JSON.stringify({ epcisBody: { eventList: list } }), { source: 'big' })].filter((i) => i.ok).length;
    expect(n).toBe(5000);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});
