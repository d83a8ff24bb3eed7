/**
 * The one normalised result of every GS1 form (element string, Digital Link, EPC URN), and how it
 * maps to a lotgraph natural key. When only GS1 data is known, the material of a lot or serial is
 * its GTIN-14: `lotKey(gtin14, lot)`, `serialKey(gtin14, serial)`, `materialKey(gtin14)`.
 */
import { LgError } from '../../lib/errors.ts';
import { containerKey, customerKey, lotKey, materialKey, serialKey, siteKey, supplierKey } from '../../graph/keys.ts';
import { aiSpec, notAnAi } from './ai-table.ts';
import { assertCheckDigit } from './check-digit.ts';
import { gs1Date } from './gs1-date.ts';

export type Gs1Kind = 'serial' | 'lot' | 'container' | 'location' | 'party' | 'product' | 'opaque';

/** A value kept although the standard does not allow it (leniency), so that a caller can report it. */
export interface Gs1Warning {
  /**
   * 'GS1_CSET82': an alphanumeric AI value with a character outside GS1 character set 82.
   * 'GS1_UNKNOWN_AI': an AI missing from ai-table.ts in a delimited form, kept without validation.
   * 'GS1_DL_COMPRESSED': an http(s) URI that looks like a compressed Digital Link, kept opaque.
   */
  code: 'GS1_CSET82' | 'GS1_UNKNOWN_AI' | 'GS1_DL_COMPRESSED';
  /** The AI (absent when the warning is about the identifier as a whole). */
  field?: string;
  value: string;
  message: string;
}

/** A parsed identifier. `attrs` holds every AI value verbatim (AI -> value); `original` the input. */
export interface Gs1Identifier {
  kind: Gs1Kind;
  gtin?: string;
  lot?: string;
  serial?: string;
  sscc?: string;
  gln?: string;
  /**
   * A `container` that is not an SSCC, as its element string: GIAI `(8004)…`, GRAI `(8003)…`, and
   * GSIN `(402)…`, GINC `(401)…`, GDTI `(253)…`, GCN `(255)…`, GSRN `(8017)…`/`(8018)…`,
   * CPI `(8010)…[(8011)…]`, ITIP `(8006)…[(21)…]` (OTHER_KEYS).
   */
  asset?: string;
  /** An opaque id as given, without a scanner's symbology identifier and surrounding blanks. */
  opaqueId?: string;
  attrs: Record<string, string>;
  /** YYMMDD AIs as ISO dates (day 00 resolved to the month's last day). */
  dates?: Record<string, string>;
  /** Measures 310n–369n with the implied decimals applied. */
  measures?: Record<string, number>;
  /** Which form it came from. */
  form: 'element-string' | 'digital-link' | 'epc-urn' | 'opaque';
  original: string;
  /** Values kept as given that the standard does not allow (absent when there are none). */
  warnings?: Gs1Warning[];
}

/** GS1 character set 82 (General Specifications figure 7.11-1): `!"%&'()*+,-./0-9:;<=>?A-Z_a-z`. */
const CSET82 = /^[!"%-?A-Z_a-z]*$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** An opaque identifier: not a GS1 form we parse, kept as given. */
export function opaque(original: string, id: string = original.trim()): Gs1Identifier {
  return { kind: 'opaque', attrs: {}, form: 'opaque', original, opaqueId: id };
}

/** The first control character in `value` as an LG_BAD_ID error, or null. */
function controlError(label: string, ai: string, value: string, at: object): LgError | null {
  const ctl = CONTROL.exec(value);
  if (!ctl) return null;
  const code = ctl[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return new LgError('LG_BAD_ID', `${label} holds the control character U+${code} at offset ${ctl.index}: not allowed in GS1 data`, { field: ai, value, ...at });
}

/**
 * Validates one AI value against the table: length, digits, check digit, date. Throws LG_BAD_ID.
 * With `unknown: 'keep'` (a delimited form, where the value's end is known without the table) an
 * AI the table lacks is accepted when it could be a GS1 AI (fromAttrs warns about it); one that
 * cannot (`(989)`: AIs starting 98 have two digits) is still an error.
 */
export function validateAiValue(ai: string, value: string, position?: number, unknown: 'error' | 'keep' = 'error'): void {
  const spec = aiSpec(ai);
  const at = position === undefined ? {} : { position };
  if (!spec) {
    const where = position === undefined ? '' : ` at position ${position}`;
    const why = notAnAi(ai);
    if (unknown === 'error' || why !== null) throw new LgError('LG_BAD_ID', `unknown AI (${ai})${where}${why === null ? '' : `: ${why}`}`, { field: ai, ...at });
    if (value === '') throw new LgError('LG_BAD_ID', `AI (${ai}) is empty`, { field: ai, ...at });
    const ctl = controlError(`AI (${ai})`, ai, value, at);
    if (ctl) throw ctl;
    return;
  }
  if (value === '') throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} is empty`, { field: ai, ...at });
  if (spec.fixed ? value.length !== spec.length : value.length > spec.length) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must be ${spec.fixed ? '' : 'at most '}${spec.length} characters`, { field: ai, value, ...at });
  }
  if (!spec.fixed && value.length < (spec.minLength ?? 1)) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must be at least ${spec.minLength} characters`, { field: ai, value, ...at });
  }
  if (spec.format === 'N' && !/^\d+$/.test(value)) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must be digits only`, { field: ai, value, ...at });
  }
  const ctl = controlError(`AI (${ai}) ${spec.name}`, ai, value, at);
  if (ctl) throw ctl;
  if (spec.startsWith !== undefined && !value.startsWith(spec.startsWith)) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must start with ${spec.startsWith}`, { field: ai, value, ...at });
  }
  if (spec.checkDigit === 'whole') assertCheckDigit(spec.name, value, position);
  if (typeof spec.checkDigit === 'number') {
    const n = spec.checkDigit;
    if (!new RegExp(`^\\d{${n}}`).test(value)) throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must start with ${n} digits`, { field: ai, value, ...at });
    assertCheckDigit(spec.name, value.slice(0, n), position);
  }
  if (spec.date) gs1Date(value, ai);
}

