/**
 * EPCIS 2.0 JSON-LD documents: the events of the first `eventList` array (`epcisBody.eventList`,
 * or an EPCISQueryDocument's `epcisBody.queryResults.resultsBody.eventList`), or a single bare
 * event, one record at a time. The document is never parsed as a whole: a splitter cuts each event's
 * text out of the stream and only that is parsed, so memory follows the largest event, not the file
 * (unless the event list comes before the document's `@context`: its texts are then held, capped).
 * `@context` may be a string, an array, an object or absent: lotgraph reads the EPCIS terms by
 * their plain names and does no JSON-LD expansion (a prefixed key such as `epcis:eventList` is
 * also accepted). A bad event yields an error item and the next event is read.
 */
import { TextDecoder } from 'node:util';
import type { ParseItem } from '../record.ts';
import { eventErrorItem } from './event-error.ts';
import { namespacesOf } from './event-hash.ts';
import { JsonEventSplitter, type EventText } from './json-splitter.ts';
import { mapEvent } from './map-event.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_HELD, docError, lineColOf, toText, type EpcisParseOptions } from './source-text.ts';

/**
 * The prefixes the document's `@context` defines, for each event to carry (an event is a JSON-LD
 * object of its own: its extension names, `example:line`, resolve through it; event-hash.ts reads it).
 */
function prefixesOf(context: unknown): Readonly<Record<string, string>> | undefined {
  const ns = namespacesOf(context);
  return ns.size === 0 ? undefined : Object.freeze(Object.fromEntries(ns));
}

/** The event with the document's prefixes added before its own `@context`, if any. */
function withPrefixes(ev: unknown, prefixes: Readonly<Record<string, string>> | undefined): unknown {
  if (prefixes === undefined || typeof ev !== 'object' || ev === null || Array.isArray(ev)) return ev;
  const e = ev as Record<string, unknown>;
  e['@context'] = e['@context'] === undefined ? prefixes : [prefixes, ...(Array.isArray(e['@context']) ? e['@context'] as unknown[] : [e['@context']])];
  return e;
}

/** Turns split event texts into items (numbering continues from `first`); `prefixes` = the document's. */
function* itemsOf(events: EventText[], first: number, opts: EpcisParseOptions, prefixes?: Readonly<Record<string, string>>): Generator<ParseItem> {
  for (let i = 0; i < events.length; i++) {
    const { text, line } = events[i]!;
    const pos = { source: opts.source, record: first + i, line };
    let ev: unknown;
    try {
      ev = JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const p = /position (\d+)/.exec(msg);
      const at = p ? lineColOf(text, Number(p[1])) : undefined;
      const where = at ? { line: line + at.line - 1, ...(at.line > 1 ? { column: at.column } : {}) } : { line };
      const err = docError(opts.source, `malformed JSON in event ${first + i} (${msg})`, where);
      yield { ok: false, error: { ...err, pos: { ...pos, line: where.line } } };
      continue;
    }
    try {
      const record = mapEvent(withPrefixes(ev, prefixes), pos);
      record.rawText = text;
      yield { ok: true, record };
    } catch (e) {
      yield eventErrorItem(e, pos);
    }
  }
}

/** What is wrong with the document once all input is read (null when nothing). */
function* endOf(sp: JsonEventSplitter, opts: EpcisParseOptions): Generator<ParseItem> {
  if (sp.tooDeepAt) return yield { ok: false, error: docError(opts.source, `nesting deeper than ${opts.maxDepth ?? DEFAULT_MAX_DEPTH} levels`, { line: sp.tooDeepAt }) };
  if (!sp.foundList) {
    let doc: unknown;
    try {
      doc = JSON.parse(sp.head);
    } catch (e) {
      const msg = (e as Error).message;
      const p = /position (\d+)/.exec(msg);
      return yield { ok: false, error: docError(opts.source, `malformed JSON (${msg})`, p ? lineColOf(sp.head, Number(p[1])) : undefined) };
    }
    const t = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).type : undefined;
    if (typeof t === 'string' && /Event$/.test(t)) return yield* itemsOf([{ text: sp.head, line: 1 }], 1, opts);
    return yield { ok: false, error: docError(opts.source, 'no epcisBody.eventList: not an EPCIS document') };
  }
  if (sp.mismatchAt) yield { ok: false, error: docError(opts.source, 'malformed JSON: a bracket closes what it did not open', { line: sp.mismatchAt }) };
  else if (!sp.balanced) yield { ok: false, error: docError(opts.source, 'malformed JSON: the document does not close after its event list', { line: sp.currentLine }) };
  else if (!sp.wellFormedAround) yield { ok: false, error: docError(opts.source, 'malformed JSON around the event list (the text after it, or before it, is not valid JSON)', { line: sp.currentLine }) };
}

