/**
 * GS1 forms in CSV columns: a container column may hold an SSCC as an element string, EPC URN or
 * Digital Link; a serial or lot column may hold a whole SGTIN/LGTIN. They are normalised to the
 * same keys EPCIS documents give (SSCC-18; material = GTIN-14), and the original string is kept.
 * Only values that look like a GS1 form are parsed (plain part numbers stay as they are).
 */
import { parseIdentifier, type Gs1Identifier } from '../gs1/index.ts';

const LOOKS_GS1 = /^(\(\d{2,4}\)|\]|urn:epc:|https?:\/\/)/i;
const GS = String.fromCharCode(0x1d);

/** The parsed GS1 identifier in `s`, or null when `s` is not in a GS1 form (or is malformed: the caller keeps it verbatim). */
export function gs1Of(s: string): Gs1Identifier | null {
  if (!LOOKS_GS1.test(s) && !s.includes(GS)) return null;
  try {
    return parseIdentifier(s);
  } catch {
    return null;
  }
}

/** The SSCC a container value names (GS1 forms normalised), or the value itself. */
export function containerId(s: string): string {
  const g = gs1Of(s);
  return g?.kind === 'container' && g.sscc ? g.sscc : s;
}
