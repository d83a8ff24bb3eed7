/**
 * One CSV row -> one ParseItem: finds the template's columns in the header (through the mapping),
 * converts each field (numbers, times, units, lists) and builds the record, or says which field is
 * wrong and why. Pure: no I/O.
 */
import type { ParseItem, RecordError, SourcePos } from '../record.ts';
import { gs1Of } from './gs1-forms.ts';
import { timeParser, type TimeParser } from './dates.ts';
import type { Mapping } from './mapping.ts';
import type { Column, Template, Values } from './template.ts';
import { Units } from './units.ts';

interface Slot {
  col: Column;
  /** Header name in the export (for positions), or the constant's name. */
  field: string;
  index: number;
  constant: string | undefined;
}

export interface RowReader {
  /** Problems with the header itself (a required column missing): the file cannot be read. */
  headerErrors: RecordError[];
  read(row: string[], line: number, record: number): ParseItem;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A reader for rows of `template` under `header`, as `mapping` says to read them. */
export function rowReader(source: string, template: Template, header: string[], mapping: Mapping = {}): RowReader {
  const lower = header.map((h) => h.trim().toLowerCase());
  const headerErrors: RecordError[] = [];
  const slots: Slot[] = template.columns.map((col) => {
    const name = mapping.columns?.[col.name] ?? col.name;
    const index = lower.indexOf(name.trim().toLowerCase());
    const constant = mapping.constants?.[col.name];
    if (index < 0 && constant === undefined) {
      if (col.required) headerErrors.push({ pos: { source, line: 1, field: name }, reason: `missing required column '${name}'${name !== col.name ? ` (template column ${col.name})` : ''} for template ${template.name}`, value: header.join(',') });
      else if (mapping.columns?.[col.name]) headerErrors.push({ pos: { source, line: 1, field: name }, reason: `mapped column '${name}' (template column ${col.name}) is not in the header`, value: header.join(',') });
    }
    return { col, field: index >= 0 ? header[index]!.trim() : name, index, constant };
  });
  const parseTime: TimeParser = timeParser(mapping.dateFormat, mapping.timeZone);
  const units = new Units(mapping.units, mapping.knownUnits);
  const decimalComma = mapping.decimal === ',';
  const listSep = new RegExp((mapping.listSeparator ? [mapping.listSeparator] : ['|', ';']).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  const uomSlot = slots.find((s) => s.col.name === 'uom');

  return {
    headerErrors,
    read(row, line, record) {
      if (row.length !== header.length) return badItem(source, line, record, undefined, `row has ${row.length} fields, the header has ${header.length}`, row.join(',').slice(0, 200));
      const v: Values = {};
      for (const s of slots) {
        const text = (s.index >= 0 ? row[s.index]! : s.constant ?? '').trim() || (s.constant ?? '').trim();
        if (text === '') {
          if (s.col.required) return badItem(source, line, record, s, `missing required field ${s.col.name}`);
          v[s.col.name] = null;
          continue;
        }
        switch (s.col.type) {
          case 'text':
            v[s.col.name] = text;
            break;
          case 'number': {
            const t = decimalComma ? text.replaceAll('.', '').replace(',', '.') : text;
            if (!NUMBER.test(t)) return badItem(source, line, record, s, `bad number in ${s.col.name}${decimalComma ? " (decimal separator ',')" : ''}`, text);
            const n = Number(t);
            if (n < 0) return badItem(source, line, record, s, `negative quantity in ${s.col.name}`, text);
            v[s.col.name] = n;
            break;
          }
          case 'time': {
            const ms = parseTime(text);
            if (ms === null) return badItem(source, line, record, s, `bad date in ${s.col.name}: expected ${mapping.dateFormat ?? 'ISO-8601 such as 2026-03-01T08:00:00Z'}${mapping.timeZone ? ` (${mapping.timeZone})` : ''}`, text);
            v[s.col.name] = ms;
            break;
          }
          case 'list':
            v[s.col.name] = text.split(listSep).map((x) => x.trim()).filter((x) => x !== '');
            break;
        }
      }
      if (uomSlot && v.uom !== null && v.uom !== undefined) {
        const u = units.apply(v.qty as number | null, v.uom as string);
        if ('error' in u) return badItem(source, line, record, uomSlot, u.error, String(v.uom));
        v.qty = u.qty;
        v.uom = u.uom;
      }
      if (template.oneOf && template.oneOf.every((c) => v[c] === null || v[c] === undefined)) {
        return badItem(source, line, record, undefined, `one of ${template.oneOf.join(', ')} is required`);
      }
      if ((v.lot || v.serial) && !v.material && !gs1Of(String(v.serial ?? v.lot))) return badItem(source, line, record, slots.find((s) => s.col.name === 'material'), 'material is required with a lot or serial number');
      let built;
      let id = `${template.name}:`;
      try {
        built = template.build(v);
        for (let k = 0; k < template.key.length; k++) id += (k > 0 ? '|' : '') + encodeURIComponent(String(v[template.key[k]!] ?? ''));
      } catch (e) {
        return badItem(source, line, record, undefined, (e as Error).message);
      }
      const raw: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) raw[header[i]!] = row[i]!;
      return { ok: true, record: { id, type: template.name, pos: { source, line, record }, at: built.at, batch: built.batch, raw } };
    },
  };
}

/** A rejected row (made only when a row is bad: the hot path allocates no closure per row). */
function badItem(source: string, line: number, record: number, slot: Slot | undefined, reason: string, value?: string): ParseItem {
  const pos: SourcePos = { source, line, record };
  if (slot) pos.field = slot.field;
  return { ok: false, error: value === undefined ? { pos, reason } : { pos, reason, value } };
}
