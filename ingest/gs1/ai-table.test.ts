import { describe, it, expect } from 'vitest';
import { aiSpec, parseIdentifier } from './index.ts';
import { codeOf } from './test-helpers.ts';

describe('AI table: measures are the families GS1 defines', () => {
  it('310n–316n, 320n–337n, 340n–357n, 360n–369n with n 0–5 exist', () => {
    for (const ai of ['3100', '3105', '3165', '3200', '3295', '3300', '3375', '3400', '3575', '3600', '3695']) {
      expect(aiSpec(ai), ai).toMatchObject({ ai, fixed: true, length: 6, decimals: Number(ai[3]) });
    }
  });
  it('317n–319n, 338n–339n, 358n–359n and n 6–9 do not', () => {
    for (const ai of ['3170', '3190', '3380', '3395', '3580', '3590', '3106', '3209', '3699']) expect(aiSpec(ai), ai).toBeUndefined();
    expect(codeOf(() => parseIdentifier('(01)09506000134352(3170)000100')).message).toMatch(/unknown AI \(3170\)/);
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
