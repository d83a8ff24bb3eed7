import { describe, it, expect } from 'vitest';
import { parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

const DL = 'https://x.example/01/09506000134352';

describe('Digital Link: the path names the thing, the query only adds data attributes', () => {
  it('a query AI repeating a path AI with the same value is accepted', () => {
    expect(toNodeKey(parseIdentifier(`${DL}/21/123?21=123&01=09506000134352`))).toBe('serial:09506000134352:123');
  });
  it('a query AI that contradicts the path is an error', () => {
    for (const q of ['21=999', '01=00000096385074', '10=OTHER']) {
      const e = codeOf(() => parseIdentifier(`${DL}/10/ABC/21/123?${q}`));
      expect(e.code).toBe('LG_BAD_ID');
      expect(e.details).toMatchObject({ field: q.slice(0, 2) });
    }
  });
  it('a key qualifier in the query (not in the path) is an error: it would change what is identified', () => {
    expect(codeOf(() => parseIdentifier(`${DL}?21=123`)).message).toMatch(/key qualifier/);
    expect(codeOf(() => parseIdentifier(`${DL}/10/ABC?22=V1`)).message).toMatch(/key qualifier/);
    expect(codeOf(() => parseIdentifier('https://x.example/414/0614141073467?254=12')).message).toMatch(/key qualifier/);
  });
  it('another primary key in the query is an attribute and does not change the kind', () => {
    const r = parseIdentifier(`${DL}/21/123?00=106141412345678908`);
    expect(r.kind).toBe('serial');
    expect(toNodeKey(r)).toBe('serial:09506000134352:123');
    expect(r.attrs['00']).toBe('106141412345678908');
    const c = parseIdentifier('https://x.example/00/106141412345678908?02=09506000134352&10=ABC');
    expect(toNodeKey(c)).toBe('container:106141412345678908');
  });
});

describe('Digital Link: the path ends with the primary key and its qualifiers', () => {
  it('custom stems, even ones that look like keys, are skipped', () => {
    for (const s of [
      'https://example.com/some/stem/01/09506000134352/21/X',
      'https://example.com/gtin/shop/01/09506000134352/21/X',
      'https://example.com/products/gln/01/09506000134352/21/X',
      'https://example.com/01/stem/01/09506000134352/21/X',
      'https://example.com/sscc/labels/01/09506000134352/21/X/',
    ]) {
      expect(toNodeKey(parseIdentifier(s))).toBe('serial:09506000134352:X');
    }
  });
  it('an http URI whose path does not end in a GS1 key is kept opaque (a private EPC)', () => {
    for (const s of ['https://example.com/sscc/pallet-7', 'https://example.com/00/pallet-7', 'https://example.com/gtin/abc', 'https://example.com/01/09506000134352/foo/bar', 'http://example.com/']) {
      expect(parseIdentifier(s)).toMatchObject({ kind: 'opaque', form: 'opaque', original: s, attrs: {} });
    }
  });
  it('a well-formed key with a bad check digit is still an error, not opaque', () => {
    expect(codeOf(() => parseIdentifier('https://example.com/01/09506000134353')).message).toBe('check digit of GTIN 0950600013435 3 should be 2');
    expect(codeOf(() => parseIdentifier('https://example.com/stem/00/106141412345678909')).code).toBe('LG_BAD_ID');
  });
  it('a key with a qualifier code and no value is a cut-off Digital Link: an error', () => {
    expect(codeOf(() => parseIdentifier(`${DL}/21/`)).message).toMatch(/qualifier without a value/);
    expect(codeOf(() => parseIdentifier(`${DL}/10/A/21`)).details).toMatchObject({ field: '21' });
  });
  it('glnx is the alias of 254', () => {
    expect(toNodeKey(parseIdentifier('https://example.com/gln/0614141073467/glnx/12'))).toBe('site:0614141073467.12');
  });
});

describe('Digital Link: query strings are percent-decoded, split on & or ;', () => {
  it('`;` separates attributes as `&` does', () => {
    const r = parseIdentifier(`${DL}/10/ABC?17=261231;3103=001250&linkType=gs1:pip`);
    expect(r.attrs).toMatchObject({ '17': '261231', '3103': '001250' });
    expect(r.measures).toEqual({ '3103': 1.25 });
  });
  it('`+` is a plus, not a space; %2B and %20 decode', () => {
    expect(parseIdentifier(`${DL}?90=A+B`).attrs['90']).toBe('A+B');
    expect(parseIdentifier(`${DL}?90=A%2BB`).attrs['90']).toBe('A+B');
    expect(parseIdentifier(`${DL}?90=A%20B`).attrs['90']).toBe('A B');
  });
  it('a malformed percent-encoding in the query is an error', () => {
    expect(codeOf(() => parseIdentifier(`${DL}?90=%ZZ`)).code).toBe('LG_BAD_ID');
  });
});

describe('Digital Link: compressed URIs are not decompressed, and say so', () => {
  it('a compressed Digital Link is kept opaque with a GS1_DL_COMPRESSED warning', () => {
    for (const uri of ['https://dlnkd.tn.gg/HxHKVAdpQgZzjr-hCDKigI', 'https://gs1.evrythng.com/HxHKVAdpQhCTxbrOF_yEFcx_4a2GeAh1mFOZkChg6Z8pgcEMEWpMganmIQ', ']Q1https://example.com/stem/HxHKVAdpQgZzjr-hCDKigI?x=1']) {
      const r = parseIdentifier(uri);
      expect(r).toMatchObject({ kind: 'opaque', original: uri });
      expect(r.warnings).toEqual([expect.objectContaining({ code: 'GS1_DL_COMPRESSED', message: expect.stringMatching(/compressed GS1 Digital Link: not decompressed; it will not match the item's other forms$/) })]);
    }
  });
  it('other opaque http URIs (words, UUIDs, short ids) carry no warning', () => {
    for (const uri of ['https://example.com/sscc/pallet-7', 'https://example.com/a/Product-Catalogue', 'https://example.com/items/3f2a9c1e-1234-4abc-9def-0123456789ab', 'https://example.com/products/index']) {
      expect(parseIdentifier(uri).warnings, uri).toBeUndefined();
    }
  });
});
