import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { identifierCandidates, parseIdentifier, toNodeKey } from './index.ts';
import { withCheckDigit } from './check-digit.ts';
import { isLgError } from '../../lib/errors.ts';

const GS = '\u001d';
const VALID = [
  '(01)09506000134352(10)ABC(21)123', `]d2010950600013435210ABC${GS}21123`, 'https://id.gs1.org/01/09506000134352/10/ABC/21/123?17=261231',
  'urn:epc:id:sgtin:9506000.013435.123', 'urn:epc:class:lgtin:9506000.013435.ABC', 'urn:epc:id:sscc:0614141.1234567890', 'urn:epc:id:sgln:0614141.07346.0',
];

/** Parsing either succeeds or throws LgError, nothing else. */
function total(s: string): void {
  try {
    parseIdentifier(s);
  } catch (e) {
    if (!isLgError(e)) throw e;
  }
  expect(Array.isArray(identifierCandidates(s))).toBe(true);
}

const mutate = fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.string({ maxLength: 3 }), fc.nat(4)).map(([s, at, ins, del]) => {
  const i = at % (s.length + 1);
  return s.slice(0, i) + ins + s.slice(i + del);
});
const serialChars = fc.string({ unit: fc.constantFrom(...'ABCXYZabc0123456789-._/%:!'.split('')), minLength: 1, maxLength: 20 });
const gtinBody = fc.stringMatching(/^[0-9]{13}$/);

describe('parseIdentifier: properties', () => {
  it('random strings give a result or an LgError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), total), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789()]dCQe\u001d/:.urnepcidsgtin'.split('')), maxLength: 60 }), total), { numRuns: 2000 });
  });
  it('mutated valid strings give a result or an LgError', () => {
    fc.assert(fc.property(mutate, total), { numRuns: 3000 });
  });
  it('round trip: element string, GS form, Digital Link and EPC URN of a random SGTIN give one key', () => {
    fc.assert(fc.property(gtinBody, fc.integer({ min: 6, max: 12 }), serialChars, (body, cpLen, serial) => {
      const gtin = withCheckDigit(body);
      const cp = gtin.slice(1, 1 + cpLen);
      const itemRef = gtin[0] + gtin.slice(1 + cpLen, 13);
      const want = `serial:${gtin}:${encodeURIComponent(serial)}`;
      const forms = [
        `(01)${gtin}(21)${serial}`,
        `]d201${gtin}21${serial}`,
        `https://example.com/01/${gtin}/21/${encodeURIComponent(serial)}`,
        `urn:epc:id:sgtin:${cp}.${itemRef}.${encodeURIComponent(serial)}`,
      ];
      if (serial.includes('(')) forms.shift();
      for (const f of forms) expect(toNodeKey(parseIdentifier(f))).toBe(want);
    }), { numRuns: 500 });
  });
});
