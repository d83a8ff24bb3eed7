/**
 * The one rule for what container node an identifier names, shared by CSV packing and EPCIS
 * aggregation so that both meet in one node: an SSCC is `container:<SSCC-18>`; a GIAI/GRAI its
 * element string `container:(8004)…`; a serialised case (SGTIN) used as a container
 * `container:(01)<gtin>(21)<serial>` (and a lot `(01)<gtin>(10)<lot>`); an opaque id as given.
 * An SGTIN parent is a Container node apart from the Serial node of the same SGTIN, joined by
 * `container PACKED_INTO serial` (caseSerialOf): what is packed into the case reaches the Serial
 * the case ships, is received and is recalled as. (The Container stays so a lot quantity can be
 * packed into a case too: Lot -> Serial is HAS_UNIT only, graph/model.ts EDGE_EXCLUDED_PAIRS.)
 */
import { containerKey, serialKey } from '../../graph/keys.ts';
import type { Gs1Identifier } from './identifier.ts';
import { parseIdentifier } from './parse-identifier.ts';

/** The id part of the container key (`containerKey(id)`), or null for a class, location or party. */
export function containerIdOf(r: Gs1Identifier): string | null {
  switch (r.kind) {
    case 'container': return r.sscc ?? r.asset!;
    case 'serial': return `(01)${r.gtin}(21)${r.serial}`;
    case 'lot': return `(01)${r.gtin}(10)${r.lot}`;
    case 'opaque': return r.opaqueId ?? r.original;
    default: return null;
  }
}

/** The container node key of a parsed identifier, or null when it names no container. */
export function containerKeyOf(r: Gs1Identifier): string | null {
  const id = containerIdOf(r);
  return id === null ? null : containerKey(id);
}

/** For a serialised case (an SGTIN used as a container), the Serial key its Container is PACKED_INTO; else null. */
export function caseSerialOf(r: Gs1Identifier): { key: string; gtin: string } | null {
  return r.kind === 'serial' && r.gtin !== undefined && r.serial !== undefined ? { key: serialKey(r.gtin, r.serial), gtin: r.gtin } : null;
}

/**
 * The id part of an Equipment key, shared by the CSV equipment and operations templates and EPCIS
 * AssociationEvents: a GIAI or GRAI in any GS1 form (EPC URN, Digital Link, element string) is its
 * element string `(8004)…`, so a machine named by its URN in EPCIS and by `(8004)…` in the MES
 * export is one node; any other id (`PRESS-001`) is kept as given.
 */
export function equipmentIdOf(raw: string): string {
  if (!raw.includes('8004') && !raw.includes('8003') && !/giai|grai/i.test(raw)) return raw;
  try {
    const asset = parseIdentifier(raw).asset;
    return asset !== undefined && /^\(800[34]\)/.test(asset) ? asset : raw;
  } catch {
    return raw;
  }
}
