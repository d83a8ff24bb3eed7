/**
 * GS1 forms in CSV columns: a container column may hold an SSCC as an element string, EPC URN,
 * Digital Link or bare/raw digits; a serial or lot column may hold a whole SGTIN/LGTIN. They are
 * normalised to the same keys EPCIS documents give (ingest/gs1/container-key.ts; material =
 * GTIN-14), and the original string is kept. Only values that look like a GS1 form are parsed
 * (plain part numbers and case ids stay as they are).
 */
import { caseSerialOf, containerIdOf, parseIdentifier, type Gs1Identifier } from '../gs1/index.ts';

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
  // a row's GS1 values are asked for by its template and again by the row reader (for warnings)
  let r = recent.get(s);
  if (r === undefined) {
    if (recent.size >= 8) recent.clear();
    recent.set(s, (r = tryParse(s)));
  }
  return r;
}

/** The last few values parsed (results are read, never changed). */
const recent = new Map<string, Gs1Identifier | null>();

/**
 * What a container value names, parsed once: the container id (containerKey(id) is its node key:
 * GS1 forms normalised as EPCIS does, else the value itself) and, for a serialised case (an SGTIN),
 * the Serial it ships as.
 */
export function containerOfValue(s: string): { id: string; kase: { key: string; gtin: string } | null } {
  const g = gs1Of(s) ?? (SSCC_DIGITS.test(s) ? tryParse(s) : null);
  return { id: (g && containerIdOf(g)) ?? s, kase: g && caseSerialOf(g) };
}

/** The id a container value names (containerOfValue). */
export const containerId = (s: string): string => containerOfValue(s).id;
