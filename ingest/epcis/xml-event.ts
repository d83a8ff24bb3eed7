/**
 * One EPCIS 1.2/2.0 XML event element (fast-xml-parser `preserveOrder` output) to the EPCIS 2.0
 * JSON shape that mapEvent reads. EPCIS 1.2 puts newer fields inside `<extension>` and
 * `<baseExtension>`: they are lifted to the event's top level.
 *
 * Names are read with their namespaces: standard EPCIS elements are unqualified (or in an EPCIS
 * namespace) and keep their plain name; extension elements keep their prefix as written
 * (`ex:bizStep` stays apart from `bizStep`), as JSON-LD writes them, and the event gets an
 * `@context` naming each prefix's namespace (event-hash.ts resolves names through it). A
 * default-namespace extension is named `namespace#local`. Repeated elements become lists.
 */
import type { Ev } from './event-fields.ts';

/** A preserveOrder node: `{ tag: children[], ':@'?: attributes }` or `{ '#text': value }`. */
export type XNode = Record<string, unknown>;
/** Namespace prefixes in scope: prefix -> URI (`''` = the default namespace). */
export type Scope = ReadonlyMap<string, string>;

/** Where names are resolved, and the prefixes an event's extensions use (for its `@context`). */
interface Cx {
  scope: Scope;
  used: Map<string, string>;
}

/** The tag of a node as written (`ObjectEvent`, `ex:note`, `#text`). */
export const tagOf = (n: XNode): string => Object.keys(n).find((k) => k !== ':@') ?? '';
export const kids = (n: XNode): XNode[] => (Array.isArray(n[tagOf(n)]) ? (n[tagOf(n)] as XNode[]) : []);
const attrs = (n: XNode): Record<string, string> => (n[':@'] as Record<string, string> | undefined) ?? {};
const isXmlns = (k: string): boolean => k === 'xmlns' || k.startsWith('xmlns:');

const EPCIS_NS = /^urn:epcglobal:epcis(?:-query|-masterdata)?:xsd:\d$/;
/** A decimal or double as XML Schema writes it (no hex, no blanks, no `Infinity`). */
const XSD_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SENSOR_NUMBERS = new Set(['value', 'minValue', 'maxValue', 'meanValue', 'sDev', 'percRank', 'percValue']);

/** The scope inside element `n`: `outer` plus its xmlns declarations. */
export function scopeOf(n: XNode, outer: Scope): Scope {
  let s: Map<string, string> | undefined;
  for (const [k, v] of Object.entries(attrs(n))) if (isXmlns(k)) (s ??= new Map(outer)).set(k === 'xmlns' ? '' : k.slice(6), String(v));
  return s ?? outer;
}

/** The local name of a standard EPCIS element (no namespace, or an EPCIS one), else undefined (an extension). */
export function standardName(tag: string, scope: Scope): string | undefined {
  const i = tag.indexOf(':');
  const uri = scope.get(i > 0 ? tag.slice(0, i) : '');
  if (i > 0) return uri !== undefined && EPCIS_NS.test(uri) ? tag.slice(i + 1) : undefined;
  return uri === undefined || uri === '' || EPCIS_NS.test(uri) ? tag : undefined;
}

/** The key of an element or attribute: its standard name, else its extension name (noting its prefix). */
function keyOf(tag: string, cx: Cx): string {
  const std = standardName(tag, cx.scope);
  if (std !== undefined) return std;
  const i = tag.indexOf(':');
  if (i < 0) {
    const uri = cx.scope.get('')!;
    return `${uri}${/[/#]$/.test(uri) ? '' : '#'}${tag}`;
  }
  const uri = cx.scope.get(tag.slice(0, i));
  if (uri !== undefined) cx.used.set(tag.slice(0, i), uri);
  return tag;
}

/** Sets `o[k]`, or appends to it when `k` is already there (repeated elements); own properties only. */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  const value = Object.hasOwn(o, k) ? (Array.isArray(o[k]) ? [...(o[k] as unknown[]), v] : [o[k], v]) : v;
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

/** The text content of an element (its direct text children joined, trimmed). */
export function textOf(n: XNode): string {
  return kids(n).filter((k) => '#text' in k).map((k) => String(k['#text'])).join('').trim();
}

const inner = (c: XNode, cx: Cx): Cx => ({ scope: scopeOf(c, cx.scope), used: cx.used });
/** Child elements with their keys and scopes (text left out). */
const elements = (n: XNode, cx: Cx): { c: XNode; k: string; cx: Cx }[] =>
  kids(n).filter((c) => !('#text' in c)).map((c) => { const ccx = inner(c, cx); return { c, k: keyOf(tagOf(c), ccx), cx: ccx }; });

/** Any element as plain JSON: text, or an object of attributes and children (repeated names become lists). */
function generic(n: XNode, cx: Cx, typed?: (k: string, v: string) => unknown): unknown {
  const cs = elements(n, cx);
  const as = Object.entries(attrs(n)).filter(([k]) => !isXmlns(k));
  if (cs.length === 0 && as.length === 0) return textOf(n);
  const o: Record<string, unknown> = {};
  for (const [k, v] of as) put(o, keyOf(k, cx), typed ? typed(k, String(v)) : v);
  for (const { c, k, cx: ccx } of cs) put(o, k, generic(c, ccx));
  const t = textOf(n);
  if (t !== '') put(o, '#text', t);
  return o;
}

