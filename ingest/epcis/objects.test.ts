import { describe, it, expect } from 'vitest';
import { containerOf, objectOf } from './objects.ts';
import { SGTIN_FORMS, SSCC_FORMS } from '../gs1/test-helpers.ts';

describe('objectOf / containerOf: one key per thing, whatever the form', () => {
  it('GIAI as URN, Digital Link and element string is one Container', () => {
    const keys = ['urn:epc:id:giai:0614141.12345ABC', 'https://x.example/8004/061414112345ABC', '(8004)061414112345ABC'].map((s) => objectOf(s, 'epcList[0]'));
    for (const o of keys) expect(o).toMatchObject({ kind: 'Container', key: 'container:(8004)061414112345ABC' });
  });
  it('GRAI as URN, Digital Link and element string is one Container', () => {
    for (const s of ['urn:epc:id:grai:0614141.12345.400', 'https://x.example/8003/00614141123452400', '(8003)00614141123452400']) {
      expect(objectOf(s, 'epcList[0]')?.key, s).toBe('container:(8003)00614141123452400');
    }
  });
  it('a parent SSCC or SGTIN in any form is one Container; the id as given is kept (by the case Serial, for an SGTIN)', () => {
    for (const s of SSCC_FORMS) expect(containerOf(s, 'parentID')).toEqual({ kind: 'Container', key: 'container:106141412345678908', id: s });
    for (const s of SGTIN_FORMS) {
      expect(containerOf(s, 'parentID')).toEqual({
        kind: 'Container', key: 'container:(01)09506000134352(21)123',
        caseSerial: { kind: 'Serial', key: 'serial:09506000134352:123', id: s, gtin: '09506000134352' },
      });
    }
  });
  it('a private http EPC is a Container keyed as given', () => {
    expect(objectOf('https://example.com/sscc/pallet-7', 'epcList[0]')).toMatchObject({ kind: 'Container', key: `container:${encodeURIComponent('https://example.com/sscc/pallet-7')}` });
  });
  it('a class is not a parent', () => {
    expect(() => containerOf('urn:epc:idpat:sgtin:9506000.013435.*', 'parentID')).toThrow();
  });
});
