import { describe, expect, it } from 'vitest';
import { identifierCandidates, parseIdentifier, toNodeKey } from './index.ts';
import { codeOf } from './test-helpers.ts';

describe('TPX (AI 235): a third-party controlled serial of a GTIN', () => {
  it('every form names one serial, kept apart from an AI 21 serial with the same characters', () => {
    const key = 'serial:09506000134352:(235)TPX-123';
    for (const f of ['https://id.gs1.org/01/09506000134352/235/TPX-123', 'https://x.example/01/09506000134352/10/L1/235/TPX-123', '(01)09506000134352(235)TPX-123', ']d20109506000134352235TPX-123']) {
      const r = parseIdentifier(f);
      expect(r, f).toMatchObject({ kind: 'serial', gtin: '09506000134352', serial: '(235)TPX-123', attrs: { '235': 'TPX-123' } });
      expect(toNodeKey(r), f).toBe(key);
      expect(identifierCandidates(f)[0], f).toBe(key);
    }
    expect(toNodeKey(parseIdentifier('(01)09506000134352(21)TPX-123'))).toBe('serial:09506000134352:TPX-123');
  });
  it('a serial and a TPX together are refused (GS1: one or the other)', () => {
    expect(codeOf(() => parseIdentifier('(01)09506000134352(21)5(235)TPX'))).toMatchObject({ code: 'LG_BAD_ID', details: { field: '235' } });
    expect(codeOf(() => parseIdentifier('https://id.gs1.org/01/09506000134352/21/5/235/TPX'))).toMatchObject({ code: 'LG_BAD_ID' });
    expect(codeOf(() => parseIdentifier('https://id.gs1.org/01/09506000134352/235/TPX/21/5'))).toMatchObject({ code: 'LG_BAD_ID' });
  });
});
