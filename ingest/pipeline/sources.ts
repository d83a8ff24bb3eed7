/**
 * From paths to parse items: a file, a directory (its files in template order: master data, then
 * flows), or '-' (stdin, NDJSON). The format comes from the extension, then the content: .csv
 * (template by mapping, header or file name), .ndjson/.jsonl (canonical events), .json/.jsonld
 * and .xml (EPCIS documents). A mapping file `X.mapping.yaml|yml|json` beside `X.csv` is used
 * for it when no --mapping is given; mapping files are never ingested themselves.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { LgError } from '../../lib/errors.ts';
import { loadMapping, parseCsvBatches, templateOfFileName, TEMPLATES, type Mapping } from '../csv/index.ts';
import { parseNdjson } from '../ndjson/index.ts';
import type { ParseItem } from '../record.ts';
import { epcisItems, type EpcisFormat } from './epcis-bridge.ts';

/** `epcis`: an EPCIS document whose format (JSON-LD or XML) its content tells. */
export type Format = 'csv' | 'ndjson' | EpcisFormat | 'epcis';

const MAPPING = /\.mapping\.(ya?ml|json)$/i;

/** The format of a file by extension, else by its first bytes. */
export function formatOf(file: string, head = ''): Format {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.jsonld') return 'epcis-json';
  if (ext === '.xml') return 'epcis-xml';
  const h = head.replace(/^\uFEFF/, '').trimStart();
  if (h.startsWith('<')) return 'epcis-xml';
  if (ext === '.json' || h.startsWith('{') || h.startsWith('[')) {
    // one JSON object per line (NDJSON) versus one document
    const first = h.split('\n', 1)[0]!.trim();
    return ext !== '.json' && first.startsWith('{') && first.endsWith('}') && h.includes('\n{') ? 'ndjson' : 'epcis-json';
  }
  return 'csv';
}

/** The subdirectories of each directory among `paths` (not read by an ingest of the directory: named so it can say so). */
export function subdirsOf(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-' || !existsSync(p) || !statSync(p).isDirectory()) continue;
    for (const n of readdirSync(p).sort()) if (!n.startsWith('.') && statSync(join(p, n)).isDirectory()) out.push(join(p, n));
  }
  return out;
}

/** Files of a directory in ingest order (templates first by their order, then the rest by name). */
export async function filesOf(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && !MAPPING.test(n)).sort();
  const rank = (n: string) => {
    const t = templateOfFileName(n);
    return t ? TEMPLATES.indexOf(t) : TEMPLATES.length;
  };
  const files = names.map((n) => join(dir, n)).filter((f) => statSync(f).isFile());
  if (files.length === 0) {
    const subdirs = names.filter((n) => statSync(join(dir, n)).isDirectory());
    throw new LgError('LG_BAD_PARAM', `directory ${dir} holds no files to ingest${subdirs.length ? ` (subdirectories are not read: name them, e.g. ${join(dir, subdirs[0]!)})` : ''}`, { path: dir });
  }
  return files.sort((a, b) => rank(basename(a)) - rank(basename(b)) || a.localeCompare(b));
}

/** The mapping file beside a CSV export (`<stem>.mapping.yaml|yml|json`), if any. */
export function siblingMapping(file: string): string | undefined {
  const stem = file.slice(0, file.length - extname(file).length);
  return ['.mapping.yaml', '.mapping.yml', '.mapping.json'].map((e) => stem + e).find((m) => existsSync(m));
}

/** The first 512 bytes of a file, as text (what formatOf reads; the file is not read further). */
export async function firstBytes(file: string): Promise<string> {
  const s = createReadStream(file, { start: 0, end: 511, encoding: 'utf8' });
  let out = '';
  for await (const c of s) out += c;
  return out;
}

/** Parse items of one stream in `format`. */
export function itemsOfStream(input: Readable, source: string, format: Format, mapping?: Mapping): AsyncIterable<ParseItem | ParseItem[]> {
  if (format === 'csv') return parseCsvBatches(input, { source, ...(mapping ? { mapping } : {}) });
  if (format === 'ndjson') return parseNdjson(input, { source });
  return epcisItems(input, source, format === 'epcis' ? undefined : format);
}

/** Parse items of every path given (files, directories; '-' = stdin as NDJSON). */
export async function* itemsOfPaths(paths: string[], o: { mapping?: string; stdin?: Readable } = {}): AsyncGenerator<ParseItem | ParseItem[]> {
  const explicit = o.mapping ? await loadMapping(o.mapping) : undefined;
  for (const p of paths) {
    if (p === '-') {
      yield* itemsOfStream(o.stdin ?? process.stdin, 'stdin', 'ndjson');
      continue;
    }
    if (!existsSync(p)) throw new LgError('LG_NOT_FOUND', `no such file or directory: ${p}`, { path: p });
    const files = statSync(p).isDirectory() ? await filesOf(p) : [p];
    for (const f of files) {
      const format = formatOf(f, await firstBytes(f));
      const sibling = format === 'csv' && !explicit ? siblingMapping(f) : undefined;
      const mapping = explicit ?? (sibling ? await loadMapping(sibling) : undefined);
      yield* itemsOfStream(createReadStream(f), f, format, mapping);
    }
  }
}
