/**
 * Dates and times as ERP/MES exports write them: a mapping may give a pattern (`DD.MM.YYYY HH:mm`)
 * and an IANA time zone for exports that write local wall-clock time. Without a pattern, ISO-8601.
 */
import { parseInstant } from '../../lib/time.ts';

type Part = 'Y' | 'M' | 'D' | 'h' | 'm' | 's' | 'f';
const TOKENS: [string, Part, number][] = [
  ['YYYY', 'Y', 4], ['MM', 'M', 2], ['DD', 'D', 2], ['HH', 'h', 2], ['mm', 'm', 2], ['ss', 's', 2], ['SSS', 'f', 3],
];

/** Parses time strings to epoch ms; returns null for a value that does not match. */
export type TimeParser = (s: string) => number | null;

/** A parser for `pattern` (tokens YYYY MM DD HH mm ss SSS; other characters literal) in `timeZone`. */
export function timeParser(pattern: string | undefined, timeZone: string | undefined): TimeParser {
  const offset = timeZone && timeZone !== 'UTC' ? zoneOffset(timeZone) : () => 0;
  if (!pattern) {
    return (s) => {
      try {
        const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s.trim());
        const ms = parseInstant(s);
        return hasZone ? ms : ms - offset(ms);
      } catch {
        return null;
      }
    };
  }
  const order: Part[] = [];
  let re = '';
  for (let i = 0; i < pattern.length; ) {
    const t = TOKENS.find(([tok]) => pattern.startsWith(tok, i));
    if (t) {
      order.push(t[1]);
      re += `(\\d{1,${t[2]}})`;
      i += t[0].length;
    } else {
      re += pattern[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const rx = new RegExp(`^${re}$`);
  return (s) => {
    const m = rx.exec(s.trim());
    if (!m) return null;
    const v: Record<Part, number> = { Y: 1970, M: 1, D: 1, h: 0, m: 0, s: 0, f: 0 };
    order.forEach((p, i) => (v[p] = Number(m[i + 1])));
    if (v.M < 1 || v.M > 12 || v.D < 1 || v.D > 31 || v.h > 23 || v.m > 59 || v.s > 59) return null;
    const wall = Date.UTC(v.Y, v.M - 1, v.D, v.h, v.m, v.s, v.f);
    if (new Date(wall).getUTCDate() !== v.D) return null; // 31 February
    return wall - offset(wall);
  };
}

/**
 * Offset (ms) of an IANA zone at a wall-clock instant, cached per hour: Intl is slow per call and
 * offsets only change on the hour in practice.
 */
export function zoneOffset(timeZone: string): (wallMs: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const at = (utc: number): number => {
    const p: Record<string, number> = {};
    for (const x of fmt.formatToParts(utc)) if (x.type !== 'literal') p[x.type] = Number(x.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(utc / 1000) * 1000;
  };
  const cache = new Map<number, number>();
  const cached = (utc: number): number => {
    const h = Math.floor(utc / 3_600_000);
    let o = cache.get(h);
    if (o === undefined) {
      if (cache.size > 100_000) cache.clear();
      o = at(h * 3_600_000);
      cache.set(h, o);
    }
    return o;
  };
  // The offset at the wall time taken as UTC, corrected once (exact except inside a DST gap).
  return (wall) => {
    const o1 = cached(wall);
    return cached(wall - o1);
  };
}

/** True when `tz` is a time zone Intl knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
