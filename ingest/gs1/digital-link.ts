/**
 * GS1 Digital Link URIs on any domain: `https://example.com/{stem}/01/{gtin}/22/{cpv}/10/{lot}/21/{serial}?17=261231`,
 * also `/00/{sscc}`, `/414/{gln}[/254/{ext}]`, `/417/{party}`, `/8004/{giai}`, `/8003/{grai}`, `/402/{gsin}`,
 * `/401/{ginc}`, `/253/{gdti}`, `/255/{gcn}`, `/8017|8018/{gsrn}`, `/8010/{cpid}[/8011/{serial}]`, `/8006/{itip}[/21/{serial}]`.
 * The path must END with the primary key and its qualifiers; whatever comes before is the stem
 * (it may itself look like a key). An http(s) URI without such an ending is kept opaque.
 * The query string (split on `&` or `;`, percent-decoded, `+` is a plus) carries data attributes
 * only: it may repeat a path AI with the same value, never change or add the key or its qualifiers.
 */
import { LgError } from '../../lib/errors.ts';
import { fromAttrs, opaque, validateAiValue, type Gs1Identifier } from './identifier.ts';

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
  '255': [],
  '8017': [],
  '8018': [],
  '8010': ['8011'],
  '8006': ['22', '10', '21'],
};
/** The shape a primary key's value must have for the path to be a Digital Link at all (check digits are checked after, and reported). */
const KEY_SHAPE: Record<string, RegExp> = {
  '01': /^(\d{8}|\d{12,14})$/,
  '00': /^\d{18}$/,
  '414': /^\d{13}$/,
  '417': /^\d{13}$/,
  '402': /^\d{17}$/,
  '253': /^\d{13}.{0,17}$/s,
  '8003': /^\d{14}.{0,16}$/s,
  // GIAI and GINC start with a GS1 Company Prefix (at least 4 digits).
  '8004': /^\d{4}.{0,26}$/s,
  '401': /^\d{4}.{0,26}$/s,
  '255': /^\d{13,25}$/,
  '8017': /^\d{18}$/,
  '8018': /^\d{18}$/,
  // a CPID starts with a GS1 Company Prefix too; an ITIP is a GTIN-14 and piece and total
  '8010': /^\d{4}.{0,26}$/s,
  '8006': /^\d{18}$/,
};
/** Convenience short names of early Digital Link drafts, still printed on some packs. */
const ALIAS: Record<string, string> = {
  gtin: '01', cpv: '22', lot: '10', ser: '21', sscc: '00', gln: '414', glnx: '254', party: '417',
  giai: '8004', grai: '8003', gdti: '253', ginc: '401', gsin: '402',
};

/** Path and query from the raw text: WHATWG URL would drop `.` and `..` segments, which are legal serials. */
function splitUri(uri: string): { path: string; query: string } {
  const m = /^https?:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/i.exec(uri);
  return { path: m?.[1] ?? '', query: m?.[2] ?? '' };
}

const aiOf = (seg: string): string => ALIAS[seg.toLowerCase()] ?? seg;

function tryDecode(seg: string): string | null {
  try {
    return decodeURIComponent(seg);
  } catch {
    return null;
  }
}

function decode(seg: string, uri: string): string {
  const v = tryDecode(seg);
  if (v === null) throw new LgError('LG_BAD_ID', `Digital Link '${uri}' has a malformed percent-encoding in '${seg}'`, { value: seg });
  return v;
}

/** The key path: the rightmost primary key whose value has its shape and whose following segments are all its qualifier pairs. */
interface KeyPath { primary: string; value: string; pairs: string[] }

/**
 * The key path ending `path`, or null (the URI is then opaque). Throws when the path ends with a key
 * and a qualifier code without its value (`/01/{gtin}/21/`): a cut-off Digital Link, not a private URI.
 */
function keyPath(path: string, uri: string): KeyPath | null {
  const segs = path.split('/');
  if (segs.length > 1 && segs[segs.length - 1] === '') segs.pop();
  for (let i = segs.length - 2; i >= 0; i--) {
    const primary = aiOf(segs[i]!);
    const allowed = QUALIFIERS[primary];
    const value = tryDecode(segs[i + 1]!);
    if (!allowed || value === null || !KEY_SHAPE[primary]!.test(value)) continue;
    const pairs = segs.slice(i + 2);
    if (!pairs.every((seg, j) => j % 2 === 1 || allowed.includes(aiOf(seg)))) continue;
    if (pairs.length % 2 === 0) return { primary, value, pairs };
    throw new LgError('LG_BAD_ID', `Digital Link '${uri}' has a qualifier without a value (/${pairs[pairs.length - 1]}/)`, { field: aiOf(pairs[pairs.length - 1]!), value: uri });
  }
  return null;
}

