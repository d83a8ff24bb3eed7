/**
 * Template rows written as CSV files, named so `lotgraph ingest` finds each file's template by its
 * name. `time` order (the default) writes master data first, then the flows in event-time order,
 * a file per run of rows of one template (`007-consumptions.csv`): the order a plant's systems
 * produce them. `template` order writes one file per template, read in the directory order the CLI
 * uses (ingest/pipeline/sources.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { templateByName, TEMPLATES } from '../csv/index.ts';
import { csvText } from './csv-cells.ts';
import type { CsvRow } from './csv-rows.ts';

export type CsvOrder = 'time' | 'template';

const rank = (t: string): number => TEMPLATES.findIndex((x) => x.name === t);

/** Writes `rows` into `dir` as `<prefix>NNN-<template>.csv` files; returns their paths in ingest order. */
export async function writeCsvFiles(dir: string, prefix: string, rows: readonly CsvRow[], order: CsvOrder = 'time'): Promise<string[]> {
  const sorted = [...rows].sort((a, b) => {
    if (order === 'template') return rank(a.template) - rank(b.template);
    const ta = a.at ?? Number.POSITIVE_INFINITY;
    const tb = b.at ?? Number.POSITIVE_INFINITY;
    // Master data first (no time, master templates rank lowest), then by time, then template order.
    const ma = a.at === null && rank(a.template) < rank('receipts');
    const mb = b.at === null && rank(b.template) < rank('receipts');
    if (ma !== mb) return ma ? -1 : 1;
    return ta - tb || rank(a.template) - rank(b.template);
  });
  const runs: { template: string; rows: CsvRow[] }[] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.template === r.template) last.rows.push(r);
    else runs.push({ template: r.template, rows: [r] });
  }
  const paths: string[] = [];
  for (const [i, run] of runs.entries()) {
    const columns = templateByName(run.template)!.columns.map((c) => c.name);
    const path = join(dir, `${prefix}${String(i + 1).padStart(3, '0')}-${run.template}.csv`);
    await writeFile(path, csvText(columns, run.rows.map((r) => r.cells)));
    paths.push(path);
  }
  return paths;
}
