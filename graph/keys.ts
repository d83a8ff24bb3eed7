/**
 * Natural keys: one string per real-world thing, the same whichever source or store it comes from.
 *
 * Form: `<prefix>:<part>[:<part>]`, each part percent-encoded (so a ':' inside a lot number cannot
 * collide). A lot is material + lot number (lot numbers repeat across materials, as GS1 LGTIN); a
 * serial is material + serial number (GS1 SGTIN). The material part is the part number, or the
 * GTIN-14 when the source knows nothing else.
 */
import { LgError } from '../lib/errors.ts';
import type { NodeKind } from './model.ts';

const PREFIX: Record<NodeKind, string> = {
  Material: 'material',
  Supplier: 'supplier',
  Customer: 'customer',
  Site: 'site',
  Lot: 'lot',
  Serial: 'serial',
  Container: 'container',
  Operation: 'op',
  Equipment: 'equipment',
  Shipment: 'shipment',
};
const KIND_OF_PREFIX = new Map<string, NodeKind>(Object.entries(PREFIX).map(([k, p]) => [p, k as NodeKind]));
const PARTS: Record<NodeKind, number> = {
  Material: 1, Supplier: 1, Customer: 1, Site: 1, Lot: 2, Serial: 2, Container: 1, Operation: 1, Equipment: 1, Shipment: 1,
};

// Values are encoded exactly as given: trimming here would merge serial `123 ` with `123` (inputs are
// trimmed at the edges: CSV cells, EPCIS fields, API ids; what remains inside is data).
const enc = (s: string): string => encodeURIComponent(s);

function part(kind: NodeKind, name: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new LgError('LG_BAD_ID', `${kind} ${name} must be a non-empty string`, { field: name });
  }
  return enc(value);
}

/** Key of a node with a single identifier (material, supplier, customer, site, container, operation, equipment, shipment). */
export function simpleKey(kind: Exclude<NodeKind, 'Lot' | 'Serial'>, id: string): string {
  return `${PREFIX[kind]}:${part(kind, 'id', id)}`;
}

/** Key of a lot: its material plus its lot number. */
export function lotKey(material: string, lotNumber: string): string {
  return `lot:${part('Lot', 'material', material)}:${part('Lot', 'lotNumber', lotNumber)}`;
}

/** Key of a serialised unit: its material (or GTIN) plus its serial number. */
export function serialKey(material: string, serialNumber: string): string {
  return `serial:${part('Serial', 'material', material)}:${part('Serial', 'serialNumber', serialNumber)}`;
}

export const materialKey = (id: string): string => simpleKey('Material', id);
export const supplierKey = (id: string): string => simpleKey('Supplier', id);
export const customerKey = (id: string): string => simpleKey('Customer', id);
export const siteKey = (id: string): string => simpleKey('Site', id);
export const containerKey = (sscc: string): string => simpleKey('Container', sscc);
export const operationKey = (id: string): string => simpleKey('Operation', id);
export const equipmentKey = (id: string): string => simpleKey('Equipment', id);
export const shipmentKey = (id: string): string => simpleKey('Shipment', id);

/** A parsed key: its kind and its decoded parts. */
export interface ParsedKey {
  kind: NodeKind;
  parts: string[];
}

/** True when `s` starts with a known key prefix (so it must parse as a key, not be taken for an alias). */
export function looksLikeKey(s: string): boolean {
  const i = s.indexOf(':');
  return i > 0 && KIND_OF_PREFIX.has(s.slice(0, i));
}

/** Parses a key, or throws LG_BAD_ID naming what is wrong with it. */
export function parseKey(key: string): ParsedKey {
  const [prefix, ...raw] = key.split(':');
  const kind = KIND_OF_PREFIX.get(prefix ?? '');
  if (!kind) throw new LgError('LG_BAD_ID', `'${key}' is not a lotgraph key: unknown prefix '${prefix}'`);
  if (raw.length !== PARTS[kind] || raw.some((p) => p === '')) {
    throw new LgError('LG_BAD_ID', `'${key}' is not a valid ${kind} key: expected ${PARTS[kind]} non-empty part(s) after '${prefix}:'`);
  }
  let parts: string[];
  try {
    parts = raw.map((p) => decodeURIComponent(p));
  } catch {
    throw new LgError('LG_BAD_ID', `'${key}' has a malformed percent-encoding`);
  }
  return { kind, parts };
}

/** The kind a key names (throws LG_BAD_ID on a malformed key). */
export const kindOfKey = (key: string): NodeKind => parseKey(key).kind;

/** The material key of a lot or serial key, or null for other kinds. */
export function materialOfKey(key: string): string | null {
  const p = parseKey(key);
  return p.kind === 'Lot' || p.kind === 'Serial' ? materialKey(p.parts[0]!) : null;
}

/** A short human label: the last part of the key (lot number, serial number, id). */
export function labelOfKey(key: string): string {
  const p = parseKey(key);
  return p.parts[p.parts.length - 1]!;
}
