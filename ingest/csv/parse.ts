/**
 * The streaming CSV adapter: bytes in, ParseItems out, one row at a time (constant memory).
 * csv-parse handles BOMs, CRLF/LF/CR, quoted delimiters and quoted newlines; a record larger than
 * MAX_RECORD_CHARS stops the file with a positioned error instead of growing without bound.
 */
import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { ParseItem } from '../record.ts';
import type { Mapping } from './mapping.ts';
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

/** Picks the template: explicit, mapping, header, then file name. */
function pickTemplate(o: CsvOptions, header: string[]): Template | undefined {
  if (typeof o.template === 'object') return o.template;
  const named = o.template ?? o.mapping?.template;
  if (named) return templateByName(named);
  if (!o.mapping?.columns) {
    const byHeader = templateOfHeader(header);
    if (byHeader) return byHeader;
  }
  return templateOfFileName(o.source);
}

/** Parses a CSV stream into records and positioned errors. Never throws for bad content. */
export async function* parseCsv(input: Readable | AsyncIterable<Buffer | string>, o: CsvOptions): AsyncGenerator<ParseItem> {
  const parser = parse({
    bom: true,
    info: true,
    delimiter: o.mapping?.delimiter ?? ',',
    quote: o.mapping?.quote ?? '"',
    encoding: o.mapping?.encoding ?? 'utf8',
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const feed = (async () => {
    try {
      for await (const chunk of input) if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  let reader: RowReader | undefined;
  let prevEnd = 0;
  let records = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = prevEnd + 1;
      prevEnd = item.info.lines;
      const row = item.record;
      if (row.every((f) => f.trim() === '')) continue;
      if (!reader) {
        const header = row.map((h) => h.trim());
        const t = pickTemplate(o, header);
        if (!t) {
          yield { ok: false, error: { pos: { source: o.source, line }, reason: `cannot tell which template this file is: name it after one (${TEMPLATE_NAMES.join(', ')}) or give a mapping with "template"`, value: header.join(',') } };
          return;
        }
        reader = rowReader(o.source, t, header, o.mapping);
        if (reader.headerErrors.length) {
          for (const error of reader.headerErrors) yield { ok: false, error };
          return;
        }
        continue;
      }
      yield reader.read(row, line, ++records);
    }
  } catch (e) {
    const lines = e instanceof CsvError ? (e as CsvError & { lines?: number }).lines : undefined;
    const reason = e instanceof CsvError ? `${e.code}: ${e.message.replace(/^[^:]*:\s*/, '')}` : `cannot read: ${(e as Error).message}`;
    yield { ok: false, error: { pos: { source: o.source, line: lines ?? prevEnd + 1 }, reason: `${reason}; the rest of the file was not read` } };
  } finally {
    parser.destroy();
    await feed.catch(() => undefined);
  }
}
