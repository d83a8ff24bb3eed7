import { describe, it, expect } from 'vitest';
import { containerIdOf, containerKeyOf, parseIdentifier } from './index.ts';
import { SGTIN_FORMS, SSCC_FORMS } from './test-helpers.ts';

describe('containerKeyOf: one container key for every form', () => {
  it('an SSCC in any form is container:<SSCC-18>', () => {
    for (const f of SSCC_FORMS) expect(containerKeyOf(parseIdentifier(f)), f).toBe('container:106141412345678908');
  });
  it('an SGTIN used as a container is container:(01)<gtin>(21)<serial> in any form', () => {
    for (const f of SGTIN_FORMS) expect(containerKeyOf(parseIdentifier(f)), f).toBe('container:(01)09506000134352(21)123');
  });
  it('GIAI/GRAI as their element string; private ids as given; classes are no container', () => {
    const key = (s: string): string | null => containerKeyOf(parseIdentifier(s));
    expect(key('urn:epc:id:giai:0614141.T1')).toBe('container:(8004)0614141T1');
    expect(key('urn:acme:tote:7')).toBe('container:urn%3Aacme%3Atote%3A7');
    expect(key('https://example.com/sscc/pallet-7')).toBe(`container:${encodeURIComponent('https://example.com/sscc/pallet-7')}`);
    expect(key(']C0PALLET-7')).toBe('container:PALLET-7');
    expect(containerIdOf(parseIdentifier('urn:epc:idpat:sgtin:9506000.013435.*'))).toBeNull();
    expect(containerIdOf(parseIdentifier('urn:epc:id:pgln:0614141.07346'))).toBeNull();
  });
});
