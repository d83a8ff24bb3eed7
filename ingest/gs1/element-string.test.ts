import { describe, it, expect } from 'vitest';
import { parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

const GS = '\u001d';

describe('element strings: GS (FNC1) in bracketed form is a separator, never data', () => {
  it('a GS after a variable-length value, between brackets or at the end, is dropped', () => {
    for (const s of [`(01)09506000134352(10)ABC${GS}(21)123`, `(01)09506000134352(21)123(10)ABC${GS}`, `${GS}(01)09506000134352(10)ABC(21)123`, `]C1${GS}(01)09506000134352(10)ABC${GS}(21)123${GS}`]) {
      const r = parseIdentifier(s);
      expect(r.attrs).toEqual({ '01': '09506000134352', '10': 'ABC', '21': '123' });
      expect(toNodeKey(r)).toBe('serial:09506000134352:123');
      expect(r.original).toBe(s);
    }
  });
});

describe('element strings: parentheses in bracketed values', () => {
  it('a bracket not holding 2–4 digits is data; `\\(` escapes a literal bracket', () => {
    expect(parseIdentifier('(01)09506000134352(10)A(B)C(21)1').attrs).toMatchObject({ '10': 'A(B)C', '21': '1' });
    expect(parseIdentifier('(01)09506000134352(10)A\\(99)(21)1').attrs).toMatchObject({ '10': 'A(99)', '21': '1' });
    expect(parseIdentifier('(01)09506000134352(21)X\\(10\\)Y').attrs).toMatchObject({ '21': 'X(10)Y' });
  });
});

describe('symbology identifiers: only GS1 ones carry AIs', () => {
  it('GS1 symbologies (]C1, ]e0, ]d2, ]Q3, ]J1) carry element strings', () => {
    for (const id of [']C1', ']e0', ']d2', ']Q3', ']J1']) {
      expect(toNodeKey(parseIdentifier(`${id}010950600013435210ABC${GS}21123`))).toBe('serial:09506000134352:123');
    }
  });
  it('EAN/UPC (]E0, ]E3, ]E4) and GS1 ITF-14 (]I1) carry a bare GTIN: padded to 14, check digit checked', () => {
    expect(parseIdentifier(']E09506000134352')).toMatchObject({ kind: 'product', gtin: '09506000134352', form: 'element-string', original: ']E09506000134352' });
    expect(parseIdentifier(']E00012345678905').gtin).toBe('00012345678905');
    expect(parseIdentifier(']E0012345678905').gtin).toBe('00012345678905');
    expect(parseIdentifier(']E496385074').gtin).toBe('00000096385074');
    expect(parseIdentifier(']E3950600013435212').gtin).toBe('09506000134352');
    expect(parseIdentifier(']E3950600013435212345').gtin).toBe('09506000134352');
    expect(parseIdentifier(']I109506000134352').gtin).toBe('09506000134352');
    expect(codeOf(() => parseIdentifier(']E09506000134353')).message).toBe('check digit of GTIN 0950600013435 3 should be 2');
    expect(codeOf(() => parseIdentifier(']E0ABC')).code).toBe('LG_BAD_ID');
    expect(codeOf(() => parseIdentifier(']E01234567890')).message).toMatch(/13 or 12 digits\) or a UPC-E \(8 digits\)/);
    expect(codeOf(() => parseIdentifier(']E41234')).code).toBe('LG_BAD_ID');
  });
  it(']E0 with 8 digits is a UPC-E, expanded to its UPC-A (zeros placed by the last data digit)', () => {
    expect(toNodeKey(parseIdentifier(']E000123457'))).toBe('material:00001234000057');
    expect(parseIdentifier(']E004252614').gtin).toBe('00042100005264');
    expect(parseIdentifier(']E001234531').gtin).toBe('00012300000451');
    expect(parseIdentifier(']E001234543').gtin).toBe('00012340000053');
    expect(parseIdentifier(']E001234565').gtin).toBe(parseIdentifier('(01)00012345000065').gtin);
    // an EAN-8 arrives as ]E4: the same 8 digits there are a GTIN-8
    expect(parseIdentifier(']E401234565').gtin).toBe('00000001234565');
  });
  it('a UPC-E with a wrong check digit or number system 2–9 is an error', () => {
    expect(codeOf(() => parseIdentifier(']E000123458')).message).toBe('check digit of UPC-E 0012345 8 should be 7 (UPC-A 001234000057)');
    expect(codeOf(() => parseIdentifier(']E021234565')).message).toMatch(/number system 0 or 1/);
  });
  it('non-GS1 symbologies (]Q1, ]d1, ]C0...) are not read as AIs: URN, Digital Link, else opaque', () => {
    const dl = ']Q1https://id.gs1.org/01/09506000134352/21/123';
    expect(parseIdentifier(dl)).toMatchObject({ kind: 'serial', form: 'digital-link', original: dl });
    expect(toNodeKey(parseIdentifier(']Q1urn:epc:id:sscc:0614141.1234567890'))).toBe('container:106141412345678908');
    for (const s of [']C0ABC123', ']d1010950600013435210ABC', ']A0PALLET 7', ']Q1hello world']) {
      expect(parseIdentifier(s)).toMatchObject({ kind: 'opaque', form: 'opaque', original: s, attrs: {} });
    }
  });
  it('a symbology identifier with nothing after it is an error', () => {
    expect(codeOf(() => parseIdentifier(']d2')).code).toBe('LG_BAD_ID');
    expect(codeOf(() => parseIdentifier(']Q1')).code).toBe('LG_BAD_ID');
  });
});
