/**
 * Incremental splitter for EPCIS JSON-LD: scans text chunks once, finds the first `eventList` (or
 * `prefix:eventList`) array and hands back each element's own JSON text with its start line, so a
 * document of any size is read in memory proportional to one event. Strings and escapes are
 * tracked across chunk boundaries; nesting deeper than `maxDepth` stops the scan. Brackets are
 * matched by type (a `}` closing a `[` marks the document malformed), so text after the event list,
 * which is never parsed, cannot pass as well-formed by bracket count alone.
 */

/** One event's JSON text and where it starts. */
export interface EventText {
  text: string;
  line: number;
}

type Phase = 'head' | 'list' | 'tail';
/** Most text read after the event list (an EPCIS document closes a few brackets there). */
const MAX_TAIL = 1 << 20;
const STR_STOP = /["\\\n]/g;

export class JsonEventSplitter {
  private phase: Phase = 'head';
  private depth = 0;
  private listDepth = -1;
  private inStr = false;
  private esc = false;
  private line = 1;
  private key = '';
  private keyOk = true;
  private lastKey = '';
  private expectList = false;
  private elem: string[] = [];
  private elemStart = -1;
  private elemLine = 0;
  /** Everything read before the event list (kept for documents that are a single bare event). */
  head = '';
  /** Set when nesting passed the limit: line of the fault. */
  tooDeepAt = 0;
  /** Set when a bracket closed what it did not open: line of the first one. */
  mismatchAt = 0;
  /** The document's text up to and including the event list's `[`, and after its `]`. */
  private prefix = '';
  /** What closes `prefix` into a whole document (the list's `]`, then each open bracket). */
  private closers = '';
  private context: { read: boolean; found?: boolean; value?: unknown } = { read: false };
  private tail = '';
  /** Open brackets, innermost last (`{` or `[` char codes). */
  private readonly open: number[] = [];

  constructor(private readonly maxDepth: number) {}

  /** True once the event list has been found. */
  get foundList(): boolean {
    return this.phase !== 'head';
  }

  /** True when the whole document closed at depth 0 outside a string, every bracket by its own kind. */
  get balanced(): boolean {
    return this.depth === 0 && !this.inStr && this.mismatchAt === 0;
  }

  /**
   * True when the document around its event list is well-formed JSON (checked once, at the end: the
   * text after the list is never parsed otherwise, and brackets of the right kinds can still be
   * out of place, such as a second list right after the first).
   */
  get wellFormedAround(): boolean {
    if (this.tail.length >= MAX_TAIL) return false;
    try {
      JSON.parse(this.prefix + ']' + this.tail);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The document's `@context` as read from the text before the event list (read once, when first
   * asked after the list was found): `found` is false when that text has no top-level `@context`
   * (it may come after the list: JSON member order means nothing) or is not JSON.
   */
  get contextBefore(): { found: boolean; value?: unknown } {
    if (this.phase === 'head' || this.context.read) return { found: this.context.found ?? false, value: this.context.value };
    this.context = { read: true, found: false };
    const doc = parseObject(this.prefix + this.closers);
    if (doc && '@context' in doc) this.context = { read: true, found: true, value: doc['@context'] };
    return { found: this.context.found ?? false, value: this.context.value };
  }

  /**
   * The document's top-level `@context` read from the whole document, wherever it stands (ask once
   * all input is read: the text after the list is then complete); undefined when there is none or
   * the document is not JSON (reported by wellFormedAround).
   */
  get contextAfter(): unknown {
    if (this.phase !== 'tail' || this.tail.length >= MAX_TAIL) return undefined;
    return parseObject(this.prefix + ']' + this.tail)?.['@context'];
  }

  /** Current line (1-based), for errors at the end of the input. */
  get currentLine(): number {
    return this.line;
  }

  /** Scans one chunk; returns the events completed in it. Stops (returns []) once too deep. */
  push(chunk: string): EventText[] {
    if (this.tooDeepAt) return [];
    const out: EventText[] = [];
    let from = 0;
    // where this chunk's text after the event list starts (0 when the list closed in an earlier chunk)
    let tailFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (this.inStr && !this.esc && this.phase !== 'head') {
        // Inside a string only a quote, a backslash or a newline matters: let the regex engine skip the rest.
        STR_STOP.lastIndex = i;
        const m = STR_STOP.exec(chunk);
        if (!m) break;
        i = m.index;
      }
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inStr) {
        if (this.esc) this.esc = false;
        else if (c === 92) this.esc = true;
        else if (c === 34) { this.inStr = false; if (this.phase === 'head') this.lastKey = this.keyOk ? this.key : ''; }
        else if (this.phase === 'head' && this.keyOk) { if (this.key.length < 80) this.key += chunk[i]; else this.keyOk = false; }
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (this.phase === 'list' && this.depth === this.listDepth && this.elemStart < 0 && c !== 44 && c !== 93) {
        this.elemStart = i; this.elemLine = this.line; from = i;
      }
      if (c === 34) { this.inStr = true; this.key = ''; this.keyOk = true; continue; }
      if (this.phase === 'head') {
        if (c === 58) { this.expectList = this.lastKey === 'eventList' || this.lastKey.endsWith(':eventList'); continue; }
        if (c === 91 && this.expectList && this.depth > 0) {
          this.phase = 'list'; this.listDepth = this.depth + 1; this.prefix = this.head + chunk.slice(0, i + 1);
          this.closers = ']' + this.open.map((o) => (o === 123 ? '}' : ']')).reverse().join('');
        }
        this.expectList = false;
      }
      if (c === 123 || c === 91) {
        if (++this.depth > this.maxDepth) { this.tooDeepAt = this.line; return out; }
        this.open.push(c);
      } else if (c === 125 || c === 93) {
        this.depth--;
        if (this.open.pop() !== (c === 125 ? 123 : 91) && !this.mismatchAt) this.mismatchAt = this.line;
        if (this.phase === 'list' && this.depth < this.listDepth) {
          if (this.elemStart >= 0) out.push(this.take(chunk, from, i));
          this.phase = 'tail';
          tailFrom = i + 1;
        }
      }
      if (this.phase === 'list' && this.elemStart >= 0 && this.depth === this.listDepth) {
        const end = c === 44 ? i : c === 125 || c === 93 ? i + 1 : -1;
        if (end >= 0) out.push(this.take(chunk, from, end));
      }
    }
    if (this.phase === 'list' && this.elemStart >= 0) { this.elem.push(chunk.slice(from)); from = chunk.length; }
    if (this.phase === 'head') this.head += chunk;
    else if (this.phase === 'tail' && this.tail.length < MAX_TAIL) this.tail += chunk.slice(tailFrom);
    return out;
  }

  private take(chunk: string, from: number, end: number): EventText {
    this.elem.push(chunk.slice(from, end));
    const text = this.elem.join('');
    this.elem = [];
    this.elemStart = -1;
    return { text, line: this.elemLine };
  }
}

/** `text` parsed when it is a JSON object, else undefined. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc as Record<string, unknown> : undefined;
  } catch {
    return undefined; // malformed around the list: reported at the end (wellFormedAround)
  }
}
