import { describe, it, expect } from 'vitest';
import { identifierCandidates, parseIdentifier, toNodeKey } from './index.ts';

const GS = '\u001d';

describe('GIAI and GRAI: every form gives one key', () => {
  it('GIAI: EPC URN = Digital Link = element string (bracketed and raw)', () => {
    const forms = ['urn:epc:id:giai:0614141.12345ABC', 'https://x.example/8004/061414112345ABC', 'https://x.example/giai/061414112345ABC', '(8004)061414112345ABC', `]d28004061414112345ABC${GS}`];
    for (const f of forms) {
      const r = parseIdentifier(f);
      expect(r, f).toMatchObject({ kind: 'container', asset: '(8004)061414112345ABC', attrs: { '8004': '061414112345ABC' }, original: f });
      expect(toNodeKey(r)).toBe('container:(8004)061414112345ABC');
      expect(identifierCandidates(f)).toEqual(['container:(8004)061414112345ABC']);
    }
  });
  it('GRAI: EPC URN = Digital Link = element string; the URN asset ref is percent-decoded', () => {
    const forms = ['urn:epc:id:grai:0614141.12345.400', 'https://x.example/8003/00614141123452400', '(8003)00614141123452400', '800300614141123452400'];
    for (const f of forms) expect(toNodeKey(parseIdentifier(f)), f).toBe('container:(8003)00614141123452400');
    expect(toNodeKey(parseIdentifier('urn:epc:id:giai:0614141.A%2FB'))).toBe('container:(8004)0614141A%2FB');
  });
});
