/**
 * The idempotency key of an event without an eventID, after the CBV 2.0 "EPCIS Event Hash ID"
 * (CBV §8.9; reference implementation RalphTro/epcis-event-hash-generator): a SHA-256 over a
 * canonical form that is the same for the JSON-LD and the XML form of one event. Like the standard:
 * recordTime, eventID and errorDeclaration (added when the event is later declared erroneous) are
 * left out; times are UTC milliseconds; CBV and GS1 vocabulary values are bare words; EPCs and
 * other GS1 keys are one form whatever their syntax (EPC URN, Digital Link); lists are sorted;
 * empty values count as absent; extension names are `{namespace}local` (prefixes resolved through
 * the event's `@context`, which the XML parser fills from xmlns and the JSON-LD parser from the
 * document). Not byte-identical to the CBV pre-hash string (that needs the full CBV field order
 * and Digital Link forms), hence `ver=lotgraph2` (lotgraph1 hashed the event nearly as written).
 */
import { createHash } from 'node:crypto';
import { isLgError } from '../../lib/errors.ts';
import { parseInstant } from '../../lib/time.ts';
import { parseIdentifier } from '../gs1/index.ts';
import { cbvWord } from './cbv.ts';
import type { Ev } from './event-fields.ts';

const LEFT_OUT = new Set(['recordTime', 'eventID', 'errorDeclaration', '@context', '@type', 'isA', 'type', 'eventTime']);
/** Prefixes the standard EPCIS 2.0 context defines (XML spells cbvmda without the `#`). */
const WELL_KNOWN = new Map([['cbvmda', 'urn:epcglobal:cbv:mda'], ['epcis', 'https://ref.gs1.org/epcis'], ['cbv', 'https://ref.gs1.org/cbv'], ['gs1', 'https://gs1.org/voc']]);
/** Namespaces whose terms are the standard (unprefixed) EPCIS fields. */
const EPCIS_NS = /^(?:https:\/\/ref\.gs1\.org\/epcis|urn:epcglobal:epcis(?:-query|-masterdata)?:xsd:\d)$/;
/** GS1 AIs that identify (primary keys and their key qualifiers); data attributes of a Digital Link query are left out. */
const KEY_AIS = new Set(['00', '01', '02', '10', '21', '22', '235', '253', '254', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8011', '8017', '8018']);
const GS1_VOC = /^(?:https?:\/\/(?:ref\.|www\.)?gs1\.org\/voc\/|gs1:)([A-Za-z0-9_-]+)$/;
const TIME_KEY = /^(?:time|startTime|endTime|.*Time)$/;

/** Canonical JSON: keys sorted at every level, no whitespace (callers bound the depth first). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** prefix -> namespace IRI of a JSON-LD `@context` (a string, object or array; remote contexts are not fetched). */
export function namespacesOf(ctx: unknown, into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(ctx)) for (const c of ctx) namespacesOf(c, into);
  else if (typeof ctx === 'object' && ctx !== null) {
    for (const [k, v] of Object.entries(ctx)) {
      const iri = typeof v === 'string' ? v : typeof v === 'object' && v !== null && typeof (v as Ev)['@id'] === 'string' ? (v as Ev)['@id'] as string : undefined;
      if (iri !== undefined && !k.startsWith('@') && !k.includes(':')) into.set(k, iri);
    }
  }
  return into;
}

const bareNs = (iri: string): string => iri.replace(/[/#]+$/, '');

/** `prefix:local` or an absolute IRI as `{namespace}local`; EPCIS terms as their plain name; others unchanged. */
function keyOf(k: string, ns: Map<string, string>): string {
  const i = k.indexOf(':');
  if (i <= 0) return k;
  const iri = ns.get(k.slice(0, i)) ?? WELL_KNOWN.get(k.slice(0, i));
  if (iri !== undefined && !k.startsWith('//', i + 1)) {
    const n = bareNs(iri);
    return EPCIS_NS.test(n) ? k.slice(i + 1) : `{${n}}${k.slice(i + 1)}`;
  }
  const m = /^((?:https?:\/\/|urn:).*)[/#]([^/#]+)$/i.exec(k);
  return m ? (EPCIS_NS.test(bareNs(m[1]!)) ? m[2]! : `{${bareNs(m[1]!)}}${m[2]}`) : k;
}

/** A GS1 identifier (EPC URN or Digital Link) as its key AIs `(01)…(21)…`, or undefined when it is not one. */
function gs1Key(s: string): string | undefined {
  if (!/^(?:urn:epc:|https?:\/\/)/i.test(s)) return undefined;
  // Tag URIs were opaque until 2026-12-04 and so hashed as written: they still are, or an event
  // without an eventID logged before would not be known again when sent once more.
  if (/^urn:epc:tag:/i.test(s)) return undefined;
  try {
    const r = parseIdentifier(s);
    const ais = Object.keys(r.attrs).filter((ai) => KEY_AIS.has(ai)).sort();
    return r.kind === 'opaque' || ais.length === 0 ? undefined : `gs1:${ais.map((ai) => `(${ai})${r.attrs[ai]}`).join('')}`;
  } catch (e) {
    if (isLgError(e)) return undefined;
    throw e;
  }
}

/** One scalar in its canonical spelling (always a string), or undefined when empty. */
function scalar(v: string | number | boolean, key: string): string | undefined {
  if (typeof v !== 'string') return String(v);
  const s = v.trim();
  if (s === '') return undefined;
  if (TIME_KEY.test(key)) {
    try {
      return new Date(parseInstant(s)).toISOString();
    } catch {
      return s;
    }
  }
  const w = cbvWord(s);
  if (w !== s) return w;
  const voc = GS1_VOC.exec(s);
  if (voc) return voc[1];
  return gs1Key(s) ?? s;
}

/** The canonical form of any value: scalars as strings, keys resolved, lists sorted, empties gone. */
function canon(v: unknown, key: string, ns: Map<string, string>): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return scalar(v, key);
  if (Array.isArray(v)) {
    const xs = v.map((x) => canon(x, key, ns)).filter((x) => x !== undefined);
    if (xs.length <= 1) return xs[0];
    return xs.map((x) => [canonicalJson(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((p) => p[1]);
  }
  if (typeof v !== 'object') return undefined;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) {
    const ck = keyOf(k, ns);
    const cx = canon(x, ck.replace(/^\{.*\}/, ''), ns);
    if (cx === undefined) continue;
    // two spellings of one name (`epcis:bizStep` and `bizStep`) are kept both, as a list
    out[ck] = Object.hasOwn(out, ck) ? canon([out[ck], cx], ck, ns) : cx;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The canonical form that is hashed (exported for tests). */
export function canonicalEvent(ev: Ev, eventTimeMs: number): Record<string, unknown> {
  const ns = namespacesOf(ev['@context']);
  const body = Object.create(null) as Ev;
  for (const [k, v] of Object.entries(ev)) if (!LEFT_OUT.has(k)) body[k] = v;
  const t = ev.type ?? ev['@type'] ?? ev.isA;
  return {
    ...(canon(body, '', ns) as Record<string, unknown> | undefined),
    type: typeof t === 'string' ? t.replace(/^.*[:#/]/, '') : t,
    eventTime: new Date(eventTimeMs).toISOString(),
  };
}

/** `ni:///sha-256;<hex>?ver=lotgraph2` of the event's canonical form (`eventTimeMs` = parsed eventTime). */
export function eventHash(ev: Ev, eventTimeMs: number): string {
  return `ni:///sha-256;${createHash('sha256').update(canonicalJson(canonicalEvent(ev, eventTimeMs))).digest('hex')}?ver=lotgraph2`;
}

const LEFT_OUT_V1 = new Set(['recordTime', 'eventID', 'errorDeclaration', '@context']);

/**
 * The `ver=lotgraph1` key an event without an eventID was logged under before 2026-12-03 (the event
 * nearly as written: keys sorted, eventTime as UTC ms, bizStep/disposition as bare words). Kept only
 * so that such an event sent again is still known (ingest/pipeline/log.ts legacyDuplicates).
 */
export function eventHashV1(ev: Ev, eventTimeMs: number): string {
  const c: Ev = {};
  for (const [k, v] of Object.entries(ev)) if (!LEFT_OUT_V1.has(k)) c[k] = v;
  c.eventTime = new Date(eventTimeMs).toISOString();
  for (const k of ['bizStep', 'disposition']) if (typeof c[k] === 'string') c[k] = cbvWord(c[k] as string);
  return `ni:///sha-256;${createHash('sha256').update(canonicalJson(c)).digest('hex')}?ver=lotgraph1`;
}
