/** The benchmark report: its JSON shape and its markdown section for BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BenchCase } from './engine.ts';
import { BENCH_CASES } from './engine.ts';
import type { Scale } from './generate.ts';
import type { Machine } from './machine.ts';

export interface ResultRow {
  engine: string;
  case: BenchCase;
  p50_ms: number;
  p99_ms: number;
  /** Median nodes reached per call (the heaviest case has one origin, so its exact reach). */
  reachable: number;
  samples: number;
  mean_ms: number;
  /** duckdb-sql only: the recursive form this row measured. */
  variant?: string;
  /** Calls that ran out of time (neo4j-naive answers -1 then); absent when none. */
  timeouts?: number;
}

export interface BenchReport {
  scale: Scale;
  seed: number;
  nodes: number;
  edges: number;
  machine: Machine;
  command: string;
  /** One row per engine and case; for duckdb-sql the faster SQL form at p50. */
  results: ResultRow[];
  /** duckdb-sql: both recursive forms, every case. */
  sqlVariants: ResultRow[];
  load: Record<string, { seconds: number; recordsPerSecond: number; cached: boolean } & Record<string, number | boolean>>;
  memory: Record<string, Record<string, number>>;
  /** Per case: origins where embedded and duckdb-sql were both asked, and how many answers differed. */
  crossCheck: Record<string, { compared: number; mismatches: number }>;
}

const fmtMs = (x: number | undefined): string => (x === undefined ? '–' : x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0));
const fmtN = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? `${fmtN(b / a)}×` : '–');

/** The markdown section of one scale: engines side by side, the SQL/embedded ratio, load and memory, the command. */
export function renderMarkdown(r: BenchReport): string {
  const engines = [...new Set(r.results.map((x) => x.engine))];
  const row = (e: string, c: BenchCase) => r.results.find((x) => x.engine === e && x.case === c);
  const lines: string[] = [];
  lines.push(`### Scale ${r.scale}: ${fmtN(r.nodes)} nodes, ${fmtN(r.edges)} edges`, '');
  lines.push(`\`${r.command}\` (seed ${r.seed}) on ${r.machine.cpu}, ${r.machine.cores} cores, ${(r.machine.ramBytes / 2 ** 30).toFixed(0)} GiB, Node ${r.machine.node}, ${r.machine.os}.`, '');
  const head = ['case', 'reachable (median)', ...engines.flatMap((e) => [`${e} p50 ms`, `${e} p99 ms`])];
  const hasRatio = engines.includes('embedded') && engines.includes('duckdb-sql');
  if (hasRatio) head.push('duckdb-sql ÷ embedded (p50)');
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const c of BENCH_CASES) {
    const first = engines.map((e) => row(e, c)).find(Boolean);
    const cells = [c, first ? fmtN(first.reachable) : '–', ...engines.flatMap((e) => {
      const x = row(e, c);
      return [fmtMs(x?.p50_ms) + (x?.variant ? ` (${x.variant})` : ''), fmtMs(x?.p99_ms)];
    })];
    if (hasRatio) cells.push(ratio(row('embedded', c)?.p50_ms, row('duckdb-sql', c)?.p50_ms));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  const samples = engines.map((e) => `${e} ${r.results.find((x) => x.engine === e)?.samples ?? 0}`).join(', ');
  lines.push(`Origins per case: ${samples} (the same origins for every engine; the heaviest case repeats its one lot).`);
  if (r.sqlVariants.length > 0) {
    const v = (name: string) => BENCH_CASES.map((c) => {
      const x = r.sqlVariants.find((s) => s.case === c && s.variant === name);
      return `${c} ${fmtMs(x?.p50_ms)}/${fmtMs(x?.p99_ms)}`;
    }).join(', ');
    lines.push(`SQL forms, p50/p99 ms: \`UNION\`: ${v('union')}; \`USING KEY\`: ${v('using-key')}. The table shows the faster form per case.`);
  }
  const loads = Object.entries(r.load).map(([k, l]) => {
    const extra = Object.entries(l).filter(([n]) => !['seconds', 'recordsPerSecond', 'cached'].includes(n)).map(([n, x]) => `${n} ${typeof x === 'number' ? (n.endsWith('Bytes') || Number.isInteger(x) ? fmtN(x) : x.toFixed(2)) : x}`);
    return `${k} ${l.seconds.toFixed(1)} s (${fmtN(l.recordsPerSecond)} records/s${l.cached ? ', from an earlier run' : ''}${extra.length ? '; ' + extra.join(', ') : ''})`;
  });
  lines.push(`Load: ${loads.join('; ')}.`);
  const mem = Object.entries(r.memory).map(([k, m]) => `${k}: ${Object.entries(m).map(([n, x]) => `${n} ${n.endsWith('Bytes') ? `${(x / 2 ** 20).toFixed(1)} MiB` : x.toFixed(1)}`).join(', ')}`);
  if (mem.length) lines.push(`Memory: ${mem.join('; ')}.`);
  const cc = Object.entries(r.crossCheck);
  if (cc.length) lines.push(`Cross-check (nodes reached, origin by origin, embedded vs every other engine and SQL form): ${cc.map(([c, x]) => `${c} ${x.compared - x.mismatches}/${x.compared} equal`).join(', ')}.`);
  lines.push('');
  return lines.join('\n');
}

/** Replaces (or adds) the section of this report's scale in a BENCHMARKS.md file, keeping the rest. */
export function updateBenchmarksMd(path: string, r: BenchReport): void {
  const start = `<!-- bench:${r.scale}:start -->`;
  const end = `<!-- bench:${r.scale}:end -->`;
  const section = `${start}\n${renderMarkdown(r)}${end}`;
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\nProduced by `npm run bench`; see bench/README.md for what each case measures.\n';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = text.slice(0, i) + section + text.slice(j + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
}
