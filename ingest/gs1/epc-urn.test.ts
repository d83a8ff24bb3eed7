import { describe, it, expect } from 'vitest';
import { parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

describe('EPC URNs: sgln', () => {
  it('the extension is required (0 for none); an empty one is an error', () => {
    expect(toNodeKey(parseIdentifier('urn:epc:id:sgln:0614141.07346.0'))).toBe('site:0614141073467');
    expect(codeOf(() => parseIdentifier('urn:epc:id:sgln:0614141.07346.')).message).toMatch(/empty extension/);
  });
  it('a URN after a non-GS1 symbology identifier keeps the whole scan as original', () => {
    expect(parseIdentifier(']Q1urn:epc:id:sgln:0614141.07346.0')).toMatchObject({ kind: 'location', original: ']Q1urn:epc:id:sgln:0614141.07346.0' });
  });
});

describe('EPC tag URIs: the filter value, then the pure identity', () => {
  it('sgtin-96/198, sscc-96, sgln-96/195, grai-96/170, giai-96/202 give the key of their pure identity', () => {
    for (const [tag, pure] of [
      ['urn:epc:tag:sgtin-96:3.0614141.112345.400', 'urn:epc:id:sgtin:0614141.112345.400'],
      ['urn:epc:tag:sgtin-198:1.0614141.112345.A%2F1', 'urn:epc:id:sgtin:0614141.112345.A%2F1'],
      ['urn:epc:tag:sscc-96:0.0614141.1234567890', 'urn:epc:id:sscc:0614141.1234567890'],
      ['urn:epc:tag:sgln-96:1.0614141.12345.0', 'urn:epc:id:sgln:0614141.12345.0'],
      ['urn:epc:tag:sgln-195:1.0614141.12345.A1', 'urn:epc:id:sgln:0614141.12345.A1'],
      ['urn:epc:tag:grai-96:3.0614141.12345.400', 'urn:epc:id:grai:0614141.12345.400'],
      ['urn:epc:tag:grai-170:3.0614141.12345.X-1', 'urn:epc:id:grai:0614141.12345.X-1'],
      ['urn:epc:tag:giai-96:3.0614141.12345400', 'urn:epc:id:giai:0614141.12345400'],
      ['urn:epc:tag:giai-202:3.0614141.A12345', 'urn:epc:id:giai:0614141.A12345'],
    ]) {
      const r = parseIdentifier(tag!);
      expect(toNodeKey(r), tag).toBe(toNodeKey(parseIdentifier(pure!)));
      expect(r).toMatchObject({ form: 'epc-urn', original: tag });
    }
    expect(toNodeKey(parseIdentifier('urn:epc:tag:sgtin-96:3.0614141.112345.400'))).toBe('serial:10614141123459:400');
  });
  it('control information in brackets is skipped; the scheme is case-insensitive', () => {
    expect(toNodeKey(parseIdentifier('urn:epc:tag:sgtin-96:[att=x33;umi=1]3.0614141.112345.400'))).toBe('serial:10614141123459:400');
    expect(toNodeKey(parseIdentifier('URN:EPC:TAG:SGTIN-96:3.0614141.112345.400'))).toBe('serial:10614141123459:400');
  });
  it('a known tag scheme without a filter value 0–7, or with bad fields, is an error', () => {
    expect(codeOf(() => parseIdentifier('urn:epc:tag:sgtin-96:8.0614141.112345.400')).message).toMatch(/filter value 0–7/);
    expect(codeOf(() => parseIdentifier('urn:epc:tag:sgtin-96:0614141.112345.400')).message).toMatch(/filter value 0–7/);
    expect(codeOf(() => parseIdentifier('urn:epc:tag:sgtin-96:3.0614141.11234.400')).message).toMatch(/^EPC URN 'urn:epc:tag:sgtin-96:3\.0614141\.11234\.400' needs CompanyPrefix/);
  });
  it('other tag encodings stay opaque', () => {
    for (const s of ['urn:epc:tag:gdti-96:3.0614141.12345.400', 'urn:epc:tag:sgtin-97:3.0614141.112345.400', 'urn:epc:tag:sscc-198:0.0614141.1234567890']) {
      expect(parseIdentifier(s)).toMatchObject({ kind: 'opaque', opaqueId: s });
    }
  });
});
