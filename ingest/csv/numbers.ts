/**
 * Numbers as exports write them: `.` decimals by default, or the mapping's decimal comma, where `.`
 * may only group thousands (`1.234,5`). A value that fits neither is refused, never guessed: under a
 * decimal comma `1.5` is not fifteen, and `1,234.5` without one is not 1.2345.
 */

const POINT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA = /^[+-]?((\d{1,3}(\.\d{3})+|\d+)(,\d*)?|,\d+)([eE][+-]?\d+)?$/;

/** Parses `text` (trimmed) with `decimal` as the decimal separator; null when it is not a finite number. */
export function parseNumber(text: string, decimal: '.' | ',' = '.'): number | null {
  let t = text;
  if (decimal === ',') {
    if (!COMMA.test(t)) return null;
    t = t.replaceAll('.', '').replace(',', '.');
  } else if (!POINT.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}
