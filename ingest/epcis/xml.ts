/**
 * EPCIS 1.2 and 2.0 XML documents (also EPCISQueryDocument), one record per event, in document
 * order. Safety: a DOCTYPE internal subset (`<!DOCTYPE x [...]>`) and ENTITY declarations are refused
 * (EPCIS never needs them, and they are where entity-expansion attacks live; a bare `<!DOCTYPE project>`,
 * as GS1's own examples have, declares nothing and is read); the only references decoded are the five predefined entities and character
 * references (`&#38;`, `&#x26;`), one for one, so nothing expands; nesting is capped
 * (`maxNestedTags`), and the document size is capped before parsing. Malformed XML gives one
 * error with line and column.
 */
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { eventErrorItem } from './event-error.ts';
import type { ParseItem } from '../record.ts';
import { mapEvent } from './map-event.ts';
import { DEFAULT_MAX_DEPTH, LineCursor, docError, lineColOf, toText, type EpcisParseOptions } from './source-text.ts';
import { kids, scopeOf, standardName, tagOf, xmlEventToJson, type Scope, type XNode } from './xml-event.ts';

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;

/** XML 1.0 `Char`: what a character reference may name. */
const isXmlChar = (cp: number): boolean =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

/**
 * Decodes the predefined entities and character references in one pass (a decoded `&` never starts
 * another reference); other named references stay as written. DOCTYPE entities are refused.
 */
const entityDecoder: EntityDecoderOptions = {
  decode: (t) => (t.includes('&') ? t.replace(REFERENCE, (ref, dec?: string, hex?: string, name?: string) => {
    if (name) return PREDEFINED[name]!;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (!isXmlChar(cp)) throw new Error(`${ref} does not name an XML character`);
    return String.fromCodePoint(cp);
  }) : t),
  addInputEntities: (entities) => {
    if (Object.keys(entities).length > 0) throw new Error('DOCTYPE entity declarations are not allowed');
  },
  setExternalEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
};

function parserFor(depth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    captureMetaData: true,
    maxNestedTags: depth,
    processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
    entityDecoder,
  });
}

/** Comments, CDATA and processing instructions (plain text that may read `<!DOCTYPE`), and declarations. */
const MARKUP = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<!(DOCTYPE|ENTITY)/gi;

/** True when the DOCTYPE read on from `from` opens an internal subset: a `[` before its `>`, outside quoted literals (unclosed: true). */
function opensSubset(text: string, from: number): boolean {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) { if (c === quote) quote = ''; }
    else if (c === '"' || c === "'") quote = c;
    else if (c === '[') return true;
    else if (c === '>') return false;
  }
  return true;
}

/** Offset of the first DOCTYPE with an internal subset or ENTITY declaration outside comments, CDATA and PIs; -1 when none. */
function forbiddenDeclarationAt(text: string): number {
  for (const m of text.matchAll(MARKUP)) {
    if (m[1] === undefined) continue;
    if (m[1].toUpperCase() === 'ENTITY' || opensSubset(text, m.index + m[0].length)) return m.index;
  }
  return -1;
}

/** The encoding an XML declaration names (ISO-8859-1 and windows-1252 are decoded; default UTF-8). */
function declaredEncoding(input: string | Uint8Array): string {
  const head = typeof input === 'string' ? input.slice(0, 200) : new TextDecoder('latin1').decode(input.subarray(0, 200));
  const m = /^\s*(?:\uFEFF|ï»¿)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(head);
  const e = m?.[1]?.toLowerCase();
  return e === 'iso-8859-1' || e === 'latin1' || e === 'windows-1252' ? 'windows-1252' : 'utf-8';
}

/** An element with the namespaces in scope inside it. */
interface Scoped {
  node: XNode;
  scope: Scope;
}

const scoped = (node: XNode, outer: Scope): Scoped => ({ node, scope: scopeOf(node, outer) });
const childrenOf = (s: Scoped): Scoped[] => kids(s.node).map((n) => scoped(n, s.scope));
const isElement = (s: Scoped): boolean => tagOf(s.node) !== '#text' && tagOf(s.node) !== '' && !tagOf(s.node).startsWith('?');

/** Finds the (standard) EventList element, breadth-first, bounded. */
function eventListOf(roots: XNode[]): Scoped | undefined {
  let level = roots.map((n) => scoped(n, new Map()));
  for (let d = 0; d < 8 && level.length > 0; d++) {
    const hit = level.find((s) => standardName(tagOf(s.node), s.scope)?.toLowerCase() === 'eventlist');
    if (hit) return hit;
    level = level.flatMap(childrenOf);
  }
  return undefined;
}

/** Event elements in document order (EPCIS 1.2 wraps newer types in `<extension>`). */
function eventsIn(list: Scoped): Scoped[] {
  return childrenOf(list).flatMap((s) => (standardName(tagOf(s.node), s.scope) === 'extension' ? childrenOf(s) : [s])).filter(isElement);
}

/** Parses an EPCIS XML document into items, one per event (or one error for the whole document). */
export function* parseEpcisXml(input: string | Uint8Array, opts: EpcisParseOptions): Generator<ParseItem> {
  const decoded = toText(input, opts, declaredEncoding(input));
  if ('error' in decoded) return yield { ok: false, error: decoded.error };
  // Blanks before the XML declaration (an HTTP body starting with CRLF) are not well-formed but
  // harmless: the declaration, already read for its encoding, is blanked out (offsets and lines stay).
  const text = decoded.text.replace(/^(\s+)(<\?xml[^>]*\?>)/, (_m, ws: string, decl: string) => ws + decl.replace(/[^\n]/g, ' '));
  const declared = text.includes('<!') ? forbiddenDeclarationAt(text) : -1;
  if (declared >= 0) return yield { ok: false, error: docError(opts.source, 'a DOCTYPE internal subset and ENTITY declarations are not allowed in an EPCIS document', lineColOf(text, declared)) };
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
    const { node, scope } = events[i]!;
    const start = (node as Record<symbol, { startIndex?: number } | undefined>)[meta]?.startIndex;
    const pos = { source: opts.source, record: i + 1, ...(start === undefined ? {} : { line: lines.lineAt(start) }) };
    try {
      yield { ok: true, record: mapEvent(xmlEventToJson(node, scope), pos) };
    } catch (e) {
      yield eventErrorItem(e, pos);
    }
  }
}
