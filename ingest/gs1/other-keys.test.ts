import { describe, it, expect } from 'vitest';
import { containerKeyOf, equipmentIdOf, parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

/** EPC URN, element string and Digital Link of one thing (GS1 Tag Data Standard examples), and the key all three give. */
const FORMS: [string, string[], string][] = [
  ['GSIN', ['urn:epc:id:gsin:0614141.123456789', '(402)06141411234567890', 'https://id.gs1.org/402/06141411234567890'], 'container:(402)06141411234567890'],
  ['GINC', ['urn:epc:id:ginc:0614141.xyz47%2F11', '(401)0614141xyz47/11', 'https://id.gs1.org/401/0614141xyz47%2F11'], 'container:(401)0614141xyz47%2F11'],
  ['GDTI', ['urn:epc:id:gdti:0614141.12345.006847', '(253)0614141123452006847', 'https://id.gs1.org/253/0614141123452006847'], 'container:(253)0614141123452006847'],
  ['SGCN', ['urn:epc:id:sgcn:4012345.67890.04711', '(255)401234567890104711', 'https://id.gs1.org/255/401234567890104711'], 'container:(255)401234567890104711'],
  ['GSRN', ['urn:epc:id:gsrn:0614141.1234567890', '(8018)061414112345678902', 'https://id.gs1.org/8018/061414112345678902'], 'container:(8018)061414112345678902'],
  ['GSRNP', ['urn:epc:id:gsrnp:0614141.1234567890', '(8017)061414112345678902', 'https://id.gs1.org/8017/061414112345678902'], 'container:(8017)061414112345678902'],
  ['CPI', ['urn:epc:id:cpi:0614141.123ABC.123456789', '(8010)0614141123ABC(8011)123456789', 'https://id.gs1.org/8010/0614141123ABC/8011/123456789'], 'container:(8010)0614141123ABC(8011)123456789'],
  ['ITIP', ['urn:epc:id:itip:4012345.011111.01.02.987', '(8006)040123451111180102(21)987', 'https://id.gs1.org/8006/040123451111180102/21/987'], 'container:(8006)040123451111180102(21)987'],
];

describe('GSIN, GINC, GDTI, SGCN, GSRN, CPI, ITIP: one key for the EPC URN, element string and Digital Link', () => {
  for (const [name, forms, key] of FORMS) {
    it(`${name}: ${key}`, () => {
      for (const f of forms) {
        const r = parseIdentifier(f);
        expect(toNodeKey(r), f).toBe(key);
        expect(containerKeyOf(r), f).toBe(key);
        expect(r).toMatchObject({ kind: 'container', original: f });
        expect(r.sscc).toBeUndefined();
      }
    });
  }
  it('the raw element string and an early-draft short name give the same key', () => {
    expect(toNodeKey(parseIdentifier('40206141411234567890'))).toBe('container:(402)06141411234567890');
    expect(toNodeKey(parseIdentifier('https://example.com/gsin/06141411234567890'))).toBe('container:(402)06141411234567890');
  });
  it('a bad check digit is refused in every form that carries one', () => {
    for (const s of [
      '(402)06141411234567891', 'https://id.gs1.org/402/06141411234567891',
      '(253)0614141123453006847', 'https://id.gs1.org/253/0614141123453006847',
      '(255)401234567890204711', 'https://id.gs1.org/255/401234567890204711',
      '(8018)061414112345678903', 'https://id.gs1.org/8018/061414112345678903',
      '(8006)040123451111140102(21)987', 'https://id.gs1.org/8006/040123451111140102/21/987',
    ]) {
      expect(codeOf(() => parseIdentifier(s)).message, s).toMatch(/^check digit of /);
    }
  });
  it('a malformed URN of these schemes stays opaque, as before they were read (not rejected)', () => {
    for (const s of ['urn:epc:id:gsin:0614141.12345678', 'urn:epc:id:gdti:0614141.1234.006847', 'urn:epc:id:gdti:4012345000016.WO-4711',
      'urn:epc:id:itip:4012345.011111.1.02.987', 'urn:epc:id:cpi:0614141.123ABC', 'urn:epc:id:sgcn:4012345.67890.0471A']) {
      expect(parseIdentifier(s), s).toMatchObject({ kind: 'opaque', opaqueId: s, original: s });
    }
  });
  it('is no equipment id: equipmentIdOf still keeps only GIAI/GRAI', () => {
    expect(equipmentIdOf('(8018)061414112345678902')).toBe('(8018)061414112345678902');
    expect(equipmentIdOf('urn:epc:id:gsrn:0614141.1234567890')).toBe('urn:epc:id:gsrn:0614141.1234567890');
    expect(equipmentIdOf('urn:epc:id:giai:0614141.T1')).toBe('(8004)0614141T1');
  });
});
