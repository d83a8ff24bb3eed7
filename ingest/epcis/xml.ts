/**
 * EPCIS 1.2 and 2.0 XML documents (also EPCISQueryDocument), one record per event, in document
 * order. Safety: a DOCTYPE is refused (EPCIS never needs one, and it is where entity-expansion
 * attacks live), entity expansion is capped anyway, nesting is capped (`maxNestedTags`), and the
 * document size is capped before parsing. Malformed XML gives one error with line and column.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { eventErrorItem } from './event-error.ts';
import type { ParseItem } from '../record.ts';
import { mapEvent } from './map-event.ts';
import { DEFAULT_MAX_DEPTH, LineCursor, docError, lineColOf, toText, type EpcisParseOptions } from './source-text.ts';
import { kids, nameOf, xmlEventToJson, type XNode } from './xml-event.ts';

function parserFor(depth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    captureMetaData: true,
    maxNestedTags: depth,
    processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
  });
}

/** The encoding an XML declaration names (ISO-8859-1 and windows-1252 are decoded; default UTF-8). */
function declaredEncoding(input: string | Uint8Array): string {
  const head = typeof input === 'string' ? input.slice(0, 200) : new TextDecoder('latin1').decode(input.subarray(0, 200));
  const m = /^\s*(?:\uFEFF|ï»¿)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(head);
  const e = m?.[1]?.toLowerCase();
  return e === 'iso-8859-1' || e === 'latin1' || e === 'windows-1252' ? 'windows-1252' : 'utf-8';
}

/** Finds the EventList element (breadth-first, bounded). */
function eventListOf(roots: XNode[]): XNode | undefined {
  let level = roots;
  for (let d = 0; d < 8 && level.length > 0; d++) {
    const hit = level.find((n) => nameOf(n).toLowerCase() === 'eventlist');
    if (hit) return hit;
    level = level.flatMap(kids);
  }
  return undefined;
}

/** Event elements in document order (EPCIS 1.2 wraps newer types in `<extension>`). */
function eventsIn(list: XNode): XNode[] {
  return kids(list).flatMap((n) => (nameOf(n) === 'extension' ? kids(n) : [n])).filter((n) => nameOf(n) !== '#text' && nameOf(n) !== '');
}

/** Parses an EPCIS XML document into items, one per event (or one error for the whole document). */
export function* parseEpcisXml(input: string | Uint8Array, opts: EpcisParseOptions): Generator<ParseItem> {
  const decoded = toText(input, opts, declaredEncoding(input));
  if ('error' in decoded) return yield { ok: false, error: decoded.error };
  const { text } = decoded;
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype) return yield { ok: false, error: docError(opts.source, 'DOCTYPE and ENTITY declarations are not allowed in an EPCIS document', lineColOf(text, doctype.index)) };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return yield { ok: false, error: docError(opts.source, `malformed XML: ${valid.err.msg}`, { line: valid.err.line, column: valid.err.col }) };
  let roots: XNode[];
  try {
    roots = parserFor(opts.maxDepth ?? DEFAULT_MAX_DEPTH).parse(text) as XNode[];
  } catch (e) {
    return yield { ok: false, error: docError(opts.source, `XML refused: ${(e as Error).message}`) };
  }
  const list = eventListOf(roots);
  if (!list) return yield { ok: false, error: docError(opts.source, 'no EPCISBody/EventList: not an EPCIS document') };
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const events = eventsIn(list);
  const lines = new LineCursor(text);
  for (let i = 0; i < events.length; i++) {
    const node = events[i]!;
    const start = (node as Record<symbol, { startIndex?: number } | undefined>)[meta]?.startIndex;
    const pos = { source: opts.source, record: i + 1, ...(start === undefined ? {} : { line: lines.lineAt(start) }) };
    try {
      yield { ok: true, record: mapEvent(xmlEventToJson(node), pos) };
    } catch (e) {
      yield eventErrorItem(e, pos);
    }
  }
}
