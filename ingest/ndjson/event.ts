/**
 * One canonical event -> one ParseItem. Template events are read through the CSV row reader (the
 * same conversions, checks and idempotency keys as a CSV row); `graph` events carry a batch as is.
 */
import { createHash } from 'node:crypto';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import type { Batch } from '../../graph/model.ts';
import { parseOptionalInstant } from '../../lib/time.ts';
import { postingOf } from '../csv/row-key.ts';
import { rowReader, type RowReader } from '../csv/row.ts';
import { templateByName } from '../csv/templates.ts';
import type { Template } from '../csv/template.ts';
import type { ParseItem, SourcePos } from '../record.ts';
import { EVENT_SCHEMAS, EVENT_TYPES } from './schema.ts';

const checks = new Map<string, TypeCheck<TObject>>(Object.entries(EVENT_SCHEMAS).map(([t, s]) => [t, TypeCompiler.Compile(s)]));

/** A JSON string with sorted keys: the same event always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const timeColumn = (t: Template): string | undefined => (t.columns.find((c) => c.type === 'time' && c.required) ?? t.columns.find((c) => c.type === 'time'))?.name;

/** Converts events of one source; keeps one row reader per template. */
export class EventReader {
  private readonly readers = new Map<string, { t: Template; r: RowReader; time: string | undefined }>();

  constructor(private readonly source: string) {}

  read(ev: unknown, line: number, record: number): ParseItem {
    const pos: SourcePos = { source: this.source, line, record };
    const bad = (reason: string, field?: string, value?: string): ParseItem => ({ ok: false, error: { pos: field ? { ...pos, field } : pos, reason, ...(value === undefined ? {} : { value }) } });
    if (!ev || typeof ev !== 'object' || Array.isArray(ev)) return bad('an event must be a JSON object');
    const o = ev as Record<string, unknown>;
    const type = typeof o.type === 'string' ? o.type : '';
    const check = checks.get(type);
    if (!check) return bad(`unknown event type '${String(o.type)}' (one of ${[...checks.keys()].join(', ')})`, 'type', String(o.type));
    const err = check.Errors(o).First();
    if (err) return bad(`${err.path || '/'}: ${err.message}`, err.path.replace(/^\//, '').split('/')[0] || undefined, JSON.stringify(err.value)?.slice(0, 200));
    if (type === 'graph') return this.graph(o, pos, bad);
    let rd = this.readers.get(type);
    if (!rd) {
      const t = templateByName(EVENT_TYPES[type]!)!;
      rd = { t, r: rowReader(this.source, t, t.columns.map((c) => c.name)), time: timeColumn(t) };
      this.readers.set(type, rd);
    }
    const row = rd.t.columns.map((c) => {
      const x = c.name === rd.time && (o[c.name] === undefined || o[c.name] === null) ? o.at : o[c.name];
      if (x === undefined || x === null) return '';
      if (typeof x === 'number' && c.type === 'time') return new Date(x).toISOString();
      if (Array.isArray(x)) return x.join('|');
      return String(x);
    });
    const item = rd.r.read(row, line, record);
    if (!item.ok) return item;
    if (typeof o.id !== 'string') return { ok: true, record: { ...item.record, raw: o } };
    // its own id names no posting (a posting is read from the template's key)
    const { posting: _p, ...rest } = item.record;
    const posting = postingOf(o.id);
    return { ok: true, record: { ...rest, id: o.id, raw: o, ...(posting !== null ? { posting } : {}) } };
  }

  private graph(o: Record<string, unknown>, pos: SourcePos, bad: (reason: string, field?: string, value?: string) => ParseItem): ParseItem {
    let at: number | null;
    try {
      at = parseOptionalInstant(o.at, 'at');
    } catch (e) {
      return bad((e as Error).message, 'at', String(o.at));
    }
    const batch: Batch = {};
    if (o.nodes) batch.nodes = o.nodes as Batch['nodes'];
    if (o.edges) batch.edges = o.edges as Batch['edges'];
    if (o.removeEdges) batch.removeEdges = o.removeEdges as Batch['removeEdges'];
    const id = typeof o.id === 'string' ? o.id : `graph:${createHash('sha256').update(canonicalJson(o)).digest('hex').slice(0, 32)}`;
    const retracts = Array.isArray(o.retracts) ? (o.retracts as string[]) : undefined;
    return { ok: true, record: { id, type: 'graph', pos, at, batch, raw: o, ...(retracts ? { retracts } : {}) } };
  }
}
