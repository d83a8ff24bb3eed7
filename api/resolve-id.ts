/**
 * Identifier resolution for every route and CLI command: a typed or scanned identifier (a key, an
 * alias, a GS1 element string or Digital Link) becomes the natural key of one node.
 */
import { isLgError } from '../lib/errors.ts';
import { kindOfKey, looksLikeKey, lotKey, parseKey, serialKey } from '../graph/keys.ts';
import { identifierCandidates, parseIdentifier } from '../ingest/gs1/index.ts';
import type { NodeView } from '../graph/model.ts';
import type { GraphStore } from '../graph/store.ts';

/** Natural keys a scanned or typed GS1 identifier may mean, best first ([] for other forms). */
const candidatesOf: (s: string) => string[] = identifierCandidates;

/**
 * The candidates that name the scanned thing itself. GS1 forms also yield broader keys (the
 * material of a lot, the lot of a serial) for search; resolving to one of those would make a
 * trace or recall of an unknown serial silently run on its whole lot or material.
 */
function exactCandidates(cands: string[]): string[] {
  return cands.filter((c, i) => {
    if (i === 0) return true;
    try {
      const kind = kindOfKey(c);
      return kind !== 'Material' && kind !== 'Lot';
    } catch {
      return false;
    }
  });
}

/**
 * The key of the node `raw` names: a key as is; otherwise GS1 candidates first (when it is a
 * GS1/EPC form), then the raw string as an alias. Throws the store's LG_NOT_FOUND / LG_BAD_ID / LG_AMBIGUOUS_ID.
 */
export async function resolveId(store: GraphStore, raw: string): Promise<string> {
  const s = typeof raw === 'string' ? raw.trim() : '';
  // A natural key names one node and no GS1 form starts like one: no candidates to try.
  if (looksLikeKey(s)) return (await store.lookup(s)).key;
  for (const c of exactCandidates(candidatesOf(s))) {
    if (c === s) continue;
    try {
      return (await store.lookup(c)).key;
    } catch (e) {
      if (isLgError(e) && (e.code === 'LG_NOT_FOUND' || e.code === 'LG_BAD_ID')) continue;
      throw e;
    }
  }
  const byPart = await viaPartNumber(store, s);
  if (typeof byPart === 'string') return byPart;
  try {
    return (await store.lookup(s)).key;
  } catch (e) {
    // nothing by the string itself: a GTIN that named several materials is the better answer
    if (byPart && isLgError(e) && e.code === 'LG_NOT_FOUND') throw byPart.ambiguous;
    throw e;
  }
}

/**
 * A GS1 serial or lot of a material keyed by its part number (`serial:PUMP-X1|SN0001`, the material
 * carrying GTIN 09506000134352 as an alias): the GTIN finds the material, its part number the node.
 * Null when `s` is no GS1 serial/lot form, the GTIN names no material, or that node does not exist.
 */
async function viaPartNumber(store: GraphStore, s: string): Promise<string | { ambiguous: unknown } | null> {
  let g;
  try {
    g = parseIdentifier(s);
  } catch {
    return null;
  }
  if (!g.gtin || (g.kind !== 'serial' && g.kind !== 'lot')) return null;
  // the GTIN as materials.csv may hold it: GTIN-14, or -13/-12/-8 without the leading zeros
  let material: NodeView | null = null;
  for (const gtin of new Set([g.gtin, g.gtin.replace(/^0/, ''), g.gtin.replace(/^00/, ''), g.gtin.replace(/^0{6}/, '')])) {
    try {
      material = await lookupOrNull(store, gtin);
    } catch (e) {
      // a GTIN alias on several materials: no guess (a shorter form must not pick one of them)
      if (isLgError(e) && e.code === 'LG_AMBIGUOUS_ID') return { ambiguous: e };
      throw e;
    }
    if (material?.kind === 'Material') break;
  }
  if (!material || material.kind !== 'Material') return null;
  const pn = parseKey(material.key).parts[0]!;
  if (pn === g.gtin) return null;
  const key = g.kind === 'serial' ? serialKey(pn, g.serial!) : lotKey(pn, g.lot!);
  return (await lookupOrNull(store, key))?.key ?? null;
}

/** The node `id` names, or null when none does (an ambiguous alias throws). */
async function lookupOrNull(store: GraphStore, id: string): Promise<NodeView | null> {
  try {
    return await store.lookup(id);
  } catch (e) {
    if (isLgError(e) && (e.code === 'LG_NOT_FOUND' || e.code === 'LG_BAD_ID')) return null;
    throw e;
  }
}

/** Something a search caller should know about its query (the results stand as they are). */
export interface SearchWarning {
  /** LG_BAD_ID: the query looks like a GS1 identifier and does not parse; GS1_*: it parses, with a Gs1Warning. */
  code: string;
  message: string;
}

/** A search as GET /api/search answers it; `warnings` only when there are some. */
export interface SearchView {
  q: string;
  count: number;
  results: NodeView[];
  warnings?: SearchWarning[];
}

/** The query as echoed back in messages: a raw element string's GS separators made visible. */
export const shownQuery = (q: string): string => q.replaceAll('\x1d', '<GS>');

/** Starts like a GS1 form (bracketed AI, symbology id, EPC URN, http(s) URI) or holds a GS. */
const LOOKS_GS1 = /^(?:\(|\]|urn:epc:|https?:\/\/)/i;

/**
 * Why `q`, which looks like a GS1 identifier, is not a valid one (or what it holds that GS1 does
 * not allow). Without it a mistyped check digit reads as "no such item", which it is not.
 */
export function queryWarnings(q: string): SearchWarning[] {
  const s = q.trim();
  if (looksLikeKey(s) || (!LOOKS_GS1.test(s) && !s.includes('\x1d'))) return [];
  try {
    return (parseIdentifier(s).warnings ?? []).map((w) => ({ code: w.code, message: w.message }));
  } catch (e) {
    if (!isLgError(e)) throw e;
    return [{ code: e.code, message: `'${shownQuery(s)}' is not a valid GS1 identifier: ${e.message}` }];
  }
}

/**
 * Prefix search with the node `q` resolves to (a scanned barcode, Digital Link or URN names one
 * entity) first when the prefix search missed it: the order GET /api/search and `lotgraph search` share.
 */
export async function searchView(store: GraphStore, q: string, limit = 20): Promise<SearchView> {
  const results = await store.search(q, limit);
  const exact = await resolveId(store, q).catch(() => null);
  if (exact && !results.some((r) => r.key === exact)) results.unshift(await store.lookup(exact));
  const out = results.slice(0, limit);
  const warnings = queryWarnings(q);
  return { q, count: out.length, results: out, ...(warnings.length > 0 ? { warnings } : {}) };
}
