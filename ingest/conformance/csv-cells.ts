/** Writing CSV text for the ingest conformance check: RFC 4180 quoting, one header, rows as column maps. */

/** Row cells by template column name (absent or null = empty cell). */
export type Cells = Record<string, string | number | null | undefined>;

const cell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
};

/** CSV text with `columns` as the header, one line per row. */
export function csvText(columns: readonly string[], rows: readonly Cells[]): string {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return lines.join('\n') + '\n';
}
