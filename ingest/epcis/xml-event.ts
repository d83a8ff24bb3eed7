/**
 * One EPCIS 1.2/2.0 XML event element (fast-xml-parser `preserveOrder` output, namespace prefixes
 * removed) to the EPCIS 2.0 JSON shape that mapEvent reads. EPCIS 1.2 puts newer fields inside
 * `<extension>` and `<baseExtension>`: they are lifted to the event's top level.
 */
import type { Ev } from './event-fields.ts';

/** A preserveOrder node: `{ tag: children[], ':@'?: attributes }` or `{ '#text': value }`. */
export type XNode = Record<string, unknown>;

export const nameOf = (n: XNode): string => Object.keys(n).find((k) => k !== ':@') ?? '';
export const kids = (n: XNode): XNode[] => (Array.isArray(n[nameOf(n)]) ? (n[nameOf(n)] as XNode[]) : []);
const attrs = (n: XNode): Record<string, string> => (n[':@'] as Record<string, string> | undefined) ?? {};

/** The text content of an element (its direct text children joined, trimmed). */
export function textOf(n: XNode): string {
  return kids(n).filter((k) => '#text' in k).map((k) => String(k['#text'])).join('').trim();
}

const LISTS = new Set(['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']);
const QTY_LISTS = new Set(['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']);
const TYPED: Record<string, [string, string]> = {
  bizTransactionList: ['bizTransaction', 'bizTransaction'],
  sourceList: ['source', 'source'],
  destinationList: ['destination', 'destination'],
};
const LOCATIONS = new Set(['readPoint', 'bizLocation']);

/** Any element as plain JSON: text, or an object of children (repeated names become arrays). */
function generic(n: XNode): unknown {
  const cs = kids(n).filter((k) => !('#text' in k));
  const a = attrs(n);
  if (cs.length === 0 && Object.keys(a).length === 0) return textOf(n);
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) o[k] = v;
  for (const c of cs) {
    const k = nameOf(c);
    const v = generic(c);
    if (k in o) o[k] = Array.isArray(o[k]) ? [...(o[k] as unknown[]), v] : [o[k], v];
    else o[k] = v;
  }
  const t = textOf(n);
  if (t !== '') o['#text'] = t;
  return o;
}

function quantityOf(q: XNode): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const c of kids(q)) {
    const k = nameOf(c);
    if (k === 'epcClass' || k === 'uom') o[k] = textOf(c);
    else if (k === 'quantity') o.quantity = textOf(c) === '' ? null : Number(textOf(c));
  }
  return o;
}

function fill(ev: Ev, children: XNode[]): void {
  for (const c of children) {
    const k = nameOf(c);
    if (k === '#text' || k === '') continue;
    if (k === 'extension' || k === 'baseExtension') fill(ev, kids(c));
    else if (LISTS.has(k)) ev[k] = kids(c).filter((x) => nameOf(x) === 'epc').map(textOf);
    else if (QTY_LISTS.has(k)) ev[k] = kids(c).filter((x) => nameOf(x) === 'quantityElement').map(quantityOf);
    else if (TYPED[k]) {
      const [item, valueKey] = TYPED[k];
      ev[k] = kids(c).filter((x) => nameOf(x) === item).map((x) => ({ type: attrs(x).type, [valueKey]: textOf(x) }));
    } else if (LOCATIONS.has(k)) {
      const id = kids(c).find((x) => nameOf(x) === 'id');
      ev[k] = { id: id ? textOf(id) : textOf(c) };
    } else if (k === 'errorDeclaration') {
      const d: Record<string, unknown> = {};
      for (const x of kids(c)) {
        const xk = nameOf(x);
        if (xk === 'correctiveEventIDs') d.correctiveEventIDs = kids(x).filter((y) => nameOf(y) === 'correctiveEventID').map(textOf);
        else if (xk !== '#text' && xk !== 'extension') d[xk] = generic(x);
      }
      ev.errorDeclaration = d;
    } else if (k === 'ilmd') {
      const o: Record<string, unknown> = {};
      for (const x of kids(c)) if (nameOf(x) !== '#text') o[nameOf(x)] = generic(x);
      ev.ilmd = o;
    } else ev[k] = generic(c);
  }
}

/** Converts an event element named `type` (ObjectEvent, ...) to the EPCIS 2.0 JSON shape. */
export function xmlEventToJson(node: XNode): Ev {
  const ev: Ev = { type: nameOf(node) };
  fill(ev, kids(node));
  return ev;
}
