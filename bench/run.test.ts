import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCommand, parseBenchArgs } from './cli.ts';
import { BENCH_CASES } from './engine.ts';
import { DuckdbSqlEngine } from './engines/duckdb-sql.ts';
import { EmbeddedEngine } from './engines/embedded.ts';
import { SQL_VARIANTS } from './engines/sql-queries.ts';
import { generatePlant } from './generate.ts';
import { pickOrigins } from './origins.ts';
import { renderMarkdown, updateBenchmarksMd, type BenchReport } from './report.ts';
import { runBench } from './run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lotgraph-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Nodes reached from `origin` along edges (forward or backward), by a plain BFS over the generated plant. */
function reachOf(direction: 'forward' | 'backward', origin: string): number {
  const adj = new Map<string, string[]>();
  for (const b of generatePlant({ scale: 'XS', seed: 3 }).batches()) {
    for (const e of b.edges ?? []) {
      const [u, v] = direction === 'forward' ? [e.from, e.to] : [e.to, e.from];
      (adj.get(u) ?? adj.set(u, []).get(u)!).push(v);
    }
  }
  const seen = new Set([origin]);
  const queue = [origin];
  while (queue.length > 0) {
    for (const v of adj.get(queue.shift()!) ?? []) {
      if (seen.has(v)) continue;
      seen.add(v);
      queue.push(v);
    }
  }
  return seen.size;
}

describe('runBench on XS', () => {
  const out = join(tmp, 'out', 'xs.json');
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBench({ scale: 'XS', seed: 3, out, samples: 30, sqlSamples: 6, baseDir: join(tmp, 'cache'), log: null });
  });

  it('writes the JSON report with every engine and case, and its markdown beside it', () => {
    const json = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
    expect(json.scale).toBe('XS');
    expect(json.nodes).toBeGreaterThan(1000);
    expect(json.edges).toBeGreaterThan(json.nodes);
    expect(Object.keys(json.machine).sort()).toEqual(['cores', 'cpu', 'node', 'os', 'ramBytes']);
    expect(json.results).toHaveLength(8);
    for (const engine of ['embedded', 'duckdb-sql']) {
      for (const c of BENCH_CASES) {
        const r = json.results.find((x) => x.engine === engine && x.case === c)!;
        expect(r, `${engine} ${c}`).toBeDefined();
        expect(r.p50_ms).toBeGreaterThan(0);
        expect(r.p99_ms).toBeGreaterThanOrEqual(r.p50_ms);
        expect(r.reachable).toBeGreaterThan(1);
        expect(r.samples).toBe(engine === 'embedded' ? 30 : 6);
      }
    }
    expect(json.sqlVariants).toHaveLength(8);
    expect(json.load.embedded!.rebuildSeconds).toBeGreaterThan(0);
    expect(json.load['duckdb-sql']!.seconds).toBeGreaterThan(0);
    expect(json.memory.embedded!.bytesPerEdge).toBeGreaterThan(0);
    expect(json.command).toBe(`npm run bench -- --scale XS --out ${out} --seed 3 --samples 30 --sql-samples 6`);
    const md = readFileSync(out.replace(/\.json$/, '.md'), 'utf8');
    expect(md).toContain('| forward-heaviest |');
    expect(md).toContain('duckdb-sql ÷ embedded (p50)');
  });

  it('finds embedded and both SQL forms reaching the same nodes from the same origins', () => {
    // 6 SQL origins per case, each compared with both SQL forms.
    for (const c of BENCH_CASES) expect(report.crossCheck[c]).toEqual({ compared: 12, mismatches: 0 });
    const heavy = report.results.filter((x) => x.case === 'forward-heaviest').map((x) => x.reachable);
    expect(new Set(heavy).size).toBe(1);
  });

  it('answers like a plain BFS over the generated edges, on every engine and SQL form', async () => {
    const dir = join(tmp, 'cache', 'XS');
    const meta = (JSON.parse(readFileSync(join(dir, 'plant.json'), 'utf8')) as { meta: Parameters<typeof pickOrigins>[0] }).meta;
    const origins = pickOrigins(meta, 11, 3);
    const emb = await EmbeddedEngine.open(join(dir, 'embedded'));
    const sql = await DuckdbSqlEngine.open(join(dir, 'sql.duckdb'));
    try {
      for (const c of BENCH_CASES) {
        for (const o of origins[c]) {
          const expected = reachOf(c === 'backward-serial' ? 'backward' : 'forward', o);
          expect(await emb.run(c, o), `embedded ${c} ${o}`).toBe(expected);
          for (const v of SQL_VARIANTS) {
            sql.variant = v;
            expect(await sql.run(c, o), `${v} ${c} ${o}`).toBe(expected);
          }
        }
      }
    } finally {
      await emb.close();
      await sql.close();
    }
  });

  it('reuses the cached plant on a second run, with the same answers', async () => {
    const again = await runBench({ scale: 'XS', seed: 3, samples: 30, sqlSamples: 6, baseDir: join(tmp, 'cache'), log: null });
    expect(again.load.embedded!.cached).toBe(true);
    expect(again.load['duckdb-sql']!.cached).toBe(true);
    expect(again.load['duckdb-sql']!.indexSeconds).toBe(report.load['duckdb-sql']!.indexSeconds);
    expect(again.load.embedded!.rebuildSeconds).toBeGreaterThan(0);
    expect(again.results.map((r) => [r.engine, r.case, r.reachable])).toEqual(report.results.map((r) => [r.engine, r.case, r.reachable]));
  });

  it('starts afresh for another seed, clearing only its own files', async () => {
    const base = join(tmp, 'cache2');
    await runBench({ scale: 'XS', seed: 3, samples: 2, sqlSamples: 1, baseDir: base, log: null, engines: ['duckdb-sql'] });
    writeFileSync(join(base, 'XS', 'keep.txt'), 'not ours');
    const other = await runBench({ scale: 'XS', seed: 4, samples: 2, sqlSamples: 1, baseDir: base, log: null, engines: ['duckdb-sql'] });
    expect(other.load['duckdb-sql']!.cached).toBe(false);
    expect(other.seed).toBe(4);
    expect(readFileSync(join(base, 'XS', 'keep.txt'), 'utf8')).toBe('not ours');
  });

  it('replaces its own scale section in BENCHMARKS.md and keeps the rest', () => {
    const md = join(tmp, 'BENCHMARKS.md');
    writeFileSync(md, '# Benchmarks\n\nHand-written intro.\n');
    updateBenchmarksMd(md, report);
    updateBenchmarksMd(md, { ...report, scale: 'S' });
    updateBenchmarksMd(md, report);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('Hand-written intro.');
    expect(text.split('<!-- bench:XS:start -->')).toHaveLength(2);
    expect(text.indexOf('bench:XS:start')).toBeLessThan(text.indexOf('bench:S:start'));
    expect(text).toContain(renderMarkdown(report));
  });
});

