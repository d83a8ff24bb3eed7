/** GS1 YYMMDD dates: century by the GS1 sliding window, day 00 = last day of the month. */
import { LgError } from '../../lib/errors.ts';

/**
 * Converts YYMMDD to an ISO date (YYYY-MM-DD). The century follows GS1 General Specifications
 * §7.12: a year more than 50 years ahead of `today` belongs to the previous century, more than 49
 * behind to the next. Day 00 means the last day of the month (used for expiry dates).
 */
export function gs1Date(v: string, ai: string, today: Date = new Date()): string {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(v);
  if (!m) throw new LgError('LG_BAD_ID', `AI (${ai}) date '${v}' must be YYMMDD`, { field: ai, value: v });
  const yy = Number(m[1]);
  const month = Number(m[2]);
  let day = Number(m[3]);
  const current = today.getUTCFullYear();
  const diff = yy - (current % 100);
  let century = Math.floor(current / 100);
  if (diff >= 51) century -= 1;
  else if (diff <= -50) century += 1;
  const year = century * 100 + yy;
  if (month < 1 || month > 12) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) date '${v}' has month ${m[2]}: must be 01-12`, { field: ai, value: v });
  }
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === 0) day = last;
  if (day > last) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) date '${v}' has day ${m[3]}: ${year}-${m[2]} has ${last} days`, { field: ai, value: v });
  }
  return `${year}-${m[2]}-${String(day).padStart(2, '0')}`;
}
