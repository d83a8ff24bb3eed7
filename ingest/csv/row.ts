/**
 * One CSV row -> one ParseItem: finds the template's columns in the header (through the mapping),
 * converts each field (numbers, times, units, lists) and builds the record, or says which field is
 * wrong and why. Pure: no I/O.
 */
import type { IngestRecord, ParseItem, RecordError, SourcePos } from '../record.ts';
import { gs1ErrorOf, gs1Of } from './gs1-forms.ts';
import { timeParser, type TimeParser } from './dates.ts';
import type { Mapping } from './mapping.ts';
import { rawKeys, slotsOf, type Slot } from './header.ts';
import type { Template, Values } from './template.ts';
import { parseNumber } from './numbers.ts';
import { postingOf, rowKey } from './row-key.ts';
import { Units } from './units.ts';

export interface RowReader {
  /** Problems with the header itself (a required column missing): the file cannot be read. */
  headerErrors: RecordError[];
  read(row: string[], line: number, record: number): ParseItem;
}

/** A reader for rows of `template` under `header`, as `mapping` says to read them. */
export function rowReader(source: string, template: Template, header: string[], mapping: Mapping = {}): RowReader {
  const { slots, errors: headerErrors } = slotsOf(source, template, header, mapping);
  const keys = rawKeys(header);
  let parseTime: TimeParser;
  try {
    parseTime = timeParser(mapping.dateFormat, mapping.timeZone);
  } catch (e) {
    // checkMapping refuses such a pattern; a mapping object given without it still gets a clear error
    headerErrors.push({ pos: { source, line: 1 }, reason: `mapping dateFormat: ${(e as Error).message}` });
    parseTime = () => null;
  }
  const units = new Units(mapping.units, mapping.knownUnits);
  const decimal = mapping.decimal ?? '.';
  const listSep = new RegExp((mapping.listSeparator ? [mapping.listSeparator] : ['|', ';']).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  const uomSlot = slots.find((s) => s.col.name === 'uom');
  const reversalCodes = mapping.reversalValues ? new Set(mapping.reversalValues.map((x) => x.trim().toLowerCase())) : undefined;
  // columns that may hold a GS1 form, whose values GS1 may not allow (kept, with a warning)
  const gs1Slots = slots.filter((s) => GS1_COLUMNS.has(s.col.name));
  // the columns naming what a row is about (its key, the item it names)
  const idCols = new Set([...template.key, ...GS1_COLUMNS]);
  const quote = mapping.quote ?? '"';

  return {
    headerErrors,
    read(row, line, record) {
      if (row.length !== header.length) return badItem(source, line, record, undefined, `row has ${row.length} fields, the header has ${header.length}`, row.join(',').slice(0, 200));
      const v: Values = {};
      // the time cells as written (the record's own time names its field in a time-order reject)
      let times: { s: (typeof slots)[number]; text: string; ms: number }[] | undefined;
      for (const s of slots) {
        const parts = s.more ? partsOf(row, s.index, s.more) : undefined;
        // a list of columns is read whole or not at all: a part missing would make another value
        // (a posting "2026//" shared by unrelated rows)
        if (parts && parts.some((p) => p === '') && parts.some((p) => p !== '')) return badItem(source, line, record, s, `${s.col.name} is read from the columns ${s.field.split('+').join(', ')}: fill them all, or none (${s.field.split('+').filter((_, i) => parts[i] === '').join(', ')} empty)`, parts.join('/'));
        const text = (parts ? parts.join('/').replace(/^\/+$/, '') : (s.index >= 0 ? row[s.index]! : s.constant ?? '').trim()) || (s.constant ?? '').trim();
        if (text === '') {
          if (s.col.required) return badItem(source, line, record, s, `missing required field ${s.col.name}`);
          v[s.col.name] = null;
          continue;
        }
        switch (s.col.type) {
          case 'text':
            // a key read with a quote in front: a quoted field with characters after its closing quote
            // (`"L1" ,`), which the parser keeps as text (parse.ts relax_quotes): not silently another key
            if (text.startsWith(quote) && idCols.has(s.col.name)) return badItem(source, line, record, s, `${s.col.name} begins with a quote but is not quoted as a whole (characters after its closing quote?): fix the export`, text);
            v[s.col.name] = text;
            break;
          case 'number': {
            const n = parseNumber(text, decimal);
            if (n === null) return badItem(source, line, record, s, `bad number in ${s.col.name}${numberHint(decimal, text)}`, text);
            if (n < 0) return badItem(source, line, record, s, `negative quantity in ${s.col.name}`, text);
            v[s.col.name] = n;
            break;
          }
          case 'time': {
            const ms = parseTime(text);
            if (ms === null) return badItem(source, line, record, s, `bad date in ${s.col.name}: expected ${mapping.dateFormat ?? 'ISO-8601 such as 2026-03-01T08:00:00Z'}${mapping.timeZone ? ` (${mapping.timeZone})` : ''}`, text);
            v[s.col.name] = s.col.endOfDay && dateAlone(text) ? ms + DAY_MS - 1 : ms;
            (times ??= []).push({ s, text, ms });
            break;
          }
          case 'list':
            v[s.col.name] = text.split(listSep).map((x) => x.trim()).filter((x) => x !== '');
            break;
          case 'flag': {
            const f = flagOf(text, reversalCodes);
            if (f === null) return badItem(source, line, record, s, `bad value in ${s.col.name}: expected yes or no (true/false, 1/0, x); list the export's own codes for a reversal in the mapping's reversalValues`, text);
            v[s.col.name] = f;
            break;
          }
        }
      }
      if (uomSlot && v.uom !== null && v.uom !== undefined) {
        const u = units.apply(v.qty as number | null, v.uom as string);
        if ('error' in u) return badItem(source, line, record, uomSlot, u.error, String(v.uom));
        v.qty = u.qty;
        v.uom = u.uom;
      }
      if (v.reversal === true && (v.qty === null || v.qty === undefined)) {
        return badItem(source, line, record, slots.find((s) => s.col.name === 'qty'), 'a reversal needs the quantity it takes back (qty)');
      }
      if (template.oneOf && template.oneOf.every((c) => v[c] === null || v[c] === undefined)) {
        return badItem(source, line, record, undefined, `one of ${template.oneOf.join(', ')} is required`);
      }
      if ((v.lot || v.serial) && !v.material && !gs1Of(String(v.serial ?? v.lot))) return badItem(source, line, record, slots.find((s) => s.col.name === 'material'), 'material is required with a lot or serial number');
      let built;
      let id;
      try {
        built = template.build(v);
        id = rowKey(template, v);
      } catch (e) {
        return badItem(source, line, record, undefined, (e as Error).message);
      }
      const raw: Record<string, string> = {};
      for (let i = 0; i < keys.length; i++) raw[keys[i]!] = row[i]!;
      const rec: IngestRecord = { id, type: template.name, pos: { source, line, record }, at: built.at, batch: built.batch, raw };
      const when = built.at === null ? undefined : times?.find((t) => t.ms === built.at && !t.s.col.endOfDay);
      if (when) rec.atSource = { field: when.s.field, text: when.text, dateOnly: dateAlone(when.text) };
      const posting = postingOf(id);
      if (posting !== null) {
        rec.posting = posting;
        rec.formerId = rowKey(template, { ...v, posting: null });
      }
      for (const sl of gs1Slots) {
        const text = v[sl.col.name];
        if (typeof text !== 'string') continue;
        const warnings = gs1Of(text)?.warnings;
        if (warnings) for (const w of warnings) (rec.warnings ??= []).push({ pos: { source, line, record, field: sl.field }, reason: w.message, value: text });
        // written as a GS1 form, but not a valid one: kept as given (an id of its own, met by no other form of the item)
        const bad = gs1ErrorOf(text);
        if (bad !== null) (rec.warnings ??= []).push({ pos: { source, line, record, field: sl.field }, reason: `not a valid GS1 form, kept as given (no other form of the item names it): ${bad}`, value: text });
      }
      return { ok: true, record: rec };
    },
  };
}

const GS1_COLUMNS = new Set(['lot', 'serial', 'container', 'into']);

const DAY_MS = 86_400_000;
/** A time written as a date alone (no hour): `2026-03-01`, `01.03.2026`, `20260301`. */
const dateAlone = (text: string): boolean => !/[:T]/.test(text) && text.replace(/\D/g, '').length <= 8;

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0']);

/** A flag's value: membership of the mapping's codes when it lists them, else yes/no; null when neither. */
function flagOf(text: string, codes: Set<string> | undefined): boolean | null {
  const t = text.toLowerCase();
  if (codes) return codes.has(t);
  return YES.has(t) ? true : NO.has(t) ? false : null;
}

/** Why a number may have been refused: the decimal separator in force. */
const numberHint = (decimal: '.' | ',', text: string): string =>
  decimal === ',' ? " (decimal separator ',': '.' only between groups of three digits, as in 1.234,5)" : text.includes(',') ? " (decimal separator '.': set decimal: ',' in the mapping for 1.234,5)" : '';

/** A rejected row (made only when a row is bad: the hot path allocates no closure per row). */
function badItem(source: string, line: number, record: number, slot: Slot | undefined, reason: string, value?: string): ParseItem {
  const pos: SourcePos = { source, line, record };
  if (slot) pos.field = slot.field;
  return { ok: false, error: value === undefined ? { pos, reason } : { pos, reason, value } };
}

/** The values of a mapping's list of columns, trimmed (to be joined with '/'). */
function partsOf(row: string[], first: number, more: number[]): string[] {
  return [first, ...more].map((i) => (i >= 0 ? row[i]!.trim() : ''));
}
