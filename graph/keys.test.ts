import { describe, it, expect } from 'vitest';
import { containerKey, lotKey, parseKey, serialKey } from './keys.ts';

describe('keys never merge distinct values', () => {
  it('surrounding whitespace is part of the value (a serial `123 ` is not `123`)', () => {
    expect(serialKey('09506000134352', '123 ')).not.toBe(serialKey('09506000134352', '123'));
    expect(lotKey(' M', 'L1')).not.toBe(lotKey('M', 'L1'));
    expect(containerKey('C1 ')).toBe('container:C1%20');
    expect(parseKey(serialKey('09506000134352', '123 ')).parts).toEqual(['09506000134352', '123 ']);
  });
  it('an empty or blank part is still an error', () => {
    expect(() => serialKey('M', '')).toThrow(/non-empty/);
    expect(() => serialKey('M', '  ')).toThrow(/non-empty/);
  });
});
