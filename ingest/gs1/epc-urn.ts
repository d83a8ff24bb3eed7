/**
 * EPC pure-identity URNs (GS1 Tag Data Standard): sgtin, sscc, sgln, pgln, giai, grai, gsin, ginc,
 * gdti, sgcn, gsrn, gsrnp, cpi, itip, class-level lgtin and idpat:sgtin, and the tag URIs of
 * sgtin-96/198, sscc-96, sgln-96/195, grai-96/170, giai-96/202, which are read as their pure
 * identity. Other EPC schemes (upui, usdod...), other tag encodings and private URNs are kept as opaque ids,
 * never rejected. Serial, lot and asset parts are percent-decoded.
 */
import { LgError, isLgError } from '../../lib/errors.ts';
import { withCheckDigit } from './check-digit.ts';
import { fromAttrs, opaque as opaqueId, validateAiValue, type Gs1Identifier } from './identifier.ts';

const PREFIX = /^urn:epc:(id|class|idpat):([a-z0-9]+):(.*)$/i;
/**
 * Tag URIs (TDS §12): the scheme with its bit length, optional control information in brackets,
 * the filter value, then the pure identity's fields. Only the encodings of pure identities
 * lotgraph reads; others (gdti-96, sgtin-97...) stay opaque.
 */
const TAG = /^urn:epc:tag:([a-z]+)-(\d+):(?:\[[^\]]*\])?(.*)$/i;
const TAG_BITS: Record<string, string[]> = { sgtin: ['96', '198'], sscc: ['96'], sgln: ['96', '195'], grai: ['96', '170'], giai: ['96', '202'] };

function bad(urn: string, why: string): never {
  throw new LgError('LG_BAD_ID', `EPC URN '${urn}' ${why}`, { value: urn });
}

function decodePart(urn: string, part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return bad(urn, `has a malformed percent-encoding in '${part}'`);
  }
}

/** GTIN-14 from company prefix + item reference (whose first digit is the indicator). */
function gtinOf(urn: string, cp: string, itemRef: string): string {
  if (!/^\d{6,12}$/.test(cp) || !/^\d+$/.test(itemRef) || cp.length + itemRef.length !== 13) {
    bad(urn, `needs CompanyPrefix.ItemReference of 13 digits together (got '${cp}.${itemRef}')`);
  }
  return withCheckDigit(itemRef[0]! + cp + itemRef.slice(1));
}

/** GLN from company prefix + location/party reference (12 digits together). */
function glnOf(urn: string, cp: string, ref: string): string {
  if (!/^\d{6,12}$/.test(cp) || !/^\d*$/.test(ref) || cp.length + ref.length !== 12) {
    bad(urn, `needs CompanyPrefix.Reference of 12 digits together (got '${cp}.${ref}')`);
  }
  return withCheckDigit(cp + ref);
}

/** Company prefix + reference, `n` digits together (a check digit is then appended). */
function digitsOf(urn: string, cp: string, ref: string, n: number, what: string): string {
  if (!/^\d{6,12}$/.test(cp) || !/^\d*$/.test(ref) || cp.length + ref.length !== n) {
    bad(urn, `needs ${what} of ${n} digits together (got '${cp}.${ref}')`);
  }
  return cp + ref;
}

/**
 * The pure identity URN a tag URI encodes (`urn:epc:tag:sgtin-96:3.0614141.112345.400` ->
 * `urn:epc:id:sgtin:0614141.112345.400`): the filter value says what kind of object carries the
 * tag, not which one, so it is dropped. Null for any other string or tag scheme.
 */
function pureOfTag(urn: string): string | null {
  const m = TAG.exec(urn);
  const scheme = m?.[1]!.toLowerCase();
  if (!m || !scheme || !TAG_BITS[scheme]?.includes(m[2]!)) return null;
  const f = /^([0-7])\.(.*)$/.exec(m[3]!);
  if (!f) bad(urn, 'needs a filter value 0–7 before the identity fields');
  return `urn:epc:id:${scheme}:${f[2]}`;
}

