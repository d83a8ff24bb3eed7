/** One entry point for every GS1 identifier form, and the natural keys an input may mean. */
import { LgError, isLgError } from '../../lib/errors.ts';
import { padGtin, parseDigitalLink } from './digital-link.ts';
import { looksLikeElementString, parseElementString } from './element-string.ts';
import { looksLikeEpcUrn, parseEpcUrn } from './epc-urn.ts';
import { fromAttrs, keysOf, opaque, validateAiValue, type Gs1Identifier } from './identifier.ts';
import { gtinOfSymbology, splitSymbology } from './symbology.ts';

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\S/;
const HTTP = /^https?:\/\//i;

/** A bare GTIN-8/12/13/14, padded to 14 and checked. */
function bareGtin(digits: string, original: string): Gs1Identifier {
  const gtin = padGtin(digits);
  validateAiValue('01', gtin);
  return fromAttrs({ '01': gtin }, 'element-string', original);
}

/** A URN or http(s) URI (or anything else, opaque) without GS1 element-string syntax. */
function parseUri(s: string, original: string): Gs1Identifier | null {
  if (looksLikeEpcUrn(s)) return parseEpcUrn(s, original);
  if (HTTP.test(s)) return parseDigitalLink(s, original);
  return URI_SCHEME.test(s) ? opaque(original, s) : null;
}

/**
 * Parses an EPC URN, a Digital Link, an element string (bracketed or raw, with or without a
 * symbology identifier), or a bare GTIN-8/12/13/14 or SSCC-18. Any other URI, an http(s) URI whose
 * path does not end in a GS1 key, and scanner data of a non-GS1 symbology are kept as opaque ids.
 * Throws LG_BAD_ID with the reason (and `details.position` where there is one).
 */
export function parseIdentifier(input: string): Gs1Identifier {
  if (typeof input !== 'string') throw new LgError('LG_BAD_ID', 'identifier must be a string');
  const s = input.trim();
  if (s === '') throw new LgError('LG_BAD_ID', 'identifier is empty');
  const sym = splitSymbology(s);
  if (sym) {
    if (sym.data === '') throw new LgError('LG_BAD_ID', `'${input}' holds a symbology identifier (${sym.id}) and no data`, { position: 3 });
    if (sym.role === 'element-string') return parseElementString(sym.data, input);
    if (sym.role === 'gtin') return bareGtin(gtinOfSymbology(sym, input), input);
    return parseUri(sym.data, input) ?? opaque(input, sym.data);
  }
  const uri = parseUri(s, input);
  if (uri) return uri;
  if (/^\d{8}$|^\d{12,14}$/.test(s)) return bareGtin(s, input);
  if (/^\d{18}$/.test(s)) {
    validateAiValue('00', s);
    return fromAttrs({ '00': s }, 'element-string', input);
  }
  if (looksLikeElementString(s)) return parseElementString(s, input);
  throw new LgError('LG_BAD_ID', `'${input}' is not a GS1 element string, Digital Link or EPC URN`, { value: input });
}

/** Natural keys the input may mean, best first; [] when it is not a GS1/EPC form (or is malformed). */
export function identifierCandidates(input: string): string[] {
  try {
    return keysOf(parseIdentifier(input));
  } catch (e) {
    if (isLgError(e)) return [];
    throw e;
  }
}
