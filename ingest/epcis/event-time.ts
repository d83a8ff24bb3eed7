/**
 * An EPCIS event's eventTime as epoch ms. EPCIS 2.0 makes it an xsd:dateTime / JSON date-time with
 * a zone, and eventTimeZoneOffset a required field. Leniently but losslessly:
 * - with an offset (`Z`, `+05:00`): that instant, as ever (the event hash's input is unchanged);
 * - without one but with an eventTimeZoneOffset (`2026-03-01T08:00:00` at `+05:00`, a common MES
 *   export of local wall time): read in that offset (03:00Z), with a warning naming the value;
 * - a date alone (`2026-03-01`) with an eventTimeZoneOffset: midnight there, with a warning;
 * - without an offset and without a usable eventTimeZoneOffset: rejected (UTC would be a guess).
 * The hash of an event without an eventID (event-hash.ts) keeps reading such a time as UTC, as it
 * was read before 2026-12-04 night (`hashAt`): its id stays the one a log holds, so the same event
 * sent again is a duplicate, and its declaration still finds it.
 */
import { LgError } from '../../lib/errors.ts';
import { parseInstant } from '../../lib/time.ts';
import { badField } from './event-error.ts';
import type { Ev } from './event-fields.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
/** eventTimeZoneOffset as EPCIS 2.0 writes it: -14:00 to +14:00. */
const TZ_OFFSET = /^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/;
const EXAMPLE = 'such as 2026-03-01T08:00:00Z';

export interface EventTime {
  at: number;
  /** The instant the event's hash reads: `at`, or for a time without an offset the UTC reading of before. */
  hashAt: number;
  /** Set when the time was read in eventTimeZoneOffset (it had no offset of its own). */
  warning?: { field: string; value: string; reason: string };
}

/** The event's time; throws LG_INVALID_RECORD naming eventTime when it is missing, not a date-time, or has no zone. */
export function eventTimeOf(ev: Ev): EventTime {
  const v = ev.eventTime;
  if (v === undefined || v === null || v === '') badField('eventTime', 'is required');
  const s = typeof v === 'string' ? v.trim() : undefined;
  let at: number;
  let warning: EventTime['warning'];
  if (s !== undefined && (NO_OFFSET.test(s) || DATE_ONLY.test(s))) {
    const tz = typeof ev.eventTimeZoneOffset === 'string' ? ev.eventTimeZoneOffset.trim() : undefined;
    if (tz === undefined || !TZ_OFFSET.test(tz)) {
      const why = tz === undefined ? 'no eventTimeZoneOffset' : `an eventTimeZoneOffset that is not ±hh:mm ('${String(ev.eventTimeZoneOffset)}')`;
      badField('eventTime', `has no UTC offset and ${why} to read it in: give a date-time with an offset, ${EXAMPLE}`, v);
    }
    const day = DATE_ONLY.test(s);
    at = parse(`${day ? `${s}T00:00:00` : s}${tz}`, v);
    warning = { field: 'eventTime', value: s, reason: `'${s}' has no ${day ? 'time of day nor ' : ''}UTC offset: read in its eventTimeZoneOffset ${tz}, as ${new Date(at).toISOString()} (EPCIS requires a date-time with its offset in eventTime)` };
    const hashAt = parse(s, v);
    if (Math.abs(at) > 8.64e15 || Math.abs(hashAt) > 8.64e15) badField('eventTime', 'is out of the representable time range', v);
    return { at, hashAt, warning };
  }
  at = parse(v, v);
  // Beyond ±8.64e15 ms a Date cannot represent it (toISOString would throw in the hash).
  if (Math.abs(at) > 8.64e15) badField('eventTime', 'is out of the representable time range', v);
  return { at, hashAt: at };
}

function parse(s: unknown, shown: unknown): number {
  try {
    return parseInstant(s, 'eventTime');
  } catch (e) {
    if (e instanceof LgError) badField('eventTime', `is not an ISO-8601 date-time with an offset, ${EXAMPLE}`, shown);
    throw e;
  }
}
