/**
 * Where each template column is in an export's header, as the mapping says: names match trimmed and
 * case-insensitively; a mapping value `#3` names the third column (for a header with duplicate or
 * empty names); a list of names (for a text column) reads their values joined with '/'. Anything that
 * would make a value be read from the wrong column, or silently not at all,
 * is a header error: a mapping key that is no template column, a name the header has twice, a mapped
 * column that is absent.
 */
import type { RecordError } from '../record.ts';
import type { Mapping } from './mapping.ts';
import type { Column, Template } from './template.ts';

export interface Slot {
  col: Column;
  /** Header name in the export (for positions), or the constant's name. */
  field: string;
  index: number;
  /** The further columns whose values are joined to the first's with '/' (a mapping's list of columns). */
  more?: number[];
  constant: string | undefined;
}

/** The slots of `template` in `header`, and what is wrong with the header or the mapping for it. */
export function slotsOf(source: string, template: Template, header: string[], mapping: Mapping): { slots: Slot[]; errors: RecordError[] } {
  const lower = header.map((h) => h.trim().toLowerCase());
  const errors: RecordError[] = [];
  const err = (field: string, reason: string) => errors.push({ pos: { source, line: 1, field }, reason, value: header.join(',') });
  const names = template.columns.map((c) => c.name);
  for (const key of ['columns', 'constants'] as const) {
    for (const c of Object.keys(mapping[key] ?? {})) if (!names.includes(c)) err(c, `mapping ${key}: '${c}' is not a column of template ${template.name} (columns: ${names.join(', ')})`);
  }
  const find = (name: string): number[] => {
    const n = /^#(\d+)$/.exec(name.trim());
    if (n) return Number(n[1]) >= 1 && Number(n[1]) <= header.length ? [Number(n[1]) - 1] : [];
    const want = name.trim().toLowerCase();
    return lower.flatMap((h, i) => (h === want ? [i] : []));
  };
  // a header column mapped to one template column is not also read, by its name, as another
  const claimed = new Set(Object.values(mapping.columns ?? {}).flatMap((v) => (Array.isArray(v) ? v : [v])).flatMap(find));
  const slots = template.columns.map((col): Slot => {
    const listed = mapping.columns?.[col.name];
    const parts = Array.isArray(listed) && listed.length > 1 ? listed : undefined;
    const mapped = Array.isArray(listed) ? listed[0] : listed;
    if (parts && col.type !== 'text') err(parts.join('+'), `mapping columns: '${col.name}' is a ${col.type} column; a list of export columns (joined with '/') is for text columns`);
    const more = parts?.slice(1).map((p) => {
      const at = find(p);
      if (at.length === 0) err(p, `mapped column '${p}' (template column ${col.name}) is not in the header`);
      if (at.length > 1) err(p, `column '${p}' is in the header ${at.length} times (columns ${at.map((i) => i + 1).join(', ')}): map ${col.name} to one of them by number, such as "#${at[0]! + 1}"`);
      return at[0] ?? -1;
    });
    const name = mapped ?? col.name;
    const at = mapped === undefined ? find(name).filter((i) => !claimed.has(i)) : find(name);
    const constant = mapping.constants?.[col.name];
    if (at.length > 1) err(name, `column '${name}' is in the header ${at.length} times (columns ${at.map((i) => i + 1).join(', ')}): map ${col.name} to one of them by number, such as "#${at[0]! + 1}"`);
    const index = at[0] ?? -1;
    if (index < 0 && constant === undefined) {
      if (col.required) err(name, `missing required column '${name}'${name !== col.name ? ` (template column ${col.name})` : ''} for template ${template.name}`);
      else if (mapped !== undefined) err(name, `mapped column '${name}' (template column ${col.name}) is not in the header`);
    }
    const field = index >= 0 ? header[index]!.trim() || `#${index + 1}` : name;
    return { col, field: parts ? [field, ...parts.slice(1)].join('+') : field, index, ...(more ? { more } : {}), constant };
  });
  return { slots, errors };
}

/** Keys for the logged copy of a row: the header names, a repeated one with its column number (`Menge#5`). */
export function rawKeys(header: string[]): string[] {
  const seen = new Set<string>();
  return header.map((h, i) => {
    const k = seen.has(h) ? `${h}#${i + 1}` : h;
    seen.add(k);
    return k;
  });
}
