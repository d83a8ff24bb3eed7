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
