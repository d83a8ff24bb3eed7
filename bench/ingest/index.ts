/**
 * The ingest benchmark: CSV records/s end to end (parse, validate, log, apply to the embedded
 * store) and EPCIS JSON-LD events/s, each at 1x and 10x file size, every run in a fresh process
 * and data directory (peak RSS is that run's alone). Called by `npm run bench -- --ingest`
 * (wired in bench/cli.ts) or standalone: `node --import tsx bench/ingest/cli.ts --scale S`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressFn } from '../../lib/progress.ts';
import { machine, type Machine } from '../machine.ts';
import { dbPathOf } from '../../graph/open-store.ts';
import { DEFAULT_CHUNK } from '../../ingest/pipeline/pipeline.ts';
import { baselineLoad } from './baseline.ts';
import { storageFloor } from './floor.ts';
import { RECORDS_PER_UNIT, writePlantCsv } from './gen-csv.ts';
import { EVENTS_PER_UNIT, writeEpcisJson } from './gen-epcis.ts';

export type IngestScale = 'XS' | 'S' | 'M' | 'L';

/** Records in the 1x CSV file per scale (10x is ten times that); M's 10x file is 1M records. */
export const BASE_RECORDS: Record<IngestScale, number> = { XS: 2_000, S: 10_000, M: 100_000, L: 1_000_000 };

export interface IngestRow {
  format: 'csv' | 'epcis-jsonld';
  size: '1x' | '10x';
  records: number;
  fileMB: number;
  seconds: number;
  perSecond: number;
  peakRssMB: number;
  /** Peak RSS of a process that only opens the resulting data directory (the graph held in memory, DuckDB, Node). */
  storeRssMB: number;
  /**
   * The JS heap live once the ingest has returned, less that of the store alone (both after full
   * collections): what the ingest itself keeps, which does not grow with the file when it streams.
   * Absent in results before 2026-12-04 night.
   */
  keptHeapMB?: number | null;
  rejected: number;
  /** The same file loaded into plain DuckDB tables (bench/ingest/baseline.ts): rows/s. */
  baselinePerSecond: number;
  /**
   * The storage floor (bench/ingest/floor.ts): the rows this ingest wrote, stored again by DuckDB
   * alone in the same per-chunk commits, as records/s. No ingest keeping those rows can beat it here.
   */
  floorPerSecond: number;
}

export interface IngestBenchResult {
  kind: 'ingest';
  scale: IngestScale;
  machine: Machine;
  targets: { csvPerSecond: number; epcisPerSecond: number };
  results: IngestRow[];
}

const ROOT = join(import.meta.dirname, '../..');