describe('bench command line', () => {
  it('parses every flag', () => {
    expect(parseBenchArgs(['--scale', 's', '--out', 'x.json', '--engines', 'embedded,duckdb-sql', '--seed', '9', '--samples', '200', '--sql-samples', '20', '--md', 'B.md', '--dir', 'd'])).toEqual({
      scale: 'S', out: 'x.json', engines: ['embedded', 'duckdb-sql'], seed: 9, samples: 200, sqlSamples: 20, md: 'B.md', baseDir: 'd',
    });
  });

  it.each([
    [['--out', 'x.json'], 'scale'],
    [['--scale', 'XL'], 'scale'],
    [['--scale', 'S', '--out', 'x.csv'], 'out'],
    [['--scale', 'S', '--samples', '0'], 'samples'],
    [['--scale', 'S', '--seed', '-1'], 'seed'],
  ])('rejects %j naming --%s', (argv, field) => {
    expect(() => parseBenchArgs(argv)).toThrow(expect.objectContaining({ code: 'LG_BAD_PARAM' }));
    expect(() => parseBenchArgs(argv)).toThrow(new RegExp(`--${field}`));
  });

  it('exits 2 on bad arguments or an unknown engine, writing nothing', async () => {
    const out = join(tmp, 'never.json');
    expect(await benchCommand(['--scale', 'nope', '--out', out])).toBe(2);
    expect(await benchCommand(['--scale', 'XS', '--out', out, '--engines', 'oracle', '--dir', join(tmp, 'c2')])).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
