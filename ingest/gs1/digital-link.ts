/**
 * GS1 Digital Link URIs on any domain: `https://example.com/{prefix}/01/{gtin}/22/{cpv}/10/{lot}/21/{serial}?17=261231`,
 * also `/00/{sscc}`, `/414/{gln}[/254/{ext}]`, `/417/{party}`. Path segments are percent-decoded;
 * numeric query keys are attributes (AIs); other query keys (linkType...) are ignored.
 */
import { LgError } from '../../lib/errors.ts';
import { fromAttrs, validateAiValue, type Gs1Identifier } from './identifier.ts';

/** Primary keys and the qualifiers each allows, in the order the standard fixes. */
const QUALIFIERS: Record<string, string[]> = {
  '01': ['22', '10', '21'],
  '00': [],
  '414': ['254'],
  '417': [],
  '8004': [],
  '8003': [],
  '253': [],
  '401': [],
  '402': [],
};
/** Convenience short names of early Digital Link drafts, still printed on some packs. */
const ALIAS: Record<string, string> = { gtin: '01', cpv: '22', lot: '10', ser: '21', sscc: '00', gln: '414', party: '417' };

/** True when `s` is an http(s) URI whose path holds a Digital Link primary key. */
export function looksLikeDigitalLink(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  return primaryAt(splitUri(s).path.split('/')) >= 0;
}

/** Path and query from the raw text: WHATWG URL would drop `.` and `..` segments, which are legal serials. */
function splitUri(uri: string): { path: string; query: string } {
  const m = /^https?:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/i.exec(uri);
  return { path: m?.[1] ?? '', query: m?.[2] ?? '' };
}

const aiOf = (seg: string): string => ALIAS[seg.toLowerCase()] ?? seg;

function primaryAt(segs: string[]): number {
  for (let i = 0; i + 1 < segs.length; i++) if (QUALIFIERS[aiOf(segs[i]!)] !== undefined && segs[i + 1] !== '') return i;
  return -1;
}

function decode(seg: string, uri: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    throw new LgError('LG_BAD_ID', `Digital Link '${uri}' has a malformed percent-encoding in '${seg}'`, { value: seg });
  }
}

/** Pads a GTIN-8/12/13 to 14 digits (GTIN-14 is the form every key uses). */
export function padGtin(g: string): string {
  return /^\d{8}$|^\d{12,13}$/.test(g) ? g.padStart(14, '0') : g;
}

/** Parses a Digital Link URI. Throws LG_BAD_ID on a bad check digit, order, or value. */
export function parseDigitalLink(uri: string): Gs1Identifier {
  const { path, query } = splitUri(uri);
  const segs = path.split('/');
  const p = primaryAt(segs);
  if (p < 0) throw new LgError('LG_BAD_ID', `'${uri}' has no GS1 Digital Link primary key (/01/, /00/, /414/...)`, { value: uri });
  const primary = aiOf(segs[p]!);
  const attrs: Record<string, string> = {};
  let value = decode(segs[p + 1]!, uri);
  if (primary === '01') value = padGtin(value);
  validateAiValue(primary, value);
  attrs[primary] = value;
  const allowed = QUALIFIERS[primary]!;
  let last = -1;
  const rest = segs.slice(p + 2).filter((x, i, a) => x !== '' || i < a.length - 1);
  if (rest.length % 2 !== 0) throw new LgError('LG_BAD_ID', `Digital Link '${uri}' has a qualifier without a value`, { value: uri });
  for (let i = 0; i < rest.length; i += 2) {
    const ai = aiOf(rest[i]!);
    const at = allowed.indexOf(ai);
    if (at < 0) throw new LgError('LG_BAD_ID', `Digital Link '${uri}': /${ai}/ is not a qualifier of /${primary}/ (allowed: ${allowed.join(', ') || 'none'})`, { field: ai });
    if (at <= last) throw new LgError('LG_BAD_ID', `Digital Link '${uri}': qualifiers must come in the order ${allowed.join(' → ')}`, { field: ai });
    last = at;
    const v = decode(rest[i + 1]!, uri);
    validateAiValue(ai, v);
    attrs[ai] = v;
  }
  for (const [k, raw] of new URLSearchParams(query)) {
    if (!/^\d{2,4}$/.test(k)) continue;
    validateAiValue(k, raw);
    attrs[k] = raw;
  }
  return fromAttrs(attrs, 'digital-link', uri);
}
