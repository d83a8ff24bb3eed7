/**
 * EPCIS 2.0 JSON-LD documents: the events of `epcisBody.eventList` (also an EPCISQueryDocument's
 * `epcisBody.queryResults.resultsBody.eventList`, or a single bare event), one record at a time.
 * `@context` may be a string, an array, an object or absent: lotgraph reads the EPCIS terms by
 * their plain names and does no JSON-LD expansion (a prefixed key such as `epcis:eventList` is
 * also accepted). A bad event yields an error item and the next event is read.
 */
import { eventErrorItem } from './event-error.ts';
import type { ParseItem } from '../record.ts';
import { mapEvent } from './map-event.ts';
import { DEFAULT_MAX_DEPTH, docError, lineColOf, toText, type EpcisParseOptions } from './source-text.ts';

/** Deepest bracket nesting of a JSON text, and where it first passes `limit` (strings skipped). */
function tooDeep(text: string, limit: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92) i++;
      else if (c === 34) inStr = false;
    } else if (c === 34) inStr = true;
    else if (c === 123 || c === 91) { if (++depth > limit) return i; }
    else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** A property by its plain name, or with any prefix (`epcis:eventList`). */
function prop(o: unknown, name: string): unknown {
  if (typeof o !== 'object' || o === null) return undefined;
  const r = o as Record<string, unknown>;
  if (name in r) return r[name];
  const k = Object.keys(r).find((x) => x.endsWith(`:${name}`));
  return k === undefined ? undefined : r[k];
}

function eventListOf(doc: unknown): unknown[] | undefined {
  const body = prop(doc, 'epcisBody');
  const direct = prop(body, 'eventList');
  if (Array.isArray(direct)) return direct;
  const nested = prop(prop(prop(body, 'queryResults'), 'resultsBody'), 'eventList');
  if (Array.isArray(nested)) return nested;
  const t = prop(doc, 'type');
  if (typeof t === 'string' && /Event$/.test(t)) return [doc];
  return undefined;
}

/** Parses an EPCIS JSON-LD document into items, one per event (or one error for the whole document). */
export function* parseEpcisJson(input: string | Uint8Array, opts: EpcisParseOptions): Generator<ParseItem> {
  const decoded = toText(input, opts);
  if ('error' in decoded) return yield { ok: false, error: decoded.error };
  const { text } = decoded;
  const deep = tooDeep(text, opts.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (deep >= 0) return yield { ok: false, error: docError(opts.source, `nesting deeper than ${opts.maxDepth ?? DEFAULT_MAX_DEPTH} levels`, lineColOf(text, deep)) };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const p = /position (\d+)/.exec(msg);
    return yield { ok: false, error: docError(opts.source, `malformed JSON (${msg})`, p ? lineColOf(text, Number(p[1])) : undefined) };
  }
  const events = eventListOf(doc);
  if (!events) return yield { ok: false, error: docError(opts.source, 'no epcisBody.eventList: not an EPCIS document') };
  for (let i = 0; i < events.length; i++) {
    const pos = { source: opts.source, record: i + 1 };
    try {
      yield { ok: true, record: mapEvent(events[i], pos) };
    } catch (e) {
      yield eventErrorItem(e, pos);
    }
  }
}
