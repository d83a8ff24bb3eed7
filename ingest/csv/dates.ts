/**
 * Dates and times as ERP/MES exports write them: a mapping may give a pattern (`DD.MM.YYYY HH:mm`)
 * and an IANA time zone for exports that write local wall-clock time. Without a pattern, ISO-8601.
 * A date that does not exist (30 February, hour 25) is refused, never rolled over; a date-time
 * pattern also reads the date alone (an expiry date) as midnight.
 */
import { parseInstant } from '../../lib/time.ts';
import { wallToInstant } from './zones.ts';

export { isTimeZone } from './zones.ts';

type Part = 'Y' | 'y' | 'M' | 'D' | 'h' | 'm' | 's' | 'f';
/** Token, part, digits (min, max). YYYY before YY: the longest token wins. */
const TOKENS: [string, Part, number, number][] = [
  ['YYYY', 'Y', 4, 4], ['YY', 'y', 2, 2], ['MM', 'M', 1, 2], ['DD', 'D', 1, 2], ['HH', 'h', 1, 2], ['mm', 'm', 1, 2], ['ss', 's', 1, 2], ['SSS', 'f', 1, 9],
];
/** The tokens, for messages. */
export const DATE_TOKENS = TOKENS.map((t) => t[0]).join(' ');

/** Parses time strings to epoch ms; returns null for a value that does not match. */
export type TimeParser = (s: string) => number | null;

interface Compiled {
  rx: RegExp;
  order: Part[];
}

/** Compiles a pattern, or throws an Error saying what is wrong with it (for the mapping check). */
function compile(pattern: string): Compiled {
  const order: Part[] = [];
  let re = '';
  for (let i = 0; i < pattern.length; ) {
    const t = TOKENS.find(([tok]) => pattern.startsWith(tok, i));
    if (t) {
      order.push(t[1]);
      re += `(\\d{${t[2]},${t[3]}})`;
      i += t[0].length;
      continue;
    }
    const c = pattern[i]!;
    if (/[A-Za-z]/.test(c) && c !== 'T') {
      let j = i;
      while (pattern[j] === c) j++;
      throw new Error(`unknown token '${pattern.slice(i, j)}' (tokens: ${DATE_TOKENS}; other letters than T are not allowed${c === 'Z' || c === 'X' ? '; times with an offset: leave dateFormat out, ISO-8601 is read with its offset' : ''})`);
    }
    re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  if (!(order.includes('Y') || order.includes('y')) || !order.includes('M') || !order.includes('D')) throw new Error(`'${pattern}' needs a year, month and day (YYYY or YY, MM, DD)`);
  return { rx: new RegExp(`^${re}$`), order };
}

/** The problem with a dateFormat, or undefined when it is usable. */
export function dateFormatProblem(pattern: string): string | undefined {
  try {
    compile(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The date part of a date-time pattern (before the first time token, without trailing separators), or undefined. */
function datePart(pattern: string): string | undefined {
  const at = Math.min(...['HH', 'mm', 'ss', 'SSS'].map((t) => pattern.indexOf(t)).filter((i) => i >= 0));
  if (!Number.isFinite(at)) return undefined;
  const head = pattern.slice(0, at).replace(/[^A-Za-z0-9]*T?[^A-Za-z0-9]*$/, '');
  return dateFormatProblem(head) === undefined ? head : undefined;
}

/** Days in month `m` (1-12) of year `y` (>= 1000: Date.UTC reads years below 100 as 19xx). */
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Wall-clock fields as ms (as if UTC), or null when they name no real date and time. */
function wallOf(Y: number, M: number, D: number, h: number, m: number, s: number, f: number): number | null {
  if (Y < 1000 || M < 1 || M > 12 || D < 1 || D > daysIn(Y, M) || h > 23 || m > 59 || s > 59) return null;
  return Date.UTC(Y, M - 1, D, h, m, s, f);
}

const ISO_FIELDS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** A parser for `pattern` (tokens YYYY YY MM DD HH mm ss SSS; other characters literal) in `timeZone`. */
export function timeParser(pattern: string | undefined, timeZone: string | undefined): TimeParser {
  const toInstant = wallToInstant(timeZone);
  if (!pattern) {
    return (s) => {
      const t = s.trim();
      let ms: number;
      try {
        ms = parseInstant(t);
      } catch {
        return null;
      }
      // Date.parse rolls 30 February over to 2 March, and 24:00 to the next day: then check the fields
      if (+t.slice(8, 10) > 28 || t.slice(11, 13) === '24') {
        const f = ISO_FIELDS.exec(t);
        if (!f || wallOf(+f[1]!, +f[2]!, +f[3]!, +(f[4] ?? 0), +(f[5] ?? 0), +(f[6] ?? 0), 0) === null) return null;
      }
      return HAS_ZONE.test(t) ? ms : toInstant(ms);
    };
  }
  const forms = [compile(pattern)];
  const date = datePart(pattern);
  if (date) forms.push(compile(date));
  return (s) => {
    const t = s.trim();
    for (const { rx, order } of forms) {
      const m = rx.exec(t);
      if (!m) continue;
      const v: Record<Part, number> = { Y: 1970, y: -1, M: 1, D: 1, h: 0, m: 0, s: 0, f: 0 };
      order.forEach((p, i) => (v[p] = p === 'f' ? Number(m[i + 1]!.slice(0, 3).padEnd(3, '0')) : Number(m[i + 1])));
      if (v.y >= 0) v.Y = 2000 + v.y;
      const wall = wallOf(v.Y, v.M, v.D, v.h, v.m, v.s, v.f);
      return wall === null ? null : toInstant(wall);
    }
    return null;
  };
}
