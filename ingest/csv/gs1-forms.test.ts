import { describe, it, expect } from 'vitest';
import { containerId, gs1Of } from './gs1-forms.ts';
import { SGTIN_FORMS, SSCC_FORMS } from '../gs1/test-helpers.ts';

describe('containerId: the key part of a CSV container value', () => {
  it('an SSCC in any form (also raw 00+18 digits) is the SSCC-18', () => {
    for (const s of SSCC_FORMS) expect(containerId(s), s).toBe('106141412345678908');
  });
  it('an SGTIN is its element string, as EPCIS keys a parent SGTIN', () => {
    for (const s of SGTIN_FORMS) expect(containerId(s), s).toBe('(01)09506000134352(21)123');
  });
  it('plain ids and numbers that are no SSCC stay as they are', () => {
    for (const s of ['PALLET-7', '12345', '1234567890', '106141412345678909', 'case 7']) expect(containerId(s)).toBe(s);
  });
  it('gs1Of leaves plain part numbers alone', () => {
    expect(gs1Of('M-100')).toBeNull();
    expect(gs1Of('(01)09506000134352(10)L1')?.kind).toBe('lot');
  });
});
