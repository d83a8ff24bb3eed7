/**
 * What a CSV template is: its columns (name, type, required, meaning) and how one validated row
 * becomes an IngestRecord's graph batch. The templates themselves are in templates-*.ts.
 */
import type { Batch, NodeInput } from '../../graph/model.ts';

/**
 * Column types: text, a number, a point in time, a list of ids separated by `|` or `;`, a yes/no
 * flag (`reversal`: yes/no, true/false, 1/0, x, or the mapping's `reversalValues`).
 */
export type ColumnType = 'text' | 'number' | 'time' | 'list' | 'flag';

export interface Column {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** One line for ingest/README.md and error messages. */
  doc: string;
  /**
   * Added to its template after rows were logged: an empty value adds nothing to the row hash (nor
   * does `no` in a flag), so a row without it keeps the key it had before (csv/row-key.ts).
   */
  late?: true;
  /** A time column where a date alone means the end of that day rather than its start (the safe side for an ending). */
  endOfDay?: true;
}

/** A row after conversion: text/list as strings, numbers as numbers, times as epoch ms, flags as booleans; null when empty. */
export type Values = Record<string, string | number | string[] | boolean | null>;

/** What a row asserts: its record type, event time, graph batch, and an extra reason to reject it. */
export interface Built {
  at: number | null;
  batch: Batch;
}

export interface Template {
  /** Template name = record type prefix (`consumptions`). */
  name: string;
  /** One line for the README. */
  doc: string;
  columns: Column[];
  /** Columns whose values form the natural row key (the record id is `<name>:<key>`). */
  key: string[];
  /** Alternative required groups: at least one of these columns must be filled (e.g. lot or serial). */
  oneOf?: string[];
  build(v: Values): Built;
}

/** A text value (the caller validated required columns). */
export const str = (v: Values, c: string): string => (v[c] as string | null) ?? '';
/** An optional text value. */
export const opt = (v: Values, c: string): string | undefined => (v[c] === null || v[c] === undefined ? undefined : String(v[c]));
/** An optional number. */
export const num = (v: Values, c: string): number | null => (typeof v[c] === 'number' ? (v[c] as number) : null);
/** A flag value (false when empty). */
export const flag = (v: Values, c: string): boolean => v[c] === true;
/** A list value ([] when empty). */
export const list = (v: Values, c: string): string[] => (Array.isArray(v[c]) ? (v[c] as string[]) : []);

/** Props without empty values (an absent column never overwrites what an earlier file set). */
export function props(o: Record<string, string | number | null | undefined>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const k in o) {
    const x = o[k];
    if (x !== null && x !== undefined && x !== '') out[k] = x;
  }
  return out;
}

/**
 * The node of an entity a row names only by reference (the supplier of a receipt, an operation, its
 * equipment and site, a shipment, its customer), with the id as written and no props: its id finds it
 * (`recall --supplier SUP1`, `trace SHP1`) before any master-data row arrives, and the stores union ids
 * and merge props on upsert, so master data written before or after keeps its props.
 */
export const ref = (kind: NodeInput['kind'], key: string, id: string): NodeInput => ({ kind, key, ids: [id] });
