/**
 * Identifier resolution for every route and CLI command: a typed or scanned identifier (a key, an
 * alias, a GS1 element string or Digital Link) becomes the natural key of one node.
 */
import { isLgError } from '../lib/errors.ts';
import { kindOfKey, looksLikeKey } from '../graph/keys.ts';
import { identifierCandidates } from '../ingest/gs1/index.ts';
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
  return (await store.lookup(s)).key;
}
