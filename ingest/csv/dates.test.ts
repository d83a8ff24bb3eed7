// Dates as exports write them: invalid calendar dates are refused (never rolled over), two-digit years
// and fractions read as written, date-only values under a date-time pattern, and local times in a
// mapping's zone resolved exactly, also in the hours clocks skip or repeat (documented in ingest/README.md).
import { describe, expect, it } from 'vitest';
import { timeParser } from './dates.ts';
import { checkMapping } from './mapping.ts';

const iso = (p: ReturnType<typeof timeParser>, s: string): string | null => {
  const ms = p(s);
  return ms === null ? null : new Date(ms).toISOString();
};

describe('dates', () => {
  it('refuses calendar dates that do not exist, with or without a pattern', () => {
    const plain = timeParser(undefined, undefined);
    expect(['2026-02-30', '2026-02-29T08:00:00Z', '2026-04-31T08:00:00+02:00', '2026-13-01', '2026-03-01T25:00:00Z', '2026-03-01T08:60:00Z'].map((s) => plain(s))).toEqual(Array(6).fill(null));
    expect(iso(plain, '2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(plain, '2026-03-01T00:30:00+01:00')).toBe('2026-02-28T23:30:00.000Z');
    const de = timeParser('DD.MM.YYYY', undefined);
    expect(['30.02.2026', '31.04.2026', '29.02.2026', '00.01.2026', '01.00.2026'].map((s) => de(s))).toEqual(Array(5).fill(null));
  });

  it('YYYY is four digits (a two-digit year is not 1926); YY is 2000-2099', () => {
    const p = timeParser('DD.MM.YYYY HH:mm', 'UTC');
    expect(p('01.03.26 08:00')).toBeNull();
    expect(p('01.03.0026 08:00')).toBeNull();
    expect(iso(timeParser('DD.MM.YY', undefined), '01.03.26')).toBe('2026-03-01T00:00:00.000Z');
    expect(iso(timeParser('MM/DD/YY HH:mm', undefined), '03/01/99 08:00')).toBe('2099-03-01T08:00:00.000Z');
  });

  it('fractions of a second are read as written (.5 is 500 ms)', () => {
    const p = timeParser('YYYY-MM-DD HH:mm:ss.SSS', undefined);
    expect(['2026-03-01 08:00:00.5', '2026-03-01 08:00:00.05', '2026-03-01 08:00:00.123456'].map((s) => iso(p, s))).toEqual(['2026-03-01T08:00:00.500Z', '2026-03-01T08:00:00.050Z', '2026-03-01T08:00:00.123Z']);
  });

  it('a date-time pattern also reads a date alone (an expiry date) as midnight in the zone', () => {
    const p = timeParser('DD.MM.YYYY HH:mm', 'Europe/Berlin');
    expect(iso(p, '31.12.2027')).toBe('2027-12-30T23:00:00.000Z');
    expect(iso(p, '30.03.2026 09:15')).toBe('2026-03-30T07:15:00.000Z');
    expect(iso(timeParser('YYYY-MM-DDTHH:mm', undefined), '2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('a local time the clocks skip is read as after the change; one they repeat, as its first occurrence', () => {
    const p = timeParser('DD.MM.YYYY HH:mm', 'Europe/Berlin');
    // 29 March 2026: 02:00 CET -> 03:00 CEST; 02:30 does not exist and reads as 03:30 CEST
    expect(['29.03.2026 01:59', '29.03.2026 02:30', '29.03.2026 03:00'].map((s) => iso(p, s))).toEqual(['2026-03-29T00:59:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T01:00:00.000Z']);
    // 25 October 2026: 03:00 CEST -> 02:00 CET; 02:30 happens twice: the first (CEST) is taken
    expect(['25.10.2026 01:59', '25.10.2026 02:30', '25.10.2026 03:00'].map((s) => iso(p, s))).toEqual(['2026-10-24T23:59:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z']);
    const plain = timeParser(undefined, 'Europe/Berlin');
    expect(iso(plain, '2026-10-25T02:30:00')).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(plain, '2026-10-25T02:30:00+01:00')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('zones that change on the half hour are exact (St John\'s, Lord Howe)', () => {
    const sj = timeParser('DD.MM.YYYY HH:mm', 'America/St_Johns');
    // 1 November 2026: 02:00 NDT (-2:30) -> 01:00 NST (-3:30) at 04:30Z
    expect(['01.11.2026 00:50', '01.11.2026 01:50', '01.11.2026 02:10'].map((s) => iso(sj, s))).toEqual(['2026-11-01T03:20:00.000Z', '2026-11-01T04:20:00.000Z', '2026-11-01T05:40:00.000Z']);
    const lh = timeParser('DD.MM.YYYY HH:mm', 'Australia/Lord_Howe');
    // 5 April 2026: 02:00 (+11) -> 01:30 (+10:30) at 15:00Z
    expect(['05.04.2026 01:20', '05.04.2026 01:40', '05.04.2026 02:10'].map((s) => iso(lh, s))).toEqual(['2026-04-04T14:20:00.000Z', '2026-04-04T14:40:00.000Z', '2026-04-04T15:40:00.000Z']);
  });

  it('a dateFormat with an unknown token or without a date is a mapping error naming it', () => {
    expect(() => checkMapping({ dateFormat: 'DD/MM/YYYY hh:mm' }, 'm.yaml')).toThrow(/m\.yaml: \/dateFormat: unknown token 'hh'/);
    expect(() => checkMapping({ dateFormat: 'HH:mm' }, 'm.yaml')).toThrow(/\/dateFormat: .*year, month and day/);
    expect(checkMapping({ dateFormat: 'YYYY-MM-DDTHH:mm:ss' }).dateFormat).toBe('YYYY-MM-DDTHH:mm:ss');
  });

  it('every quarter hour around the 2026 clock changes, written as local time, reads back as that instant (or, when repeated, its first occurrence)', () => {
    for (const zone of ['Europe/Berlin', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      const p = timeParser('YYYY-MM-DD HH:mm', zone);
      const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
      const parts = (t: number) => Object.fromEntries(fmt.formatToParts(t).map((q) => [q.type, q.value]));
      const offset = (t: number) => {
        const x = parts(t);
        return Date.UTC(+x.year!, +x.month! - 1, +x.day!, +x.hour!, +x.minute!) - t;
      };
      const DAY = 86_400_000;
      let changes = 0;
      for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += DAY) {
        if (offset(d) === offset(d + DAY)) continue;
        changes++;
        const first = new Map<string, number>();
        for (let t = d - DAY; t < d + 2 * DAY; t += 900_000) {
          const x = parts(t);
          const wall = `${x.year}-${x.month}-${x.day} ${x.hour}:${x.minute}`;
          if (!first.has(wall)) first.set(wall, t);
          expect(p(wall), `${zone} ${wall}`).toBe(first.get(wall));
        }
      }
      expect(changes, zone).toBe(2);
    }
  });
});