/** Primary keys in the order that decides the kind when an element string holds several. */
const PRIMARY = ['00', '01', '02', '8004', '8003', '414', '417', '402', '401', '253', '255', '8017', '8018', '8010', '8006'];

/**
 * GS1 keys other than GTIN, SSCC, GLN, GIAI and GRAI, keyed like GIAI/GRAI by their element string
 * (`asset`) so that the EPC URN, the Digital Link and the element string of one meet: the key AI,
 * then the qualifier that is part of the identity (CPI serial 8011, ITIP serial 21), when given.
 */
const OTHER_KEYS: Record<string, string[]> = { '402': [], '401': [], '253': [], '255': [], '8017': [], '8018': [], '8010': ['8011'], '8006': ['21'] };

/**
 * Builds the normalised result from validated AI values. The kind follows `primary` when the form
 * names it (a Digital Link's path), else the first primary key present in the order above.
 */
export function fromAttrs(attrs: Record<string, string>, form: Gs1Identifier['form'], original: string, primary?: string): Gs1Identifier {
  const r: Gs1Identifier = { kind: 'opaque', attrs, form, original };
  const gtin = attrs['01'] ?? attrs['02'];
  if (gtin !== undefined) r.gtin = gtin;
  if (attrs['10'] !== undefined) r.lot = attrs['10'];
  if (attrs['21'] !== undefined) r.serial = attrs['21'];
  const key = primary ?? PRIMARY.find((ai) => attrs[ai] !== undefined);
  switch (key) {
    case '00': r.sscc = attrs['00']!; r.kind = 'container'; break;
    case '01':
    case '02': r.kind = r.serial !== undefined ? 'serial' : r.lot !== undefined ? 'lot' : 'product'; break;
    case '8004':
    case '8003': r.asset = `(${key})${attrs[key]}`; r.kind = 'container'; break;
    case '414': r.gln = attrs['414']!; r.kind = 'location'; break;
    case '417': r.gln = attrs['417']!; r.kind = 'party'; break;
    default:
      if (key !== undefined && OTHER_KEYS[key]) {
        r.asset = [key, ...OTHER_KEYS[key]].filter((ai) => attrs[ai] !== undefined).map((ai) => `(${ai})${attrs[ai]}`).join('');
        r.kind = 'container';
      }
      break;
  }
  for (const [ai, value] of Object.entries(attrs)) {
    const spec = aiSpec(ai);
    if (!spec) {
      (r.warnings ??= []).push({ code: 'GS1_UNKNOWN_AI', field: ai, value, message: `AI (${ai}) is not one lotgraph knows: '${value}' kept as given, unchecked` });
      continue;
    }
    if (spec.date) (r.dates ??= {})[ai] = gs1Date(value, ai);
    if (spec.decimals !== undefined) (r.measures ??= {})[ai] = Number(value) / 10 ** spec.decimals;
    if (spec.format === 'X' && !CSET82.test(value)) {
      (r.warnings ??= []).push({ code: 'GS1_CSET82', field: ai, value, message: `AI (${ai}) ${spec.name} '${value}' has characters outside GS1 character set 82: kept as given` });
    }
  }
  return r;
}

/** The natural key this identifier names, or null (party, opaque, attributes without a primary key). A GIAI/GRAI (GSIN, GDTI... OTHER_KEYS) is a container keyed by its element string. */
export function toNodeKey(r: Gs1Identifier): string | null {
  switch (r.kind) {
    case 'serial': return serialKey(r.gtin!, r.serial!);
    case 'lot': return lotKey(r.gtin!, r.lot!);
    case 'container': return containerKey(r.sscc ?? r.asset!);
    case 'product': return materialKey(r.gtin!);
    case 'location': return siteKey(r.attrs['254'] && r.attrs['254'] !== '0' ? `${r.gln}.${r.attrs['254']}` : r.gln!);
    default: return null;
  }
}

/** Every natural key the identifier may mean, best first (a serial with a known lot also names that lot). */
export function keysOf(r: Gs1Identifier): string[] {
  const keys: string[] = [];
  const main = toNodeKey(r);
  if (main) keys.push(main);
  if (r.kind === 'serial' && r.lot !== undefined) keys.push(lotKey(r.gtin!, r.lot));
  if (r.kind === 'container' && r.gtin !== undefined && r.lot !== undefined) keys.push(lotKey(r.gtin, r.lot));
  if (r.kind === 'party') keys.push(supplierKey(r.gln!), customerKey(r.gln!));
  if (r.gtin !== undefined && r.kind !== 'product') keys.push(materialKey(r.gtin));
  return keys;
}
