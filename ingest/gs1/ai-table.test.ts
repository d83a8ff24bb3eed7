import { describe, it, expect } from 'vitest';
import { aiSpec, parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

describe('AI table: measures are the families GS1 defines', () => {
  it('310n–316n, 320n–337n, 340n–357n, 360n–369n with n 0–5 exist', () => {
    for (const ai of ['3100', '3105', '3165', '3200', '3295', '3300', '3375', '3400', '3575', '3600', '3695']) {
      expect(aiSpec(ai), ai).toMatchObject({ ai, fixed: true, length: 6, decimals: Number(ai[3]) });
    }
  });
  it('317n–319n, 338n–339n, 358n–359n and n 6–9 do not, and stay errors in every form', () => {
    for (const ai of ['3170', '3190', '3380', '3395', '3580', '3590', '3106', '3209', '3699']) expect(aiSpec(ai), ai).toBeUndefined();
    // A closed family: GS1 defines every measure there is, so 3170 is no AI, not an unknown one.
    expect(codeOf(() => parseIdentifier('(01)09506000134352(3170)000100')).message).toMatch(/unknown AI \(3170\).*no such measure/);
    expect(codeOf(() => parseIdentifier('https://x.example/01/09506000134352?3170=000100')).code).toBe('LG_BAD_ID');
  });
});

describe('AI table: 422 and 8003 formats', () => {
  it('422 (country of origin) is exactly 3 digits', () => {
    expect(parseIdentifier('(01)09506000134352(422)276').attrs['422']).toBe('276');
    expect(codeOf(() => parseIdentifier('(01)09506000134352(422)27')).message).toMatch(/3 characters/);
  });
  it('8003 (GRAI) is 0 + 13 digits with a check digit, then an optional serial of up to 16', () => {
    expect(parseIdentifier('(8003)00614141123452').attrs['8003']).toBe('00614141123452');
    expect(parseIdentifier('(8003)00614141123452400').attrs['8003']).toBe('00614141123452400');
    expect(codeOf(() => parseIdentifier('(8003)00614141123453400')).message).toMatch(/check digit of GRAI/);
    expect(codeOf(() => parseIdentifier('(8003)ABC')).code).toBe('LG_BAD_ID');
    expect(codeOf(() => parseIdentifier('(8003)10614141123459')).message).toMatch(/start with 0/);
    expect(codeOf(() => parseIdentifier('(8003)00614141123452ABCDEFGHIJKLMNOPQ')).code).toBe('LG_BAD_ID');
  });
});

describe('AI table: the General Specifications AIs beyond the keys', () => {
  it('a Digital Link with a price (3922) and an expiry is read, no longer rejected', () => {
    const r = parseIdentifier('https://example.com/01/09520123456788?3103=000195&3922=0299&17=201225');
    expect(toNodeKey(r)).toBe('material:09520123456788');
    expect(r.attrs).toMatchObject({ '3103': '000195', '3922': '0299', '17': '201225' });
    expect(r.measures).toEqual({ '3103': 0.195 });
    expect(r.warnings).toBeUndefined();
  });
  it('healthcare, traceability and logistics AIs are validated like the others', () => {
    const r = parseIdentifier('(01)09506000134352(10)L(712)XYZ(7006)251201(4326)251231(426)276(8012)V1.2(8008)2512011230');
    expect(toNodeKey(r)).toBe('lot:09506000134352:L');
    expect(r.dates).toMatchObject({ '7006': '2025-12-01', '4326': '2025-12-31' });
    expect(r.warnings).toBeUndefined();
    expect(parseIdentifier(']d27007211225211231').attrs).toEqual({ '7007': '211225211231' });
    expect(parseIdentifier(']d2800112341234512398\u001d81111234').attrs).toEqual({ '8001': '12341234512398', '8111': '1234' });
    expect(parseIdentifier(']d27230121234567890123456789012345678').attrs['7230']).toBe('121234567890123456789012345678');
    expect(parseIdentifier('(3900)12345(11)991225').attrs).toEqual({ '3900': '12345', '11': '991225' });
    expect(codeOf(() => parseIdentifier('(01)09506000134352(7006)251301')).message).toMatch(/month 13/);
    expect(codeOf(() => parseIdentifier('(01)09506000134352(426)27')).message).toMatch(/3 characters/);
    expect(codeOf(() => parseIdentifier('(8018)123456789012345678')).message).toMatch(/check digit of GSRN - RECIPIENT/);
    expect(codeOf(() => parseIdentifier('(8111)12a4')).message).toMatch(/digits only/);
  });
});

describe('AIs missing from the table', () => {
  it('in bracketed form and Digital Link queries, a possible AI is kept with a warning', () => {
    for (const s of ['(01)09506000134352(21)S(7299)ABC', 'https://x.example/01/09506000134352/21/S?7299=ABC']) {
      const r = parseIdentifier(s);
      expect(toNodeKey(r)).toBe('serial:09506000134352:S');
      expect(r.attrs['7299']).toBe('ABC');
      expect(r.warnings).toEqual([expect.objectContaining({ code: 'GS1_UNKNOWN_AI', field: '7299', value: 'ABC' })]);
    }
  });
  it('an empty value or a control character is still an error', () => {
    expect(codeOf(() => parseIdentifier('(01)09506000134352(21)S(7299)')).message).toBe('AI (7299) is empty');
    expect(codeOf(() => parseIdentifier('(01)09506000134352(21)S(7299)A\u0007')).details).toMatchObject({ field: '7299' });
  });
  it('an AI whose digit count its first two digits rule out is an error', () => {
    expect(codeOf(() => parseIdentifier('(01)09506000134352(989)X')).message).toMatch(/AIs starting 98 have 2 digits/);
    expect(codeOf(() => parseIdentifier('https://x.example/01/09506000134352?712=A&7123=B')).message).toMatch(/unknown AI \(7123\): AIs starting 71 have 3 digits/);
  });
  it('in a raw element string it is an error: its value has no known end', () => {
    expect(codeOf(() => parseIdentifier(']d2010950600013435221S\u001d7299ABC'))).toMatchObject({ code: 'LG_BAD_ID', details: { position: 20 } });
  });
});
