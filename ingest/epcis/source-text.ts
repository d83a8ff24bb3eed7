/**
 * Bytes to text for EPCIS documents, with the limits every parser applies: a size cap, a BOM
 * stripped (UTF-8; UTF-16 LE/BE decoded), UTF-8 validated (a wrong encoding is reported with the
 * line of the first bad byte, not turned into U+FFFD silently), and line/column of an offset.
 */
import type { RecordError, SourcePos } from '../record.ts';

/** Parser options shared by JSON-LD and XML. */
export interface EpcisParseOptions {
  /** File or stream name, put into every position. */
  source: string;
  /** Largest document accepted, in bytes (default 256 MiB). */
  maxBytes?: number;
  /** Deepest nesting accepted (default 64: EPCIS events need about 8). */
  maxDepth?: number;
  /**
   * Most event text a stream holds while the event list comes before the document's `@context`
   * (in characters; default 32 Mi): those events wait for it, beyond this the document is refused.
   */
  maxHeld?: number;
  /** The format the caller declares (Content-Type, `--format`): parsed as that, never sniffed; absent = told by the content. */
  format?: EpcisFormatName;
}

/** The two EPCIS syntaxes. */
export type EpcisFormatName = 'json' | 'xml';

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_HELD = 32 * 1024 * 1024;

/** Line (1-based) and column (1-based) of a character offset. */
export function lineColOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: offset - last };
}

/** Lines of increasing offsets in one pass (a parser reports events in order: no rescan from the start). */
export class LineCursor {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  /** The 1-based line of `offset`; offsets before the last one asked restart from the top. */
  lineAt(offset: number): number {
    if (offset < this.offset) { this.offset = 0; this.line = 1; }
    for (let i = this.text.indexOf('\n', this.offset); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) this.line++;
    this.offset = offset;
    return this.line;
  }
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * The format a document's first significant character names (`<` = XML, anything else JSON), after
 * any BOM (UTF-8, UTF-16 LE/BE) and blanks; `undefined` while the text read so far holds nothing
 * else (a stream must read on: an HTTP body may start with CRLF, a BOM may be split across chunks).
 */
export function sniffFormat(head: string | Uint8Array): EpcisFormatName | undefined {
  if (typeof head === 'string') {
    for (let i = 0; i < head.length; i++) {
      const c = head.charCodeAt(i);
      if (!isBlank(c) && c !== 0xfeff) return c === 0x3c ? 'xml' : 'json';
    }
    return undefined;
  }
  let i = 0;
  let wide = false;
  if (head[0] === 0xef) {
    if (head.length < 3) return head[1] === undefined || head[1] === 0xbb ? undefined : 'json';
    if (head[1] === 0xbb && head[2] === 0xbf) i = 3;
  } else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    i = 2;
    wide = true;
  } else if ((head[0] === 0xff || head[0] === 0xfe) && head.length < 2) return undefined;
  for (; i < head.length; i++) {
    const c = head[i]!;
    if (!isBlank(c) && !(wide && c === 0)) return c === 0x3c ? 'xml' : 'json';
  }
  return undefined;
}

/** A whole-document error item. */
export function docError(source: string, reason: string, at?: { line: number; column?: number }, value?: string): RecordError {
  const pos: SourcePos = { source };
  if (at) pos.line = at.line;
  const where = at ? ` at line ${at.line}${at.column === undefined ? '' : `, column ${at.column}`}` : '';
  return { pos, reason: `${source}: ${reason}${where}`, ...(value === undefined ? {} : { value }) };
}

/** Decodes the document, or returns the error that stops it (too large, not valid in its encoding). */
export function toText(input: string | Uint8Array, opts: EpcisParseOptions, encoding = 'utf-8'): { text: string } | { error: RecordError } {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > max) return { error: docError(opts.source, `document is ${size} bytes, more than the limit of ${max}`) };
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, '') };
  let enc = encoding;
  let bytes = input;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) { enc = 'utf-16le'; bytes = bytes.subarray(2); }
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) { enc = 'utf-16be'; bytes = bytes.subarray(2); }
  try {
    return { text: new TextDecoder(enc, { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstBadUtf8(bytes);
    const line = 1 + bytes.subarray(0, bad).filter((b) => b === 10).length;
    return { error: docError(opts.source, `is not valid ${enc.toUpperCase()} (byte ${bad}); declare the encoding or re-save as UTF-8`, { line }) };
  }
}

/** Offset of the first byte that breaks UTF-8 (approximate is enough to point a user at the line). */
function firstBadUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return b.length;
}
