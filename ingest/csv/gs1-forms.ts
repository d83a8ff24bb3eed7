/**
 * GS1 forms in CSV columns: a container column may hold an SSCC as an element string, EPC URN,
 * Digital Link or bare/raw digits; a serial or lot column may hold a whole SGTIN/LGTIN. They are
 * normalised to the same keys EPCIS documents give (ingest/gs1/container-key.ts; material =
 * GTIN-14), and the original string is kept. Only values that look like a GS1 form are parsed
 * (plain part numbers and case ids stay as they are).
 */
import { containerIdOf, parseIdentifier, type Gs1Identifier } from '../gs1/index.ts';

const LOOKS_GS1 = /^(\(\d{2,4}\)|\]|urn:epc:|https?:\/\/)/i;
const GS = String.fromCharCode(0x1d);
/** An SSCC as digits alone: 18 of them, or 20 with its AI (00) in front. */
const SSCC_DIGITS = /^(?:00)?\d{18}$/;

function tryParse(s: string): Gs1Identifier | null {
  try {
    return parseIdentifier(s);
  } catch {
    return null;
  }
}

/** The parsed GS1 identifier in `s`, or null when `s` is not in a GS1 form (or is malformed: the caller keeps it verbatim). */
export function gs1Of(s: string): Gs1Identifier | null {
  if (!LOOKS_GS1.test(s) && !s.includes(GS)) return null;
  return tryParse(s);
}

/** The id a container value names (containerKey(id) is its node key): GS1 forms normalised as EPCIS does, else the value itself. */
export function containerId(s: string): string {
  const g = gs1Of(s) ?? (SSCC_DIGITS.test(s) ? tryParse(s) : null);
  return (g && containerIdOf(g)) ?? s;
}
