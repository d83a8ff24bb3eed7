/**
 * The one normalised result of every GS1 form (element string, Digital Link, EPC URN), and how it
 * maps to a lotgraph natural key. When only GS1 data is known, the material of a lot or serial is
 * its GTIN-14: `lotKey(gtin14, lot)`, `serialKey(gtin14, serial)`, `materialKey(gtin14)`.
 */
import { LgError } from '../../lib/errors.ts';
import { containerKey, customerKey, lotKey, materialKey, serialKey, siteKey, supplierKey } from '../../graph/keys.ts';
import { aiSpec } from './ai-table.ts';
import { assertCheckDigit } from './check-digit.ts';
import { gs1Date } from './gs1-date.ts';

export type Gs1Kind = 'serial' | 'lot' | 'container' | 'location' | 'party' | 'product' | 'opaque';

/** A parsed identifier. `attrs` holds every AI value verbatim (AI -> value); `original` the input. */
export interface Gs1Identifier {
  kind: Gs1Kind;
  gtin?: string;
  lot?: string;
  serial?: string;
  sscc?: string;
  gln?: string;
  attrs: Record<string, string>;
  /** YYMMDD AIs as ISO dates (day 00 resolved to the month's last day). */
  dates?: Record<string, string>;
  /** Measures 310n–369n with the implied decimals applied. */
  measures?: Record<string, number>;
  /** Which form it came from. */
  form: 'element-string' | 'digital-link' | 'epc-urn' | 'opaque';
  original: string;
}

/** Validates one AI value against the table: length, digits, check digit, date. Throws LG_BAD_ID. */
export function validateAiValue(ai: string, value: string, position?: number): void {
  const spec = aiSpec(ai);
  const at = position === undefined ? {} : { position };
  if (!spec) throw new LgError('LG_BAD_ID', `unknown AI (${ai})${position === undefined ? '' : ` at position ${position}`}`, { field: ai, ...at });
  if (value === '') throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} is empty`, { field: ai, ...at });
  if (spec.fixed ? value.length !== spec.length : value.length > spec.length) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must be ${spec.fixed ? '' : 'at most '}${spec.length} characters`, { field: ai, value, ...at });
  }
  if (spec.format === 'N' && !/^\d+$/.test(value)) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must be digits only`, { field: ai, value, ...at });
  }
  if (spec.checkDigit === 'whole') assertCheckDigit(spec.name, value, position);
  if (spec.checkDigit === 'first13') {
    if (!/^\d{13}/.test(value)) throw new LgError('LG_BAD_ID', `AI (${ai}) ${spec.name} '${value}' must start with 13 digits`, { field: ai, value, ...at });
    assertCheckDigit(spec.name, value.slice(0, 13), position);
  }
  if (spec.date) gs1Date(value, ai);
}

/** Builds the normalised result from validated AI values (the kind follows the primary key present). */
export function fromAttrs(attrs: Record<string, string>, form: Gs1Identifier['form'], original: string): Gs1Identifier {
  const r: Gs1Identifier = { kind: 'opaque', attrs, form, original };
  const gtin = attrs['01'] ?? attrs['02'];
  if (gtin !== undefined) r.gtin = gtin;
  if (attrs['10'] !== undefined) r.lot = attrs['10'];
  if (attrs['21'] !== undefined) r.serial = attrs['21'];
  if (attrs['00'] !== undefined) { r.sscc = attrs['00']; r.kind = 'container'; }
  else if (gtin !== undefined) r.kind = r.serial !== undefined ? 'serial' : r.lot !== undefined ? 'lot' : 'product';
  else if (attrs['414'] !== undefined) { r.gln = attrs['414']; r.kind = 'location'; }
  else if (attrs['417'] !== undefined) { r.gln = attrs['417']; r.kind = 'party'; }
  for (const [ai, value] of Object.entries(attrs)) {
    const spec = aiSpec(ai);
    if (spec?.date) (r.dates ??= {})[ai] = gs1Date(value, ai);
    if (spec?.decimals !== undefined) (r.measures ??= {})[ai] = Number(value) / 10 ** spec.decimals;
  }
  return r;
}

/** The natural key this identifier names, or null (party, opaque, attributes without a primary key). */
export function toNodeKey(r: Gs1Identifier): string | null {
  switch (r.kind) {
    case 'serial': return serialKey(r.gtin!, r.serial!);
    case 'lot': return lotKey(r.gtin!, r.lot!);
    case 'container': return containerKey(r.sscc!);
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
