/**
 * The benchmark run: generate (or reuse) the plant, load it into each engine, time the four cases
 * from the same origins on every engine, cross-check the answers, write the JSON report and its
 * markdown section.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Batch } from '../graph/model.ts';
import { cacheDir, GENERATOR_VERSION, readCache, writeCache, type PlantCache } from './cache.ts';
import { BENCH_CASES, type BenchCase, type BenchEngine } from './engine.ts';
import { defaultEngines, engineSpec } from './engine-specs.ts';
import { DuckdbSqlEngine } from './engines/duckdb-sql.ts';
import { SQL_VARIANTS } from './engines/sql-queries.ts';
import { generatePlant, type Scale } from './generate.ts';
import { machine } from './machine.ts';
import { measureCase, percentile, roundMs, type CaseTiming } from './measure.ts';
import { pickOrigins } from './origins.ts';
import { stderrLog, withProgress, type Log } from './progress.ts';
import { renderMarkdown, updateBenchmarksMd, type BenchReport, type ResultRow } from './report.ts';

export interface BenchOptions {
  scale: Scale;
  /** JSON report path; the markdown section goes beside it (`.md`). */
  out?: string;
  seed?: number;
  engines?: string[];
  /** Origins per case for embedded and Neo4j (default 1,000). */
  samples?: number;
  /** Origins per case for the baselines, duckdb-sql and neo4j-naive (default 50). */
  sqlSamples?: number;
  /** Cache root (default `.bench`). */
  baseDir?: string;
  /** A BENCHMARKS.md to update with this scale's section. */
  md?: string;
  /** Progress sink (default stderr; null for silence). */
  log?: Log | null;
}

const records = (b: Batch): number => (b.nodes?.length ?? 0) + (b.edges?.length ?? 0);

function row(engine: string, c: BenchCase, t: CaseTiming, variant?: string): ResultRow {
  const sorted = [...t.reachable].sort((a, b) => a - b);
  const r: ResultRow = {
    engine, case: c, p50_ms: roundMs(percentile(t.ms, 50)), p99_ms: roundMs(percentile(t.ms, 99)),
    reachable: sorted[Math.floor(sorted.length / 2)] ?? 0, samples: t.ms.length, mean_ms: roundMs(t.ms.reduce((a, b) => a + b, 0) / Math.max(1, t.ms.length)),
  };
  if (variant) r.variant = variant;
  const timeouts = t.reachable.filter((n) => n < 0).length;
  if (timeouts > 0) r.timeouts = timeouts;
  return r;
}

/** The command line that reproduces a run. */
export function commandOf(o: BenchOptions): string {
  const parts = ['npm run bench --', '--scale', o.scale, '--out', o.out ?? 'FILE.json'];
  if (o.seed !== undefined) parts.push('--seed', String(o.seed));
  if (o.engines) parts.push('--engines', o.engines.join(','));
  if (o.samples !== undefined) parts.push('--samples', String(o.samples));
  if (o.sqlSamples !== undefined) parts.push('--sql-samples', String(o.sqlSamples));
  return parts.join(' ');
}

