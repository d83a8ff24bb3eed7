/**
 * Wall-clock time in an IANA zone -> the instant. Exact in every zone (offsets that change on the half
 * hour too), and fixed where the wall clock is ambiguous: a time the clocks skip (spring forward) is
 * read with the offset before the change, i.e. that long after it (02:30 -> 03:30 summer time); a time
 * they repeat (fall back) is its first occurrence. This is the rule of java.time and Temporal
 * ('compatible'). ingest/README.md documents it.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Offset (ms, local minus UTC) of `timeZone` at an instant; cached per hour, exact inside an hour that holds a change. */
export function offsetAt(timeZone: string): (utc: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const exact = (utc: number): number => {
    const p: Record<string, number> = {};
    for (const x of fmt.formatToParts(utc)) if (x.type !== 'literal') p[x.type] = Number(x.value);
    const local = new Date(0);
    local.setUTCFullYear(p.year!, p.month! - 1, p.day!);
    local.setUTCHours(p.hour!, p.minute!, p.second!, 0);
    return local.getTime() - Math.floor(utc / 1000) * 1000;
  };
  // Intl is slow per call and offsets change a few times a year: per hour, the offset when it is the
  // same at both ends of the hour, else NaN (that hour holds a change: asked exactly each time).
  const cache = new Map<number, number>();
  return (utc) => {
    const h = Math.floor(utc / HOUR);
    let o = cache.get(h);
    if (o === undefined) {
      if (cache.size > 100_000) cache.clear();
      const a = exact(h * HOUR);
      o = a === exact(h * HOUR + HOUR - 1000) ? a : NaN;
      cache.set(h, o);
    }
    return Number.isNaN(o) ? exact(utc) : o;
  };
}

/** A function from a wall-clock time (its fields as if UTC, in ms) to the instant, in `timeZone` (UTC when absent). */
export function wallToInstant(timeZone: string | undefined): (wall: number) => number {
  if (!timeZone || timeZone === 'UTC') return (wall) => wall;
  const off = offsetAt(timeZone);
  return (wall) => {
    const before = off(wall - DAY);
    const after = off(wall + DAY);
    if (before === after) return wall - before;
    const early = wall - before;
    const late = wall - after;
    const earlyOk = off(early) === before;
    const lateOk = off(late) === after;
    if (earlyOk && lateOk) return Math.min(early, late); // repeated: the first occurrence
    if (lateOk) return late;
    return early; // skipped (or only the earlier reading holds): the offset before the change
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
