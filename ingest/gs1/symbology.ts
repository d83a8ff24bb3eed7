/**
 * Symbology identifiers (ISO/IEC 15424, `]` + code + modifier) a scanner may put before the data.
 * Only some carry GS1 element strings; EAN/UPC and ITF-14 carry a bare GTIN; the others (plain QR
 * `]Q1`, which is how a Digital Link arrives, plain DataMatrix `]d1`, Code 128 without FNC1 `]C0`...)
 * carry data that is not GS1 element-string syntax.
 */
import { LgError } from '../../lib/errors.ts';
import { checkDigitOf } from './check-digit.ts';

const ID = /^\][A-Za-z][0-9A-Za-z]/;
/** GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR Code, GS1 DotCode. */
const GS1_AI = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);

export type SymbologyRole = 'element-string' | 'gtin' | 'other';

/** The symbology identifier at the start of `s`, what its data is, and the data. */
export interface Symbology {
  id: string;
  role: SymbologyRole;
  data: string;
}

/** Splits a leading symbology identifier off `s`; null when there is none. */
export function splitSymbology(s: string): Symbology | null {
  if (!ID.test(s)) return null;
  const id = s.slice(0, 3);
  const role: SymbologyRole = GS1_AI.has(id) ? 'element-string' : /^\]E[034]$|^\]I1$/.test(id) ? 'gtin' : 'other';
  return { id, role, data: s.slice(3) };
}

/**
 * UPC-A (12 digits) from a UPC-E symbol's 8 digits: number system 0 or 1, six data digits, the
 * check digit (that of the UPC-A). The last data digit says where the zeros go (GS1 General
 * Specifications, UPC-E zero suppression): 0–2 after three manufacturer digits, 3 after three,
 * 4 after four, 5–9 after five (the item is that digit).
 */
export function upcAOfUpcE(e: string, original: string): string {
  if (!/^[01]\d{7}$/.test(e)) throw new LgError('LG_BAD_ID', `'${original}': UPC-E '${e}' must be 8 digits with number system 0 or 1`, { value: original, position: 3 });
  const [ns, d, check] = [e[0]!, e.slice(1, 7), e[7]!];
  const last = Number(d[5]);
  const body = last <= 2 ? `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`
    : last === 3 ? `${d.slice(0, 3)}00000${d.slice(3, 5)}`
      : last === 4 ? `${d.slice(0, 4)}00000${d[4]}`
        : `${d.slice(0, 5)}0000${last}`;
  const want = String(checkDigitOf(ns + body));
  // Said here, in UPC-E terms: the GTIN check would name digits the scan never held.
  if (check !== want) throw new LgError('LG_BAD_ID', `check digit of UPC-E ${e.slice(0, 7)} ${check} should be ${want} (UPC-A ${ns}${body}${want})`, { field: 'UPC-E', value: original, position: 3 });
  return ns + body + check;
}

/**
 * The GTIN (8, 12 or 13 digits, or 14 for ITF-14) that EAN/UPC or ITF-14 data carries: `]E0` 13
 * digits (EAN-13, or UPC-A with a leading 0; 12 accepted too), or 8 digits of a UPC-E, expanded to
 * its UPC-A (an EAN-8 is `]E4`, never `]E0`); `]E3` 13 digits + a 2- or 5-digit add-on (kept in
 * `original` only), `]E4` EAN-8, `]I1` 14 digits. Throws LG_BAD_ID on any other shape.
 */
export function gtinOfSymbology(sym: Symbology, original: string): string {
  const { id, data } = sym;
  if (id === ']E0' && /^\d{8}$/.test(data)) return upcAOfUpcE(data, original);
  const shapes: Record<string, RegExp> = { ']E0': /^(\d{12,13})$/, ']E3': /^(\d{13})(?:\d{2}|\d{5})$/, ']E4': /^(\d{8})$/, ']I1': /^(\d{14})$/ };
  const m = shapes[id]!.exec(data);
  if (!m) throw new LgError('LG_BAD_ID', `'${original}': ${id} data must be ${id === ']E3' ? 'a GTIN-13 and a 2- or 5-digit add-on' : id === ']E4' ? 'an EAN-8 (8 digits)' : id === ']I1' ? 'a GTIN-14 (14 digits)' : 'an EAN-13 or UPC-A (13 or 12 digits) or a UPC-E (8 digits)'}`, { value: original, position: 3 });
  return m[1]!;
}
