/**
 * `lotgraph bench`: `--scale XS|S|M|L --out FILE.json [--engines a,b] [--seed N] [--samples N]
 * [--sql-samples N] [--md BENCHMARKS.md] [--dir .bench]`. Also runs standalone: `tsx bench/cli.ts ...`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isLgError, LgError } from '../lib/errors.ts';
import { SCALES } from './catalog.ts';
import type { Scale } from './generate.ts';
import { renderMarkdown } from './report.ts';
import { runBench, type BenchOptions } from './run.ts';

const USAGE = 'usage: lotgraph bench --scale XS|S|M|L --out FILE.json [--engines embedded,duckdb-sql] [--seed N] [--samples N] [--sql-samples N] [--md BENCHMARKS.md] [--dir .bench]';

function posInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new LgError('LG_BAD_PARAM', `--${name} must be a positive integer, got '${v}'`, { field: name });
  return Number(v);
}

/** Parses bench arguments into run options (LG_BAD_PARAM naming the bad flag). */
export function parseBenchArgs(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scale: { type: 'string' }, out: { type: 'string' }, engines: { type: 'string' }, seed: { type: 'string' },
        samples: { type: 'string' }, 'sql-samples': { type: 'string' }, md: { type: 'string' }, dir: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new LgError('LG_BAD_PARAM', `${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
  const scale = (values.scale ?? '').toUpperCase();
  if (!SCALES.includes(scale as Scale)) throw new LgError('LG_BAD_PARAM', `--scale must be one of ${SCALES.join(', ')}${values.scale ? `, got '${values.scale}'` : ''}\n${USAGE}`, { field: 'scale' });
  if (values.out !== undefined && !values.out.toLowerCase().endsWith('.json')) throw new LgError('LG_BAD_PARAM', `--out must name a .json file, got '${values.out}'`, { field: 'out' });
  const o: BenchOptions = { scale: scale as Scale };
  if (values.out) o.out = values.out;
  if (values.engines) o.engines = values.engines.split(',').map((s) => s.trim()).filter(Boolean);
  const seed = values.seed === undefined ? undefined : /^\d+$/.test(values.seed) ? Number(values.seed) : NaN;
  if (Number.isNaN(seed)) throw new LgError('LG_BAD_PARAM', `--seed must be a non-negative integer, got '${values.seed}'`, { field: 'seed' });
  if (seed !== undefined) o.seed = seed;
  const samples = posInt('samples', values.samples);
  if (samples !== undefined) o.samples = samples;
  const sqlSamples = posInt('sql-samples', values['sql-samples']);
  if (sqlSamples !== undefined) o.sqlSamples = sqlSamples;
  if (values.md) o.md = values.md;
  if (values.dir) o.baseDir = values.dir;
  return o;
}

/** Runs `lotgraph bench ...`; returns the exit code (2 on bad arguments, 1 on failure). */
export async function benchCommand(argv: string[]): Promise<number> {
  if (argv.includes('--ingest')) {
    const { ingestBenchCommand } = await import('./ingest/cli.ts');
    return ingestBenchCommand(argv);
  }
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(argv);
  } catch (e) {
    process.stderr.write(`lotgraph bench: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    const report = await runBench(opts);
    process.stdout.write(renderMarkdown(report));
    return 0;
  } catch (e) {
    if (isLgError(e)) {
      process.stderr.write(`lotgraph bench: ${e.message}\n`);
      return e.statusCode < 500 ? 2 : 1;
    }
    process.stderr.write(`lotgraph bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await benchCommand(process.argv.slice(2));
}
