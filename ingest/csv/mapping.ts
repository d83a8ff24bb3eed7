/**
 * The column-mapping file: how to read an ERP/MES export as one of our templates without editing
 * it (column names, delimiter, date pattern and time zone, decimal comma, units, constants).
 * JSON or YAML; validated by one TypeBox schema, every problem reported at once.
 */
import { readFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { LgError } from '../../lib/errors.ts';
import { dateFormatProblem, isTimeZone } from './dates.ts';
import { templateByName, TEMPLATE_NAMES } from './templates.ts';

export const MappingSchema = Type.Object(
  {
    /** Template the export feeds (else detected from the header or file name). */
    template: Type.Optional(Type.String()),
    /** Field delimiter (default ','; `tab` or `\t` for a tab, which YAML only writes as "\t" in double quotes). */
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 4 })),
    quote: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    /** Encoding of the export (default utf8, checked); latin1 reads Windows-1252 (windows-1252 is the same). */
    encoding: Type.Optional(Type.Union([Type.Literal('utf8'), Type.Literal('latin1'), Type.Literal('windows-1252'), Type.Literal('utf16le')])),
    /**
     * Template column -> export column header; for a text column also a list of headers, whose values
     * are joined with '/' (SAP's material document and line, MBLNR and ZEILE, as one `posting`).
     */
    columns: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 8 })]))),
    /** Template column -> a value used for every row (when the export has no such column). */
    constants: Type.Optional(Type.Record(Type.String(), Type.String())),
    /** Date pattern with tokens YYYY MM DD HH mm ss SSS (default ISO-8601). */
    dateFormat: Type.Optional(Type.String({ minLength: 1 })),
    /** IANA time zone of times written without an offset (default UTC). */
    timeZone: Type.Optional(Type.String({ minLength: 1 })),
    /** Decimal separator of numbers (',' for 1.234,5). */
    decimal: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')])),
    /** Unit conversions: source unit -> { to, factor } (qty * factor). */
    units: Type.Optional(Type.Record(Type.String(), Type.Object({ to: Type.String({ minLength: 1 }), factor: Type.Number({ exclusiveMinimum: 0 }) }, { additionalProperties: false }))),
    /** Further unit names accepted as they are. */
    knownUnits: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /**
     * Values of the export's column mapped to `reversal` that mean "this row reverses an earlier
     * posting" (SAP movement types 102, 122, 262, 502...); any other value is a normal posting. Without
     * it, `reversal` reads yes/no, true/false, 1/0 or x. Compared trimmed and case-insensitively.
     */
    reversalValues: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    /** Separator of list columns (default '|' or ';'). */
    listSeparator: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type Mapping = Static<typeof MappingSchema>;

/** Validates a parsed mapping object; `where` names the file in errors. */
export function checkMapping(m: unknown, where = 'mapping'): Mapping {
  const problems = [...Value.Errors(MappingSchema, m)].map((e) => `${e.path || '/'}: ${e.message}`);
  let map = m as Mapping;
  if (problems.length === 0) {
    if (map.delimiter === 'tab' || map.delimiter === '\\t') map = { ...map, delimiter: '\t' };
    if (map.decimal === ',' && (map.delimiter ?? ',') === ',') problems.push(`/decimal: the decimal separator ',' is also the delimiter: set delimiter (such as ";")`);
    const t = map.template === undefined ? undefined : templateByName(map.template);
    if (map.template !== undefined && !t) problems.push(`/template: unknown template '${map.template}' (one of ${TEMPLATE_NAMES.join(', ')})`);
    if (map.timeZone && !isTimeZone(map.timeZone)) problems.push(`/timeZone: unknown time zone '${map.timeZone}'`);
    const df = map.dateFormat === undefined ? undefined : dateFormatProblem(map.dateFormat);
    if (df) problems.push(`/dateFormat: ${df}`);
    if (t) {
      for (const key of ['columns', 'constants'] as const) {
        for (const c of Object.keys(map[key] ?? {})) {
          if (!t.columns.some((x) => x.name === c)) problems.push(`/${key}/${c}: template ${t.name} has no column '${c}' (columns: ${t.columns.map((x) => x.name).join(', ')})`);
        }
      }
      for (const [c, v] of Object.entries(map.columns ?? {})) {
        const col = t.columns.find((x) => x.name === c);
        if (Array.isArray(v) && col && col.type !== 'text') problems.push(`/columns/${c}: a list of export columns (joined with '/') is for text columns; ${c} is a ${col.type} column: map it to one column`);
      }
    }
  }
  if (problems.length) throw new LgError('LG_BAD_PARAM', `${where}: ${problems.join('; ')}`, { file: where, problems });
  return map;
}

/** Reads a mapping file (.json, else YAML, which also reads JSON). */
export async function loadMapping(file: string): Promise<Mapping> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, ''); // editors on Windows write a BOM
  } catch (e) {
    throw new LgError('LG_BAD_PARAM', `cannot read mapping file ${file}: ${(e as Error).message}`, { file });
  }
  let obj: unknown;
  try {
    obj = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new LgError('LG_BAD_PARAM', `${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`, { file });
  }
  return checkMapping(obj, file);
}
