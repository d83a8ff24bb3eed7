/** One entry point for every GS1 identifier form, and the natural keys an input may mean. */
import { LgError, isLgError } from '../../lib/errors.ts';
import { looksLikeDigitalLink, padGtin, parseDigitalLink } from './digital-link.ts';
import { looksLikeElementString, parseElementString } from './element-string.ts';
import { looksLikeEpcUrn, parseEpcUrn } from './epc-urn.ts';
import { fromAttrs, keysOf, validateAiValue, type Gs1Identifier } from './identifier.ts';

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\S/;

/**
 * Parses an EPC URN, a Digital Link, an element string (bracketed or raw, with or without a
 * symbology identifier), or a bare GTIN-8/12/13/14 or SSCC-18. Any other URI is kept as an opaque id.
 * Throws LG_BAD_ID with the reason (and `details.position` where there is one).
 */
export function parseIdentifier(input: string): Gs1Identifier {
  if (typeof input !== 'string') throw new LgError('LG_BAD_ID', 'identifier must be a string');
  const s = input.trim();
  if (s === '') throw new LgError('LG_BAD_ID', 'identifier is empty');
  if (looksLikeEpcUrn(s)) return parseEpcUrn(s);
  if (looksLikeDigitalLink(s)) return parseDigitalLink(s);
  if (/^\d{8}$|^\d{12,14}$/.test(s)) {
    const gtin = padGtin(s);
    validateAiValue('01', gtin);
    return fromAttrs({ '01': gtin }, 'element-string', input);
  }
  if (/^\d{18}$/.test(s)) {
    validateAiValue('00', s);
    return fromAttrs({ '00': s }, 'element-string', input);
  }
  if (looksLikeElementString(s)) return parseElementString(s);
  if (URI_SCHEME.test(s)) return { kind: 'opaque', attrs: {}, form: 'opaque', original: input };
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
