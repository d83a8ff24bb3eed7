import { describe, expect, it } from 'vitest';
import { parseInstant, parseOptionalInstant } from './time.ts';

describe('parseInstant', () => {
  it('reads epoch ms and ISO-8601, a date alone as midnight UTC, no offset as UTC', () => {
    expect(parseInstant(1772352000000.9)).toBe(1772352000000);
    expect(parseInstant('2026-03-01T08:00:00Z')).toBe(Date.UTC(2026, 2, 1, 8));
    expect(parseInstant('2026-03-01T09:00:00+01:00')).toBe(Date.UTC(2026, 2, 1, 8));
    expect(parseInstant('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(parseInstant('2026-03-01 08:00')).toBe(Date.UTC(2026, 2, 1, 8));
    expect(parseInstant('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(parseOptionalInstant('')).toBeNull();
  });

  it('refuses a day the calendar does not have, rather than rolling it into the next month', () => {
    for (const s of ['2026-02-29T00:00:00Z', '2026-02-30', '2026-04-31T10:00:00Z', '2026-00-10', '2026-13-01T00:00:00Z', '2026-01-00', '0026-02-29']) {
      expect(() => parseInstant(s, 'at'), s).toThrow(/at '.*' is not a valid time/);
    }
    expect(() => parseInstant('yesterday', 'eventTime')).toThrow(expect.objectContaining({ code: 'LG_BAD_TIME', details: { field: 'eventTime', value: 'yesterday' } }));
  });
});