/** Pads a GTIN-8/12/13 to 14 digits (GTIN-14 is the form every key uses). */
export function padGtin(g: string): string {
  return /^\d{8}$|^\d{12,13}$/.test(g) ? g.padStart(14, '0') : g;
}

/** Adds the query's data attributes; a key or qualifier AI may only repeat the path's value. */
function addQuery(attrs: Record<string, string>, query: string, primary: string, uri: string): void {
  const identity = [primary, ...QUALIFIERS[primary]!];
  for (const part of query.split(/[&;]/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const ai = decode(eq < 0 ? part : part.slice(0, eq), uri);
    if (!/^\d{2,4}$/.test(ai)) continue; // linkType, context... and other non-GS1 parameters
    let value = eq < 0 ? '' : decode(part.slice(eq + 1), uri);
    if (ai === '01') value = padGtin(value);
    const had = attrs[ai];
    if (had === undefined && identity.includes(ai)) {
      throw new LgError('LG_BAD_ID', `Digital Link '${uri}': AI (${ai}) is a key qualifier of /${primary}/ and belongs in the path, not the query string`, { field: ai, value });
    }
    if (had !== undefined && had !== value) {
      throw new LgError('LG_BAD_ID', `Digital Link '${uri}': query ${ai}=${value} contradicts ${identity.includes(ai) ? 'the path' : 'an earlier query'} (${had})`, { field: ai, value });
    }
    // A query attribute ends at the next & or ;: an AI the table lacks is kept, with a warning.
    validateAiValue(ai, value, undefined, 'keep');
    attrs[ai] = value;
  }
}

/**
 * True when the path ends like a compressed Digital Link (GS1 Digital Link URI Syntax, compression:
 * key and attributes packed into one base64url segment). lotgraph does not decompress, so this goes
 * by shape: 16 or more base64url characters, a quarter or more of them capitals and a quarter small
 * letters, as random base64 has and words in camel or title case (`Product-Catalogue`) do not.
 */
function looksCompressed(path: string): boolean {
  const seg = /\/([A-Za-z0-9_-]{16,})$/.exec(path)?.[1];
  if (!seg) return false;
  const share = (re: RegExp): number => (seg.match(re)?.length ?? 0) / seg.length;
  return share(/[A-Z]/g) >= 0.25 && share(/[a-z]/g) >= 0.25;
}

/** The opaque result of a URI without a key path, warned about when it looks compressed. */
function opaqueUri(uri: string, original: string, path: string): Gs1Identifier {
  const r = opaque(original, uri);
  if (looksCompressed(path)) {
    r.warnings = [{ code: 'GS1_DL_COMPRESSED', value: uri, message: `'${uri}' looks like a compressed GS1 Digital Link: not decompressed; it will not match the item's other forms` }];
  }
  return r;
}

/**
 * Parses a Digital Link URI (`original` is kept as given, e.g. with a scanner's `]Q1`). Returns an
 * opaque id when the path does not end in a GS1 key (with a GS1_DL_COMPRESSED warning when it looks compressed). Throws LG_BAD_ID on a bad check digit,
 * qualifier order, value, or a query that contradicts the path.
 */
export function parseDigitalLink(uri: string, original = uri): Gs1Identifier {
  const { path, query } = splitUri(uri);
  const k = keyPath(path, uri);
  if (!k) return opaqueUri(uri, original, path);
  const { primary, pairs } = k;
  const attrs: Record<string, string> = {};
  const value = primary === '01' ? padGtin(k.value) : k.value;
  validateAiValue(primary, value);
  attrs[primary] = value;
  const allowed = QUALIFIERS[primary]!;
  let last = -1;
  for (let i = 0; i < pairs.length; i += 2) {
    const ai = aiOf(pairs[i]!);
    const at = allowed.indexOf(ai);
    if (at <= last) throw new LgError('LG_BAD_ID', `Digital Link '${uri}': qualifiers must come in the order ${allowed.join(' → ')}`, { field: ai });
    last = at;
    const v = decode(pairs[i + 1]!, uri);
    validateAiValue(ai, v);
    attrs[ai] = v;
  }
  addQuery(attrs, query, primary, uri);
  return fromAttrs(attrs, 'digital-link', original, primary);
}