function runChild<T>(args: string[]): T {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/ingest/run-one.ts'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`ingest run failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

/** Ingests `path` into `dataDir` in a child process, then measures the store alone in another. */
function runOne(path: string, dataDir: string): { records: number; rejected: number; seconds: number; recordsPerSecond: number; peakRssMB: number; storeRssMB: number; keptHeapMB: number | null } {
  const r = runChild<{ records: number; rejected: number; seconds: number; recordsPerSecond: number; peakRssMB: number; liveHeapMB: number | null }>([path, dataDir]);
  const alone = runChild<{ storeRssMB: number; storeHeapMB: number | null }>(['--open-only', dataDir]);
  return { ...r, storeRssMB: alone.storeRssMB, keptHeapMB: r.liveHeapMB === null || alone.storeHeapMB === null ? null : r.liveHeapMB - alone.storeHeapMB };
}

/** Runs the benchmark in `dir` (default .bench/ingest; cleared of its own files first). */
export async function ingestBench(o: { scale: IngestScale; dir?: string; onProgress?: ProgressFn; formats?: ('csv' | 'epcis-jsonld')[] }): Promise<IngestBenchResult> {
  const dir = o.dir ?? join(ROOT, '.bench', 'ingest');
  const formats = o.formats ?? ['csv', 'epcis-jsonld'];
  const results: IngestRow[] = [];
  const base = BASE_RECORDS[o.scale];
  for (const [size, mult] of [['1x', 1], ['10x', 10]] as const) {
    const work = join(dir, `${o.scale}-${size}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    if (formats.includes('csv')) {
      o.onProgress?.({ phase: `ingest bench: CSV ${size}`, done: 0, unit: 'runs' });
      const csvDir = join(work, 'csv');
      const { files } = await writePlantCsv(csvDir, Math.ceil((base * mult) / RECORDS_PER_UNIT));
      const r = runOne(csvDir, join(work, 'data-csv'));
      const b = await baselineLoad(csvDir, join(work, 'baseline-csv.duckdb'), 'csv');
      const fl = await storageFloor(dbPathOf(join(work, 'data-csv')), DEFAULT_CHUNK);
      results.push({ format: 'csv', size, records: r.records, fileMB: mb(files.reduce((a, f) => a + statSync(f).size, 0)), seconds: r.seconds, perSecond: r.recordsPerSecond, peakRssMB: r.peakRssMB, storeRssMB: r.storeRssMB, keptHeapMB: r.keptHeapMB, rejected: r.rejected, baselinePerSecond: Math.round(b.rows / b.seconds), floorPerSecond: Math.round(fl.records / fl.seconds) });
    }
    if (formats.includes('epcis-jsonld')) {
      o.onProgress?.({ phase: `ingest bench: EPCIS JSON-LD ${size}`, done: 0, unit: 'runs' });
      const file = join(work, 'events.jsonld');
      await writeEpcisJson(file, Math.ceil((base * mult) / 5 / EVENTS_PER_UNIT));
      const r = runOne(file, join(work, 'data-epcis'));
      const b = await baselineLoad(file, join(work, 'baseline-epcis.duckdb'), 'epcis-jsonld');
      const fl = await storageFloor(dbPathOf(join(work, 'data-epcis')), DEFAULT_CHUNK);
      results.push({ format: 'epcis-jsonld', size, records: r.records, fileMB: mb(statSync(file).size), seconds: r.seconds, perSecond: r.recordsPerSecond, peakRssMB: r.peakRssMB, storeRssMB: r.storeRssMB, keptHeapMB: r.keptHeapMB, rejected: r.rejected, baselinePerSecond: Math.round(b.rows / b.seconds), floorPerSecond: Math.round(fl.records / fl.seconds) });
    }
    rmSync(work, { recursive: true, force: true });
  }
  return { kind: 'ingest', scale: o.scale, machine: machine(), targets: { csvPerSecond: 100_000, epcisPerSecond: 20_000 }, results };
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/** BENCHMARKS.md rows for a result. */
export function ingestMarkdown(r: IngestBenchResult): string {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
  const lines = [
    `| scale | format | size | records | file MB | seconds | records/s | target | plain DuckDB load rows/s | lotgraph ÷ plain load | storage floor records/s | lotgraph ÷ floor | target ÷ floor | peak RSS MB | store alone MB | ingest's share MB | heap the ingest keeps MB |`,
    `|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...r.results.map((x) => {
      const target = x.format === 'csv' ? r.targets.csvPerSecond : r.targets.epcisPerSecond;
      return `| ${r.scale} | ${x.format} | ${x.size} | ${x.records.toLocaleString('en-US')} | ${x.fileMB} | ${x.seconds.toFixed(1)} | ${x.perSecond.toLocaleString('en-US')} | ${target.toLocaleString('en-US')} | ${x.baselinePerSecond.toLocaleString('en-US')} | ${ratio(x.perSecond, x.baselinePerSecond)} | ${x.floorPerSecond.toLocaleString('en-US')} | ${ratio(x.perSecond, x.floorPerSecond)} | ${ratio(target, x.floorPerSecond)} | ${x.peakRssMB} | ${x.storeRssMB} | ${x.peakRssMB - x.storeRssMB} | ${x.keptHeapMB ?? '–'} |`;
    }),
  ];
  return lines.join('\n');
}