/** Runs the benchmark and returns its report (also written to `out` when given). */
export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const seed = o.seed ?? 42;
  const log = o.log === undefined ? stderrLog : o.log;
  const say = (s: string) => log?.(`[bench ${o.scale}] ${s}`);
  const specs = (o.engines ?? defaultEngines()).map(engineSpec);
  const samples = o.samples ?? 1000;
  const baselineSamples = Math.min(o.sqlSamples ?? 50, samples);
  const dir = cacheDir(o.baseDir ?? '.bench', o.scale);
  const plant = generatePlant({ scale: o.scale, seed });
  let cache: PlantCache | null = readCache(dir, o.scale, seed);
  const reused = cache !== null;
  if (cache) say(`reusing the plant cached in ${dir}`);
  else {
    const t0 = performance.now();
    let n = 0;
    for (const b of withProgress(plant.batches(), `[bench ${o.scale}] generate`, null, log)) n += records(b);
    const seconds = (performance.now() - t0) / 1000;
    cache = { version: GENERATOR_VERSION, scale: o.scale, seed, meta: plant.meta(), generate: { seconds, recordsPerSecond: n / seconds }, loads: {} };
    writeCache(dir, cache);
  }
  const meta = cache.meta;
  const total = meta.nodes + meta.edges;
  const origins = pickOrigins(meta, seed, samples);
  const report: BenchReport = {
    scale: o.scale, seed, nodes: meta.nodes, edges: meta.edges, machine: machine(), command: commandOf(o), results: [], sqlVariants: [],
    load: { generate: { seconds: cache.generate.seconds, recordsPerSecond: Math.round(cache.generate.recordsPerSecond), cached: reused } },
    memory: {}, crossCheck: {},
  };
  const reached: Record<string, Partial<Record<BenchCase, number[]>>> = {};
  for (const spec of specs) {
    const ctx = { scale: o.scale, seed, dir };
    let engine: BenchEngine = await spec.open(ctx);
    try {
      const cached = cache.loads[spec.name] !== undefined && (await spec.complete(engine, meta));
      if (!cached) {
        await engine.close();
        engine = await spec.fresh(ctx);
      }
      const loaded = await engine.load(cached ? [] : withProgress(plant.batches(), `[bench ${o.scale}] ${spec.name} load`, total, log));
      if (spec.reportLoad) {
        if (!cached) {
          cache.loads[spec.name] = { seconds: loaded.seconds, recordsPerSecond: total / loaded.seconds, ...(loaded.extra ? { extra: loaded.extra } : {}) };
          writeCache(dir, cache);
        }
        const lf = cache.loads[spec.name]!;
        const { adjacencyBytes, bytesPerEdge, ...loadExtra } = { ...lf.extra, ...loaded.extra };
        report.load[spec.name] = { seconds: lf.seconds, recordsPerSecond: Math.round(lf.recordsPerSecond), cached, ...loadExtra };
        if (bytesPerEdge !== undefined) report.memory[spec.name] = { adjacencyBytes: adjacencyBytes ?? 0, bytesPerEdge, rssBytes: process.memoryUsage().rss, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
        say(`${spec.name} ready (${cached ? 'reused' : `loaded in ${lf.seconds.toFixed(1)} s`})`);
      }
      const n = spec.sample === 'baseline' ? baselineSamples : samples;
      const forms = engine instanceof DuckdbSqlEngine ? SQL_VARIANTS : [undefined];
      for (const c of BENCH_CASES) {
        const os = origins[c].slice(0, n);
        const warm = spec.sample === 'baseline' ? Math.min(2, n) : Math.min(c === 'forward-heaviest' ? 5 : 50, n);
        const rows: ResultRow[] = [];
        for (const v of forms) {
          if (v && engine instanceof DuckdbSqlEngine) engine.variant = v;
          const t = await measureCase(engine, c, os, warm);
          rows.push(row(spec.name, c, t, v));
          (reached[v ? `${spec.name}:${v}` : spec.name] ??= {})[c] = t.reachable;
          const r = rows.at(-1)!;
          say(`${spec.name}${v ? ` (${v})` : ''} ${c}: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, reachable ${r.reachable}${r.timeouts ? `, ${r.timeouts} timed out` : ''}`);
        }
        if (forms.length > 1) report.sqlVariants.push(...rows);
        report.results.push(rows.reduce((a, b) => (b.p50_ms < a.p50_ms ? b : a)));
      }
    } finally {
      await engine.close();
    }
  }
  crossCheck(report, reached);
  if (o.out) {
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(o.out.replace(/\.json$/i, '') + '.md', renderMarkdown(report));
    say(`wrote ${o.out}`);
  }
  if (o.md) updateBenchmarksMd(o.md, report);
  return report;
}

/** Compares reached counts origin by origin: embedded vs each SQL form (and every other engine present). */
function crossCheck(report: BenchReport, reached: Record<string, Partial<Record<BenchCase, number[]>>>): void {
  const base = reached.embedded;
  if (!base) return;
  const others = Object.keys(reached).filter((k) => k !== 'embedded');
  for (const c of BENCH_CASES) {
    let compared = 0;
    let mismatches = 0;
    for (const k of others) {
      const a = base[c] ?? [];
      const b = reached[k]![c] ?? [];
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        if (b[i]! < 0) continue; // a baseline that ran out of time has no answer to compare
        compared++;
        if (a[i] !== b[i]) mismatches++;
      }
    }
    if (compared > 0) report.crossCheck[c] = { compared, mismatches };
  }
}
