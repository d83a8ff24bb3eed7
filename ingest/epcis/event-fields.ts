/**
 * Typed reads of one EPCIS event in its EPCIS 2.0 JSON shape (the XML parser converts to it), each
 * naming the field when the value is wrong. CBV values are normalised to bare words here.
 */
import { badField } from './event-error.ts';
import { cbvWord } from './cbv.ts';
import { unitOf } from './uom.ts';

export type Ev = Record<string, unknown>;

/** A quantity element (class + quantity + unit: Rec 20 codes as lotgraph unit words, uom.ts), from quantityList and its siblings. */
export interface QuantityElement {
  epcClass: string;
  quantity: number | null;
  uom: string | null;
}

/** A typed source/destination or business transaction. */
export interface Typed {
  type: string;
  value: string;
}

/** An optional string field. */
export function str(ev: Ev, field: string): string | undefined {
  const v = ev[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') badField(field, 'must be a string', v);
  return v.trim() === '' ? undefined : v.trim();
}

/** An optional CBV field (bizStep, disposition...) as its bare word. */
export function cbv(ev: Ev, field: string): string | undefined {
  const v = str(ev, field);
  return v === undefined ? undefined : cbvWord(v);
}

/** A list of EPC strings (epcList, childEPCs, inputEPCList, outputEPCList). */
export function epcList(ev: Ev, field: string): string[] {
  const v = ev[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) badField(field, 'must be a list of EPCs', v);
  return v.map((x, i) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : badField(`${field}[${i}]`, 'must be an EPC string', x)));
}

/** A decimal number as XML Schema writes one (xsd:double without INF/NaN): 10, 10.5, .5, 1E3. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A quantity list (quantityList, childQuantityList, inputQuantityList, outputQuantityList). */
export function quantityList(ev: Ev, field: string): QuantityElement[] {
  const v = ev[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) badField(field, 'must be a list of quantity elements', v);
  return v.map((q, i) => {
    const f = `${field}[${i}]`;
    if (typeof q !== 'object' || q === null) badField(f, 'must be an object with epcClass', q);
    const o = q as Ev;
    const epcClass = typeof o.epcClass === 'string' && o.epcClass.trim() !== '' ? o.epcClass.trim() : badField(`${f}.epcClass`, 'is required', o.epcClass);
    let quantity: number | null = null;
    if (o.quantity !== undefined && o.quantity !== null && o.quantity !== '') {
      // a string (XML text, a JSON exporter's "10") must be a decimal number: Number() would also take "0x10" or "1e999"
      quantity = typeof o.quantity === 'number' ? o.quantity : typeof o.quantity === 'string' && DECIMAL.test(o.quantity.trim()) ? Number(o.quantity) : NaN;
      if (!Number.isFinite(quantity) || quantity < 0) badField(`${f}.quantity`, 'must be a non-negative decimal number', o.quantity);
    }
    const uom = o.uom === undefined || o.uom === null || o.uom === '' ? null : unitOf(String(o.uom));
    return { epcClass, quantity, uom };
  });
}

/** sourceList / destinationList / bizTransactionList as (bare type, value) pairs. */
export function typedList(ev: Ev, field: string, valueKey: string): Typed[] {
  const v = ev[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) badField(field, 'must be a list', v);
  return v.map((x, i) => {
    const f = `${field}[${i}]`;
    if (typeof x !== 'object' || x === null) badField(f, `must be an object with ${valueKey}`, x);
    const o = x as Ev;
    const value = typeof o[valueKey] === 'string' && (o[valueKey] as string).trim() !== '' ? (o[valueKey] as string).trim() : badField(`${f}.${valueKey}`, 'is required', o[valueKey]);
    const type = typeof o.type === 'string' ? cbvWord(o.type) : '';
    return { type, value };
  });
}

/** readPoint / bizLocation id. */
export function locationId(ev: Ev, field: string): string | undefined {
  const v = ev[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && typeof (v as Ev).id === 'string') return (v as Ev).id as string;
  return badField(`${field}.id`, 'must be a location identifier', v);
}

/** ilmd as flat scalar properties (namespace prefixes dropped: `cbvmda:lotNumber` -> `lotNumber`). */
export function ilmd(ev: Ev): Record<string, string | number | boolean> {
  const v = ev.ilmd;
  const out: Record<string, string | number | boolean> = {};
  if (v === undefined || v === null) return out;
  if (typeof v !== 'object' || Array.isArray(v)) badField('ilmd', 'must be an object', v);
  for (const [k, x] of Object.entries(v as Ev)) {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k.replace(/^.*[:#/]/, '')] = x;
  }
  return out;
}
