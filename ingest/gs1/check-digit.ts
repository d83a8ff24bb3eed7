/** GS1 mod-10 check digits (GTIN, SSCC, GLN, GSRN...): weights 3,1,3,1... from the right of the body. */
import { LgError } from '../../lib/errors.ts';

/** The check digit for a body of digits (the identifier without its last digit). */
export function checkDigitOf(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10;
}

/** Appends the check digit to a body of digits. */
export const withCheckDigit = (body: string): string => body + String(checkDigitOf(body));

/**
 * Throws LG_BAD_ID when the last digit of `digits` is not its check digit. The message shows the
 * body and the given digit apart ("check digit of GTIN 0950600013435 2 should be 7").
 */
export function assertCheckDigit(what: string, digits: string, position?: number): void {
  const body = digits.slice(0, -1);
  const given = digits.slice(-1);
  const want = checkDigitOf(body);
  if (String(want) !== given) {
    throw new LgError('LG_BAD_ID', `check digit of ${what} ${body} ${given} should be ${want}`, {
      field: what, value: digits, ...(position === undefined ? {} : { position }),
    });
  }
}
