import { describe, it, expect } from 'vitest';
import { identifierCandidates, parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

const GS = '\u001d';
const SERIAL_KEY = 'serial:09506000134352:123';


describe('parseIdentifier: every form of one serial gives the same key', () => {
  const forms = [
    '(01)09506000134352(10)ABC(21)123',
    `01095060001343521` + `0ABC${GS}21123`,
    `]d2010950600013435210ABC${GS}21123`,
    `]C1${GS}010950600013435210ABC${GS}21123`,
    `]Q3010950600013435221123${GS}10ABC`,
    `]e0010950600013435210ABC${GS}21123`,
    'https://id.gs1.org/01/09506000134352/10/ABC/21/123',
    'https://brand.example.com/some/prefix/01/9506000134352/10/ABC/21/123?17=261231',
    'urn:epc:id:sgtin:9506000.013435.123',
  ];
  for (const f of forms) {
    it(JSON.stringify(f), () => {
      const r = parseIdentifier(f);
      expect(r.kind).toBe('serial');
      expect(r.gtin).toBe('09506000134352');
      expect(r.serial).toBe('123');
      expect(toNodeKey(r)).toBe(SERIAL_KEY);
      expect(r.original).toBe(f);
      expect(identifierCandidates(f)[0]).toBe(SERIAL_KEY);
    });
  }
});

describe('parseIdentifier: lots, containers, locations', () => {
  it('lot: element string = Digital Link = LGTIN URN', () => {
    const keys = ['(01)09506000134352(10)L%1:A', 'https://x.example/01/09506000134352/10/L%251%3AA', 'urn:epc:class:lgtin:9506000.013435.L%251%3AA']
      .map((s) => toNodeKey(parseIdentifier(s)));
    expect(keys).toEqual(Array(3).fill('lot:09506000134352:L%251%3AA'));
  });
  it('SSCC: element string = bare 18 digits = URN = Digital Link', () => {
    const keys = ['(00)106141412345678908', '106141412345678908', ']C100106141412345678908', 'urn:epc:id:sscc:0614141.1234567890', 'https://example.org/00/106141412345678908']
      .map((s) => toNodeKey(parseIdentifier(s)));
    expect(keys).toEqual(Array(5).fill('container:106141412345678908'));
  });
  it('GTIN-8/12/13 are padded to 14', () => {
    expect(parseIdentifier('96385074').gtin).toBe('00000096385074');
    expect(parseIdentifier('036000291452').gtin).toBe('00036000291452');
    expect(parseIdentifier('9506000134352').gtin).toBe('09506000134352');
    expect(parseIdentifier('https://x.example/01/96385074').gtin).toBe('00000096385074');
    expect(identifierCandidates('9506000134352')).toEqual(['material:09506000134352']);
  });
  it('SGLN and PGLN give the GLN; sgln extension is AI 254', () => {
    const l = parseIdentifier('urn:epc:id:sgln:0614141.07346.0');
    expect(l).toMatchObject({ kind: 'location', gln: '0614141073467', attrs: { '414': '0614141073467' } });
    expect(toNodeKey(l)).toBe('site:0614141073467');
    expect(parseIdentifier('urn:epc:id:sgln:0614141.07346.12').attrs['254']).toBe('12');
    const p = parseIdentifier('urn:epc:id:pgln:0614141.07346');
    expect(p).toMatchObject({ kind: 'party', gln: '0614141073467' });
    expect(identifierCandidates('urn:epc:id:pgln:0614141.07346')).toEqual(['supplier:0614141073467', 'customer:0614141073467']);
  });
  it('idpat sgtin is class-level (a product)', () => {
    expect(toNodeKey(parseIdentifier('urn:epc:idpat:sgtin:4012345.044444.*'))).toBe('material:04012345444445');
  });
  it('private and unknown URNs are opaque, never rejected', () => {
    for (const s of ['urn:epc:id:upui:0614141.12345.400', 'urn:epc:id:gdti:0614141.12345', 'urn:acme:asset:7', 'https://example.com/not/a/link']) {
      const r = parseIdentifier(s);
      expect(r.kind).toBe('opaque');
      expect(r.original).toBe(s);
      expect(identifierCandidates(s)).toEqual([]);
    }
  });
  it('dates: day 00 is the last day of the month; measures apply implied decimals', () => {
    const r = parseIdentifier('(01)09506000134352(17)240200(11)250101(3103)001250(37)12');
    expect(r.dates).toEqual({ '17': '2024-02-29', '11': '2025-01-01' });
    expect(r.measures).toEqual({ '3103': 1.25 });
    expect(r.attrs['37']).toBe('12');
  });
  it('AIs 02, 13, 15, 240, 241, 250 parse in raw form', () => {
    const r = parseIdentifier(`0209506000134352131201311512022924012${GS}241P-9${GS}250S2${GS}3712`);
    expect(r.attrs).toEqual({ '02': '09506000134352', '13': '120131', '15': '120229', '240': '12', '241': 'P-9', '250': 'S2', '37': '12' });
    expect(r.kind).toBe('product');
  });
});

describe('parseIdentifier: errors carry LG_BAD_ID and a reason', () => {
  it('bad GTIN check digit', () => {
    const e = codeOf(() => parseIdentifier('(01)09506000134353'));
    expect(e.code).toBe('LG_BAD_ID');
    expect(e.message).toBe('check digit of GTIN 0950600013435 3 should be 2');
    expect(e.details).toMatchObject({ position: 0 });
  });
  it('bad SSCC and GLN check digits', () => {
    expect(codeOf(() => parseIdentifier('(00)106141412345678909')).message).toBe('check digit of SSCC 10614141234567890 9 should be 8');
    expect(codeOf(() => parseIdentifier('https://x.example/414/0614141073468')).message).toBe('check digit of LOC No. 061414107346 8 should be 7');
  });
  it('unknown AI, with its position', () => {
    const e = codeOf(() => parseIdentifier('0109506000134352899X'));
    expect(e.code).toBe('LG_BAD_ID');
    expect(e.details).toMatchObject({ position: 16 });
    expect(codeOf(() => parseIdentifier('(01)09506000134352(989)X')).message).toBe('unknown AI (989) at position 18: AIs starting 98 have 2 digits');
  });
  it('invalid date, too long lot, digits-only AI', () => {
    expect(codeOf(() => parseIdentifier('(01)09506000134352(17)241301')).message).toMatch(/month 13/);
    expect(codeOf(() => parseIdentifier('(01)09506000134352(10)123456789012345678901')).message).toMatch(/at most 20/);
    expect(codeOf(() => parseIdentifier('(37)12a')).message).toMatch(/digits only/);
  });
  it('Digital Link qualifiers out of order', () => {
    expect(codeOf(() => parseIdentifier('https://x.example/01/09506000134352/21/1/10/A')).message).toMatch(/order 22 → 10 → 21/);
  });
  it('malformed known EPC scheme', () => {
    expect(codeOf(() => parseIdentifier('urn:epc:id:sgtin:9506000.13435.1')).message).toMatch(/13 digits/);
    expect(codeOf(() => parseIdentifier('urn:epc:id:sscc:0614141.12345')).code).toBe('LG_BAD_ID');
  });
  it('plain text is not an identifier; candidates are empty', () => {
    expect(codeOf(() => parseIdentifier('hello world')).code).toBe('LG_BAD_ID');
    expect(identifierCandidates('hello world')).toEqual([]);
    expect(identifierCandidates('')).toEqual([]);
  });
});
