/**
 * The streaming CSV adapter: bytes in, ParseItems out, one row at a time (constant memory).
 * csv-parse handles BOMs, CRLF/LF/CR, quoted delimiters and quoted newlines; a record larger than
 * MAX_RECORD_CHARS, or a byte that is not UTF-8 (encoding.ts), stops the file with a positioned error.
 * A record's line is the physical line it starts on (1 = the header), also when a quoted field spans lines.
 */
import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { ParseItem } from '../record.ts';
import type { Mapping } from './mapping.ts';
import { badByteReason, fromLatin1, Utf8Check } from './encoding.ts';
import { rowReader, type RowReader } from './row.ts';
import type { Template } from './template.ts';
import { templateByName, templateOfFileName, templateOfHeader, TEMPLATE_NAMES } from './templates.ts';

/** The largest record accepted (characters); bigger means a broken quote or a hostile file. */
export const MAX_RECORD_CHARS = 1 << 20;

export interface CsvOptions {
  /** File name or stream name, for positions and template detection. */
  source: string;
  /** Template to read as (else the mapping's, else detected from header or file name). */
  template?: Template | string;
  mapping?: Mapping;
}

/**
 * Picks the template: explicit, mapping, file name (what the user meant), then the header. A file
 * name that says one template over a header that has its columns and is another's, whose columns it would not read
 * (`receipts-raw-materials.csv` holding receipts, `wms-shipments-03.csv` holding shipment lines), is
 * an error naming both: read as the name says, the rows' flow would be dropped without a word.
 */
function pickTemplate(o: CsvOptions, header: string[]): Template | string | undefined {
  if (typeof o.template === 'object') return o.template;
  const named = o.template ?? o.mapping?.template;
  if (named) return templateByName(named);
  const byHeader = o.mapping?.columns ? undefined : templateOfHeader(header);
  const byName = templateOfFileName(o.source);
  if (!byName || !byHeader || byName === byHeader) return byName ?? byHeader;
  // a header missing what the name's template needs is reported so, column by column (row.ts)
  if (!byName.columns.every((c) => !c.required || header.some((h) => h.toLowerCase() === c.name))) return byName;
  const reads = new Set(byName.columns.map((c) => c.name));
  const lost = byHeader.columns.filter((c) => !reads.has(c.name) && header.some((h) => h.toLowerCase() === c.name)).map((c) => c.name);
  if (lost.length === 0) return byName;
  return `the file name says ${byName.name}, but the header is that of ${byHeader.name} (${byName.name} does not read ${lost.join(', ')}): rename the file, or give a mapping with "template: ${byHeader.name}" (or "template: ${byName.name}" to read it so)`;
}

/** The parser's synchronous core (csv-parse's stream class wraps it; driving it directly avoids a promise per record). */
interface CsvCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  /** The parser's running counters: `lines` is the line a record ends on when it is pushed (what `info: true` copies into two objects per record). */
  info: { lines: number };
}

/** Parses a CSV stream into records and positioned errors. Never throws for bad content. */
export async function* parseCsv(input: Readable | AsyncIterable<Buffer | string>, o: CsvOptions): AsyncGenerator<ParseItem> {
  for await (const items of parseCsvBatches(input, o)) yield* items;
}

/** As parseCsv, one array of items per input chunk (what the pipeline consumes: far fewer awaits). */
export async function* parseCsvBatches(input: Readable | AsyncIterable<Buffer | string>, o: CsvOptions): AsyncGenerator<ParseItem[]> {
  const encoding = o.mapping?.encoding ?? 'utf8';
  const core = (parse({
    bom: true,
    // a .tsv file is tab-separated unless its mapping says otherwise
    delimiter: o.mapping?.delimiter ?? (/\.tsv$/i.test(o.source) ? '\t' : ','),
    quote: o.mapping?.quote ?? '"',
    // a quote inside a field that does not start with one is text (an inch mark: PIPE 3/4" STEEL),
    // not the end of the file; so is a quoted field with characters after its closing quote (`"L1" ,`
    // reads `"L1" `), which row.ts refuses in a key or item column; an unclosed quote still stops the file
    relax_quotes: true,
    encoding: encoding === 'windows-1252' ? 'latin1' : encoding,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
  }) as unknown as { api: CsvCore }).api;
  const check = encoding === 'utf8' ? new Utf8Check() : undefined;
  const cp1252 = encoding === 'latin1' || encoding === 'windows-1252';
  let reader: RowReader | undefined;
  let prevEnd = 0;
  // csv-parse counts a CRLF inside a quoted field as two lines: the count is corrected by this much
  let skew = 0;
  let records = 0;
  let stop = false;
  let out: ParseItem[] = [];
  const push = (row: string[]) => {
    if (stop) return;
    const line = prevEnd + 1;
    if (core.info.lines - skew > line) for (const f of row) for (let i = f.indexOf('\r\n'); i >= 0; i = f.indexOf('\r\n', i + 2)) skew++;
    prevEnd = core.info.lines - skew;
    if (cp1252) for (let i = 0; i < row.length; i++) row[i] = fromLatin1(row[i]!);
    if (row.every((f) => f.trim() === '')) return;
    if (reader) {
      out.push(reader.read(row, line, ++records));
      return;
    }
    const header = row.map((h) => h.trim());
    const t = pickTemplate(o, header);
    if (typeof t === 'string') {
      out.push({ ok: false, error: { pos: { source: o.source, line }, reason: t, value: header.join(',') } });
      stop = true;
      return;
    }
    if (!t) {
      out.push({ ok: false, error: { pos: { source: o.source, line }, reason: `cannot tell which template this file is: name it after one (${TEMPLATE_NAMES.join(', ')}) or give a mapping with "template"`, value: header.join(',') } });
      stop = true;
      return;
    }
    reader = rowReader(o.source, t, header, o.mapping);
    if (reader.headerErrors.length) {
      for (const error of reader.headerErrors) out.push({ ok: false, error });
      stop = true;
    }
  };
  // A broken file stops at the record it broke in, named by the line that record starts on.
  const stopAt = (reason: string, value?: string) => {
    if (stop) return;
    out.push({ ok: false, error: { pos: { source: o.source, line: prevEnd + 1 }, reason: `${reason}; the rest of the file was not read`, ...(value === undefined ? {} : { value }) } });
    stop = true;
  };
  // csv-parse's own line count (a CRLF inside quotes counted twice) is left out: the position names the line
  const fail = (e: unknown) => stopAt(e instanceof CsvError ? `${e.code}: ${e.message.replace(/^[^:]*:\s*/, '').replace(/,? (?:at|on) line \d+/g, '')}` : `cannot read: ${(e as Error).message}`);
  const close = () => undefined;
  const feed = (buf: Buffer | undefined, end: boolean) => {
    let bytes = buf;
    let bad;
    if (check) ({ bytes, bad } = check.next(buf ?? Buffer.alloc(0), end));
    const err = core.parse(bytes, end && !bad, push, close);
    if (err) fail(err);
    else if (bad) stopAt(badByteReason(bad), `0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')}`);
  };
  try {
    for await (const chunk of input) {
      feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, false);
      if (out.length) {
        yield out;
        out = [];
      }
      if (stop) break;
    }
    if (!stop) feed(undefined, true);
  } catch (e) {
    fail(e);
  } finally {
    if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
  }
  if (out.length) yield out;
}
