/**
 * Symbology identifiers (ISO/IEC 15424, `]` + code + modifier) a scanner may put before the data.
 * Only some carry GS1 element strings; EAN/UPC and ITF-14 carry a bare GTIN; the others (plain QR
 * `]Q1`, which is how a Digital Link arrives, plain DataMatrix `]d1`, Code 128 without FNC1 `]C0`...)
 * carry data that is not GS1 element-string syntax.
 */
import { LgError } from '../../lib/errors.ts';

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
 * The GTIN (8, 12 or 13 digits, or 14 for ITF-14) that EAN/UPC or ITF-14 data carries: `]E0` 13
 * digits (UPC-A with a leading 0; 8 or 12 accepted too), `]E3` 13 digits + a 2- or 5-digit add-on
 * (kept in `original` only), `]E4` EAN-8, `]I1` 14 digits. Throws LG_BAD_ID on any other shape.
 */
export function gtinOfSymbology(sym: Symbology, original: string): string {
  const { id, data } = sym;
  const shapes: Record<string, RegExp> = { ']E0': /^(\d{8}|\d{12,13})$/, ']E3': /^(\d{13})(?:\d{2}|\d{5})$/, ']E4': /^(\d{8})$/, ']I1': /^(\d{14})$/ };
  const m = shapes[id]!.exec(data);
  if (!m) throw new LgError('LG_BAD_ID', `'${original}': ${id} data must be a GTIN (${id === ']E3' ? '13 digits and a 2- or 5-digit add-on' : id === ']E4' ? '8 digits' : id === ']I1' ? '14 digits' : '8, 12 or 13 digits'})`, { value: original, position: 3 });
  return m[1]!;
}
