/** Plain-text tables for human output: aligned columns, at most `max` rows, then how many more. */

export const MAX_ROWS = 50;

type Cell = string | number | null | undefined;

const text = (c: Cell): string => (c === null || c === undefined ? '-' : typeof c === 'number' ? c.toLocaleString('en-US') : c);

/** Renders rows under a header; numbers are right-aligned. Returns the lines (no trailing newline). */
export function table(header: string[], rows: Cell[][], max = MAX_ROWS): string[] {
  const shown = rows.slice(0, max);
  const cells = shown.map((r) => r.map(text));
  const numeric = header.map((_, i) => shown.length > 0 && shown.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === undefined));
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 && !numeric[i] ? c : numeric[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join('  ').trimEnd();
  const lines = [line(header), ...cells.map(line)];
  if (rows.length > shown.length) lines.push(`… ${(rows.length - shown.length).toLocaleString('en-US')} more, use --json`);
  return lines;
}

/** "Lot 4, Serial 3" from a count map, largest first. */
export function countsLine(counts: Record<string, number>): string {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ');
}

/** Formats epoch ms as ISO without milliseconds, or '-'. */
export const when = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z'));