/** A number as written in XML that a double can hold, or the text itself when it is not one (the mapper then rejects it, showing it). */
const numberOf = (t: string): number | string | null => (t === '' ? null : XSD_NUMBER.test(t) && Number.isFinite(Number(t)) ? Number(t) : t);

function quantityOf(q: XNode, cx: Cx): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const { c, k } of elements(q, cx)) {
    if (k === 'epcClass' || k === 'uom') o[k] = textOf(c);
    else if (k === 'quantity') o.quantity = numberOf(textOf(c));
  }
  return o;
}

/** sensorReport attributes typed as in JSON (numbers, booleanValue). */
const sensorTyped = (k: string, v: string): unknown => (SENSOR_NUMBERS.has(k) ? numberOf(v) : k === 'booleanValue' ? (v === 'true' ? true : v === 'false' ? false : v) : v);

/** A sensorElement: `{ sensorMetadata: {...}, sensorReport: [{...}], <extensions> }` as JSON has it. */
function sensorElementOf(e: XNode, cx: Cx): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const { c, k, cx: ccx } of elements(e, cx)) {
    if (k === 'sensorReport') o.sensorReport = [...((o.sensorReport as unknown[] | undefined) ?? []), generic(c, ccx, sensorTyped)];
    else put(o, k, generic(c, ccx));
  }
  return o;
}

const LISTS = new Set(['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']);
const QTY_LISTS = new Set(['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']);
const TYPED: Record<string, string> = { bizTransactionList: 'bizTransaction', sourceList: 'source', destinationList: 'destination' };
const LOCATIONS = new Set(['readPoint', 'bizLocation']);

/** The children of `node` named `item`, mapped. */
const itemsOf = <T>(node: XNode, cx: Cx, item: string, f: (c: XNode, cx: Cx) => T): T[] => elements(node, cx).filter((x) => x.k === item).map((x) => f(x.c, x.cx));

function errorDeclarationOf(n: XNode, cx: Cx): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  for (const { c, k, cx: ccx } of elements(n, cx)) {
    if (k === 'correctiveEventIDs') d.correctiveEventIDs = itemsOf(c, ccx, 'correctiveEventID', textOf);
    else if (k !== 'extension') put(d, k, generic(c, ccx));
  }
  return d;
}

function fill(ev: Ev, n: XNode, cx: Cx): void {
  for (const { c, k, cx: ccx } of elements(n, cx)) {
    if (k === 'extension' || k === 'baseExtension') fill(ev, c, ccx);
    else if (LISTS.has(k)) ev[k] = itemsOf(c, ccx, 'epc', textOf);
    else if (QTY_LISTS.has(k)) ev[k] = itemsOf(c, ccx, 'quantityElement', quantityOf);
    else if (TYPED[k]) ev[k] = itemsOf(c, ccx, TYPED[k], (x) => ({ type: attrs(x).type, [TYPED[k]!]: textOf(x) }));
    else if (LOCATIONS.has(k)) {
      // { id, ...extension elements }, as JSON-LD writes a location (nothing of it is dropped from the raw)
      const loc: Record<string, unknown> = {};
      const kids = elements(c, ccx);
      if (!kids.some((x) => x.k === 'id')) loc.id = textOf(c);
      for (const x of kids) {
        if (x.k === 'id') loc.id = textOf(x.c);
        else if (x.k === 'extension') for (const y of elements(x.c, x.cx)) put(loc, y.k, generic(y.c, y.cx));
        else put(loc, x.k, generic(x.c, x.cx));
      }
      ev[k] = loc;
    } else if (k === 'persistentDisposition') {
      const d: Record<string, string[]> = {};
      for (const part of ['set', 'unset']) {
        const xs = itemsOf(c, ccx, part, textOf);
        if (xs.length > 0) d[part] = xs;
      }
      ev[k] = d;
    } else if (k === 'sensorElementList') ev[k] = itemsOf(c, ccx, 'sensorElement', sensorElementOf);
    else if (k === 'errorDeclaration') ev.errorDeclaration = errorDeclarationOf(c, ccx);
    else if (k === 'ilmd') {
      const o: Record<string, unknown> = {};
      for (const x of elements(c, ccx)) put(o, x.k, generic(x.c, x.cx));
      ev.ilmd = o;
    } else put(ev, k, generic(c, ccx));
  }
}

/** Converts an event element (ObjectEvent, ...) to the EPCIS 2.0 JSON shape; `scope` = the namespaces declared above it. */
export function xmlEventToJson(node: XNode, scope: Scope): Ev {
  const cx: Cx = { scope: scopeOf(node, scope), used: new Map() };
  const tag = tagOf(node);
  const ev: Ev = { type: standardName(tag, cx.scope) ?? tag };
  fill(ev, node, cx);
  if (cx.used.size > 0) ev['@context'] = Object.fromEntries(cx.used);
  return ev;
}
