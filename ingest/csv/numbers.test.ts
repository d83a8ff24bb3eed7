import { describe, expect, it } from 'vitest';
import { parseNumber } from './numbers.ts';

describe('numbers', () => {
  it('a decimal comma: dots only between groups of three digits, never read as nothing', () => {
    expect(['1.234,5', '1.234.567,89', '1234,5', '1,5', ',5', '12', '1.250', '0,0', '1,5e3'].map((s) => parseNumber(s, ','))).toEqual([1234.5, 1234567.89, 1234.5, 1.5, 0.5, 12, 1250, 0, 1500]);
    // 1.5 or 12.5 in a decimal-comma export is not 15 or 125: refused
    expect(['1.5', '12.5', '1.25', '1.2345', '1,234,5', '1.234.5', '.5', 'e3', ''].map((s) => parseNumber(s, ','))).toEqual(Array(9).fill(null));
  });

  it('a decimal point: exponents yes, thousands commas and non-finite numbers no', () => {
    expect(['1.5', '.5', '5.', '+3', '1e3', '2.5E-3', '0', '-0'].map((s) => parseNumber(s))).toEqual([1.5, 0.5, 5, 3, 1000, 0.0025, 0, -0]);
    expect(['1,234.5', '1,5', '1e400', '-1e400', 'NaN', 'Infinity', '0x10', '1_000', '1.5e'].map((s) => parseNumber(s))).toEqual(Array(9).fill(null));
  });
});