/** Parses an EPCIS JSON-LD document held in memory into items, one per event. */
export function* parseEpcisJson(input: string | Uint8Array, opts: EpcisParseOptions): Generator<ParseItem> {
  const decoded = toText(input, opts);
  if ('error' in decoded) return yield { ok: false, error: decoded.error };
  const sp = new JsonEventSplitter(opts.maxDepth ?? DEFAULT_MAX_DEPTH);
  const events = sp.push(decoded.text);
  // the whole document is read: a `@context` after the event list is known as well as one before it
  const before = sp.contextBefore;
  yield* itemsOf(events, 1, opts, events.length > 0 ? prefixesOf(before.found ? before.value : sp.contextAfter) : undefined);
  yield* endOf(sp, opts);
}

/** The decoder a document's first bytes name (BOM: UTF-16 LE/BE; else UTF-8, whose decoder drops its BOM). */
const decoderFor = (b: Uint8Array): TextDecoder =>
  new TextDecoder(b[0] === 0xff && b[1] === 0xfe ? 'utf-16le' : b[0] === 0xfe && b[1] === 0xff ? 'utf-16be' : 'utf-8', { fatal: true });

/** Parses an EPCIS JSON-LD document from a stream of chunks (a file or request body), in constant memory per event. */
export async function* parseEpcisJsonStream(chunks: AsyncIterable<Uint8Array | string>, opts: EpcisParseOptions): AsyncGenerator<ParseItem> {
  const sp = new JsonEventSplitter(opts.maxDepth ?? DEFAULT_MAX_DEPTH);
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let decoder: TextDecoder | undefined;
  // the first bytes, until there are two (a BOM may be split across chunks)
  let lead: Uint8Array | undefined;
  let started = false;
  let size = 0;
  let n = 1;
  let prefixes: Readonly<Record<string, string>> | undefined;
  // Events read before the document's `@context` (the list came first): held as text, not parsed,
  // until the end shows the context their ids and extension names depend on (README, Streaming).
  let held: EventText[] | undefined;
  let heldSize = 0;
  const maxHeld = opts.maxHeld ?? DEFAULT_MAX_HELD;
  const feed = function* (text: string): Generator<ParseItem> {
    const events = sp.push(text);
    if (events.length === 0) return;
    if (n === 1 && held === undefined) {
      const before = sp.contextBefore;
      if (before.found) prefixes = prefixesOf(before.value);
      else held = [];
    }
    if (held) {
      for (const e of events) { held.push(e); heldSize += e.text.length; }
      n += events.length;
      return;
    }
    yield* itemsOf(events, n, opts, prefixes);
    n += events.length;
  };
  const tooMuchHeld = (): ParseItem => ({ ok: false, error: docError(opts.source, `the event list comes before the document's @context and holds more than ${maxHeld} characters of events; their ids and extension names depend on the @context, so the document is not read: put "@context" before "epcisBody"`, { line: sp.currentLine }) });
  for await (const chunk of chunks) {
    size += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (size > max) return yield { ok: false, error: docError(opts.source, `document is more than the limit of ${max} bytes`, { line: sp.currentLine }) };
    let text: string;
    if (typeof chunk === 'string') {
      text = started ? chunk : chunk.replace(/^\uFEFF/, '');
      if (text !== '') started = true;
    } else {
      let bytes = chunk;
      if (!decoder) {
        bytes = lead ? Buffer.concat([lead, chunk]) : chunk;
        if (bytes.byteLength < 2) { lead = bytes; continue; }
        decoder = decoderFor(bytes);
        lead = undefined;
      }
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        return yield { ok: false, error: docError(opts.source, 'is not valid UTF-8 (or the encoding its BOM names); re-save as UTF-8', { line: sp.currentLine }) };
      }
      started = true;
    }
    yield* feed(text);
    if (heldSize > maxHeld) return yield tooMuchHeld();
    if (sp.tooDeepAt) break;
  }
  if (lead) {
    try {
      yield* feed(decoderFor(lead).decode(lead));
    } catch {
      return yield { ok: false, error: docError(opts.source, 'is not valid UTF-8 (or the encoding its BOM names); re-save as UTF-8', { line: sp.currentLine }) };
    }
  } else if (decoder && !sp.tooDeepAt) {
    try {
      yield* feed(decoder.decode());
    } catch {
      return yield { ok: false, error: docError(opts.source, 'is not valid UTF-8 (or the encoding its BOM names); re-save as UTF-8', { line: sp.currentLine }) };
    }
  }
  if (heldSize > maxHeld) return yield tooMuchHeld();
  if (held) yield* itemsOf(held, 1, opts, prefixesOf(sp.contextAfter));
  yield* endOf(sp, opts);
}
