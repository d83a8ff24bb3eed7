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

function tryParse(s: string): Gs1Identifier | Error {
  try {
    return parseIdentifier(s);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** The value parsed, or why a value in a GS1 form did not parse (cached: a row's values are asked for twice). */
function parsedOf(s: string): Gs1Identifier | Error | null {
  if (!LOOKS_GS1.test(s) && !s.includes(GS)) return null;
  // a row's GS1 values are asked for by its template and again by the row reader (for warnings)
  let r = recent.get(s);
  if (r === undefined) {
    if (recent.size >= 8) recent.clear();
    recent.set(s, (r = tryParse(s)));
  }
  return r;
}

/** The parsed GS1 identifier in `s`, or null when `s` is not in a GS1 form (or is malformed: the caller keeps it verbatim, gs1ErrorOf says why). */
export function gs1Of(s: string): Gs1Identifier | null {
  const r = parsedOf(s);
  return r instanceof Error ? null : r;
}

/** Why `s`, written in a GS1 form (brackets, a symbology id, an EPC URN, a URL, a GS separator), is not a valid one; null otherwise. */
export function gs1ErrorOf(s: string): string | null {
  const r = parsedOf(s);
  return r instanceof Error ? r.message : null;
}

/** The last few values parsed (results are read, never changed). */
const recent = new Map<string, Gs1Identifier | Error>();

/**
 * What a container value names, parsed once: the container id (containerKey(id) is its node key:
 * GS1 forms normalised as EPCIS does, else the value itself) and, for a serialised case (an SGTIN),
 * the Serial it ships as.
 */
export function containerOfValue(s: string): { id: string; kase: { key: string; gtin: string } | null } {
  const digits = SSCC_DIGITS.test(s) ? tryParse(s) : null;
  const g = gs1Of(s) ?? (digits instanceof Error ? null : digits);
  return { id: (g && containerIdOf(g)) ?? s, kase: g && caseSerialOf(g) };
}

/** The id a container value names (containerOfValue). */
export const containerId = (s: string): string => containerOfValue(s).id;