/** True for any `urn:epc:` string (known scheme or not). */
export const looksLikeEpcUrn = (s: string): boolean => /^urn:epc:/i.test(s);

/**
 * Schemes read since 2026-12-04 (they were opaque before): a malformed one stays opaque, as it was,
 * so that input accepted before is not rejected now.
 */
const LATER = new Set(['id:gsin', 'id:ginc', 'id:gdti', 'id:sgcn', 'id:gsrn', 'id:gsrnp', 'id:cpi', 'id:itip']);

/**
 * Parses an EPC URN; unknown schemes come back as `kind: 'opaque'`. Throws LG_BAD_ID on a malformed
 * known scheme (a malformed one of LATER is opaque).
 */
export function parseEpcUrn(urn: string, original = urn): Gs1Identifier {
  try {
    return parseKnown(urn, original);
  } catch (e) {
    const m = PREFIX.exec(urn);
    if (isLgError(e) && m && LATER.has(`${m[1]!.toLowerCase()}:${m[2]!.toLowerCase()}`)) return opaqueId(original, urn);
    throw e;
  }
}

function parseKnown(urn: string, original: string): Gs1Identifier {
  // errors name `urn` as given, a tag URI included
  const m = PREFIX.exec(pureOfTag(urn) ?? urn);
  const opaque = opaqueId(original, urn);
  if (!m) return opaque;
  const level = m[1]!.toLowerCase();
  const scheme = m[2]!.toLowerCase();
  const parts = m[3]!.split('.');
  const key = `${level}:${scheme}`;
  const attrs: Record<string, string> = {};
  const set = (ai: string, value: string): void => { validateAiValue(ai, value); attrs[ai] = value; };
  switch (key) {
    case 'id:sgtin':
    case 'class:lgtin': {
      if (parts.length < 3) bad(urn, 'needs CompanyPrefix.ItemReference.' + (scheme === 'sgtin' ? 'Serial' : 'Lot'));
      const [cp, ir, ...tail] = parts;
      set('01', gtinOf(urn, cp!, ir!));
      // A '.' inside a serial or lot is legal (TDS keeps it unescaped): join the remainder.
      const v = decodePart(urn, tail.join('.'));
      if (v === '') bad(urn, `has an empty ${scheme === 'sgtin' ? 'serial' : 'lot'}`);
      set(scheme === 'sgtin' ? '21' : '10', v);
      break;
    }
    case 'idpat:sgtin': {
      if (parts.length !== 3) bad(urn, 'needs CompanyPrefix.ItemReference.*');
      if (parts[1] === '*') return opaque;
      set('01', gtinOf(urn, parts[0]!, parts[1]!));
      if (parts[2] !== '*') set('21', decodePart(urn, parts[2]!));
      break;
    }
    case 'id:sscc': {
      const [cp, sr] = parts;
      if (parts.length !== 2 || !/^\d{6,12}$/.test(cp!) || !/^\d+$/.test(sr!) || cp!.length + sr!.length !== 17) {
        bad(urn, 'needs CompanyPrefix.SerialReference of 17 digits together');
      }
      set('00', withCheckDigit(sr![0]! + cp! + sr!.slice(1)));
      break;
    }
    case 'id:sgln': {
      if (parts.length < 3) bad(urn, 'needs CompanyPrefix.LocationReference.Extension');
      set('414', glnOf(urn, parts[0]!, parts[1]!));
      const ext = decodePart(urn, parts.slice(2).join('.'));
      if (ext === '') bad(urn, 'has an empty extension: TDS writes 0 for none');
      if (ext !== '0') set('254', ext);
      break;
    }
    case 'id:pgln': {
      if (parts.length !== 2) bad(urn, 'needs CompanyPrefix.PartyReference');
      set('417', glnOf(urn, parts[0]!, parts[1]!));
      break;
    }
    case 'id:giai':
    case 'id:ginc': {
      // AI 8004 / 401 = company prefix + individual asset / consignment reference (a '.' inside the reference is legal).
      const [cp, ...ref] = parts;
      const asset = decodePart(urn, ref.join('.'));
      if (!/^\d{6,12}$/.test(cp!) || asset === '') bad(urn, `needs CompanyPrefix.${scheme === 'giai' ? 'IndividualAssetReference' : 'ConsignmentReference'}`);
      set(scheme === 'giai' ? '8004' : '401', cp + asset);
      break;
    }
    case 'id:grai': {
      // AI 8003 = 0 + company prefix + asset type + check digit, then the serial.
      if (parts.length < 3) bad(urn, 'needs CompanyPrefix.AssetType.Serial');
      const [cp, type, ...serial] = parts;
      if (!/^\d{6,12}$/.test(cp!) || !/^\d*$/.test(type!) || cp!.length + type!.length !== 12) {
        bad(urn, `needs CompanyPrefix.AssetType of 12 digits together (got '${cp}.${type}')`);
      }
      set('8003', `0${withCheckDigit(cp! + type!)}${decodePart(urn, serial.join('.'))}`);
      break;
    }
    case 'id:gsin': {
      // AI 402 = company prefix + shipper reference (16 digits together) + check digit.
      if (parts.length !== 2) bad(urn, 'needs CompanyPrefix.ShipperReference');
      set('402', withCheckDigit(digitsOf(urn, parts[0]!, parts[1]!, 16, 'CompanyPrefix.ShipperReference')));
      break;
    }
    case 'id:gsrn':
    case 'id:gsrnp': {
      // AI 8018 (recipient) / 8017 (provider) = company prefix + service reference (17 digits) + check digit.
      if (parts.length !== 2) bad(urn, 'needs CompanyPrefix.ServiceReference');
      set(scheme === 'gsrn' ? '8018' : '8017', withCheckDigit(digitsOf(urn, parts[0]!, parts[1]!, 17, 'CompanyPrefix.ServiceReference')));
      break;
    }
    case 'id:gdti':
    case 'id:sgcn': {
      // AI 253 / 255 = company prefix + document type / coupon reference (12 digits) + check digit, then the serial.
      if (parts.length < 3) bad(urn, `needs CompanyPrefix.${scheme === 'gdti' ? 'DocumentType' : 'CouponReference'}.Serial`);
      const [cp, ref, ...serial] = parts;
      const body = digitsOf(urn, cp!, ref!, 12, `CompanyPrefix.${scheme === 'gdti' ? 'DocumentType' : 'CouponReference'}`);
      set(scheme === 'gdti' ? '253' : '255', `${withCheckDigit(body)}${decodePart(urn, serial.join('.'))}`);
      break;
    }
    case 'id:cpi': {
      // AI 8010 = company prefix + component/part reference; AI 8011 = the serial.
      if (parts.length !== 3 || !/^\d{6,12}$/.test(parts[0]!) || parts[1] === '' || parts[2] === '') bad(urn, 'needs CompanyPrefix.ComponentPartReference.Serial');
      set('8010', parts[0]! + decodePart(urn, parts[1]!));
      set('8011', parts[2]!);
      break;
    }
    case 'id:itip': {
      // AI 8006 = the GTIN-14 + piece (2 digits) + total (2 digits); AI 21 = the serial.
      if (parts.length < 5) bad(urn, 'needs CompanyPrefix.ItemReference.Piece.Total.Serial');
      const [cp, ir, piece, total, ...serial] = parts;
      if (!/^\d{2}$/.test(piece!) || !/^\d{2}$/.test(total!)) bad(urn, `needs a piece and a total of 2 digits each (got '${piece}.${total}')`);
      set('8006', gtinOf(urn, cp!, ir!) + piece + total);
      const v = decodePart(urn, serial.join('.'));
      if (v === '') bad(urn, 'has an empty serial');
      set('21', v);
      break;
    }
    default:
      return opaque;
  }
  return fromAttrs(attrs, 'epc-urn', original);
}
