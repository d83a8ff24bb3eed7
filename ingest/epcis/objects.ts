/**
 * EPCs (and EPC classes) to the things lotgraph tracks:
 * - SGTIN / Digital Link with a serial -> Serial (material = GTIN-14);
 * - LGTIN / Digital Link with a lot -> Lot;
 * - SSCC -> Container;
 * - GIAI, GRAI (URN, Digital Link or element string) -> Container keyed by its element string;
 * - any other instance id (a private URN or URI) -> Container keyed by the id as given: the
 *   model's one kind for a physical carrier without a GTIN (tote, returnable asset, pallet);
 * - class-level ids without a lot (idpat:sgtin `.*`, a bare GTIN) name no trackable thing: null.
 */
import { LgError } from '../../lib/errors.ts';
import { lotKey, serialKey } from '../../graph/keys.ts';
import type { NodeKind } from '../../graph/model.ts';
import { caseSerialOf, containerKeyOf, parseIdentifier, type Gs1Identifier } from '../gs1/index.ts';
import { badField } from './event-error.ts';

/** A tracked object named by an event. */
export interface Obj {
  kind: Extract<NodeKind, 'Lot' | 'Serial' | 'Container'>;
  key: string;
  /** The identifier as the event gave it (kept as a searchable id); absent when the event only implies the object. */
  id?: string;
  gtin?: string;
  qty?: number | null;
  uom?: string | null;
  /** A serial's lot number, when its identifier names one (a Digital Link `/01/…/10/LOT/21/SER`). */
  lot?: string;
  /** What its identifier holds that GS1 does not allow (kept as given): the event's field, the id, why. */
  warnings?: { field: string; value: string; reason: string }[];
}

/** `o` with the parse warnings of `r` (read from `field`), if any. */
function warned<T extends Obj>(o: T, r: Gs1Identifier, field: string): T {
  if (r.warnings) o.warnings = r.warnings.map((w) => ({ field, value: r.original, reason: w.message }));
  return o;
}

function parsed(epc: string, field: string): Gs1Identifier {
  try {
    return parseIdentifier(epc);
  } catch (e) {
    if (e instanceof LgError) badField(field, e.message, epc);
    throw e;
  }
}

/** Resolves one EPC or EPC class; throws LG_INVALID_RECORD naming `field` when it is malformed. */
export function objectOf(epc: string, field: string): Obj | null {
  const r = parsed(epc, field);
  switch (r.kind) {
    case 'serial': return warned({ kind: 'Serial', key: serialKey(r.gtin!, r.serial!), id: epc, gtin: r.gtin!, ...(r.lot !== undefined ? { lot: r.lot } : {}) }, r, field);
    case 'lot': return warned({ kind: 'Lot', key: lotKey(r.gtin!, r.lot!), id: epc, gtin: r.gtin! }, r, field);
    case 'container':
    case 'opaque': return warned({ kind: 'Container', key: containerKeyOf(r)!, id: epc }, r, field);
    default: return null;
  }
}

/**
 * A parent of an aggregation as a Container, keyed by the rule CSV packing shares
 * (ingest/gs1/container-key.ts): an SSCC as itself; a serialised case (SGTIN) by its element
 * string `(01)gtin(21)serial`, so every spelling of it meets in one node, with `caseSerial` the
 * Serial of that SGTIN, which the Container is PACKED_INTO (the Serial, not the Container, keeps
 * the EPC as its id: a scan of the case finds what ships).
 */
export function containerOf(epc: string, field: string): Obj & { caseSerial?: Obj } {
  const r = parsed(epc, field);
  const key = containerKeyOf(r);
  if (key === null) badField(field, 'must identify one container (SSCC, SGTIN or another instance id), not a class', epc);
  const kase = caseSerialOf(r);
  if (kase) return warned({ kind: 'Container', key, caseSerial: { kind: 'Serial', key: kase.key, id: epc, gtin: kase.gtin } }, r, field);
  return warned({ kind: 'Container', key, id: epc }, r, field);
}
