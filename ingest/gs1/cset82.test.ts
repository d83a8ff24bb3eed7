import { describe, it, expect } from 'vitest';
import { parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

describe('CSET 82: values outside the GS1 character set are kept exactly, with a warning', () => {
  it('a serial with a space or a # is accepted as given and warned about', () => {
    for (const [s, serial] of [
      ['urn:epc:id:sgtin:9506000.013435.123%20', '123 '],
      ['https://x.example/01/09506000134352/21/123%20', '123 '],
      ['(01)09506000134352(21)12 3', '12 3'],
      ['(01)09506000134352(21)AB#1', 'AB#1'],
      ['urn:epc:id:sgtin:9506000.013435.%C3%A9', 'é'],
    ] as const) {
      const r = parseIdentifier(s);
      expect(r.serial).toBe(serial);
      expect(toNodeKey(r)).toBe(`serial:09506000134352:${encodeURIComponent(serial)}`);
      expect(r.warnings).toEqual([expect.objectContaining({ code: 'GS1_CSET82', field: '21', value: serial })]);
    }
  });
  it('values inside CSET 82 give no warning', () => {
    expect(parseIdentifier(`(01)09506000134352(10)!"%&'()*+,-./:;<=>?_(21)Az09`).warnings).toBeUndefined();
    expect(parseIdentifier('urn:epc:id:sgtin:9506000.013435.A-1').warnings).toBeUndefined();
  });
  it('a trailing space is a different serial, never merged with the trimmed one', () => {
    const a = toNodeKey(parseIdentifier('urn:epc:id:sgtin:9506000.013435.123%20'));
    const b = toNodeKey(parseIdentifier('urn:epc:id:sgtin:9506000.013435.123'));
    expect(a).not.toBe(b);
  });
  it('control characters are rejected (LG_BAD_ID with the AI)', () => {
    expect(codeOf(() => parseIdentifier('urn:epc:id:sgtin:9506000.013435.12%093'))).toMatchObject({ code: 'LG_BAD_ID', details: { field: '21' } });
    expect(codeOf(() => parseIdentifier('https://x.example/01/09506000134352/10/A%00'))).toMatchObject({ code: 'LG_BAD_ID', details: { field: '10' } });
    expect(codeOf(() => parseIdentifier('(01)09506000134352(10)A\u0007B')).code).toBe('LG_BAD_ID');
  });
});
