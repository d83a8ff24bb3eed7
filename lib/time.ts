/** Time values: epoch milliseconds inside lotgraph, ISO-8601 at the edges. */
import { LgError } from './errors.ts';

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an instant: epoch ms (number) or an ISO-8601 date/date-time. A date-time without an offset
 * is taken as UTC (plants export local times: ingest mappings declare the zone, see ingest/README.md).
 */
export function parseInstant(v: unknown, field = 'time'): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Math.trunc(v);
  } else if (typeof v === 'string' && ISO.test(v.trim())) {
    let s = v.trim().replace(' ', 'T');
    if (s.length === 10) s += 'T00:00:00Z';
    else if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) s += 'Z';
    const ms = Date.parse(s);
    // Date.parse rolls an impossible day over (2026-02-30 is 2 March): a date that does not exist is refused
    if (Number.isFinite(ms) && dayExists(s)) return ms;
  }
  const shown = textOf(v);
  throw new LgError('LG_BAD_TIME', `${field} '${shown}' is not a valid time: use ISO-8601 such as 2026-03-01T08:00:00Z`, { field, value: shown });
}

/** True when the YYYY-MM-DD that `s` starts with is a day of the calendar (month 1-12, day within it). */
function dayExists(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (d >= 1 && d <= 28) return m >= 1 && m <= 12; // every month has these (the common case: no Date made)
  const last = new Date(0);
  last.setUTCFullYear(y, m, 0); // day 0 of the next month: the month's last day (years below 100 too)
  return m >= 1 && m <= 12 && d >= 1 && d <= last.getUTCDate();
}

/** A value as text for an error message, never throwing (an object may have a broken toString). */
function textOf(v: unknown): string {
  try {
    return String(v);
  } catch {
    try {
      return JSON.stringify(v) ?? Object.prototype.toString.call(v);
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
}

/** Parses an optional instant (null/undefined/'' -> null). */
export function parseOptionalInstant(v: unknown, field = 'time'): number | null {
  return v === undefined || v === null || v === '' ? null : parseInstant(v, field);
}

/** Formats epoch ms as ISO-8601 UTC, or null. */
export const isoOf = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
