/**
 * How the runner opens each bench engine, tells whether a cached copy of the plant is complete,
 * and clears it. Neo4j engines are loaded by dynamic import only when NEO4J_URI is set and their
 * module exists (bench/engines/neo4j.ts, neo4j-naive.ts export `createEngine(ctx)`).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LgError } from '../lib/errors.ts';
import type { BenchEngine } from './engine.ts';
import { DuckdbSqlEngine } from './engines/duckdb-sql.ts';
import { EmbeddedEngine } from './engines/embedded.ts';
import type { PlantMeta, Scale } from './generate.ts';

/** What an engine module's `createEngine` receives. */
export interface EngineContext {
  scale: Scale;
  seed: number;
  /** The scale's cache directory (an engine may keep files there). */
  dir: string;
}

export interface EngineSpec {
  name: string;
  /** True when the engine's data survives between runs in `dir` (then it is reused when complete). */
  reusable: boolean;
  open(ctx: EngineContext): Promise<BenchEngine>;
  complete(engine: BenchEngine, meta: PlantMeta): Promise<boolean>;
  clear(dir: string): void;
}

const NEO4J_ENGINES = ['neo4j', 'neo4j-naive'];
const moduleOf = (name: string): string => join(import.meta.dirname, 'engines', `${name}.ts`);

const SPECS: Record<string, EngineSpec> = {
  embedded: {
    name: 'embedded',
    reusable: true,
    open: (ctx) => EmbeddedEngine.open(join(ctx.dir, 'embedded')),
    async complete(engine, meta) {
      const c = await (engine as EmbeddedEngine).counts();
      return c.nodes === meta.nodes && c.edges === meta.edges;
    },
    clear: (dir) => rmSync(join(dir, 'embedded'), { recursive: true, force: true }),
  },
  'duckdb-sql': {
    name: 'duckdb-sql',
    reusable: true,
    open: (ctx) => DuckdbSqlEngine.open(join(ctx.dir, 'sql.duckdb')),
    complete: async (engine, meta) => (await (engine as DuckdbSqlEngine).edgeCount()) === meta.edges,
    clear(dir) {
      for (const f of ['sql.duckdb', 'sql.duckdb.wal']) rmSync(join(dir, f), { force: true });
    },
  },
};

/** Engines run by default: embedded and duckdb-sql, plus Neo4j ones when NEO4J_URI is set and their module exists. */
export function defaultEngines(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = env.NEO4J_URI ? NEO4J_ENGINES.filter((n) => existsSync(moduleOf(n))) : [];
  return ['embedded', 'duckdb-sql', ...extra];
}

/** The spec of an engine by name (LG_BAD_PARAM for an unknown or unavailable one). */
export function engineSpec(name: string): EngineSpec {
  const s = SPECS[name];
  if (s) return s;
  if (!NEO4J_ENGINES.includes(name)) {
    throw new LgError('LG_BAD_PARAM', `--engines: unknown engine '${name}' (known: ${[...Object.keys(SPECS), ...NEO4J_ENGINES].join(', ')})`, { field: 'engines' });
  }
  if (!process.env.NEO4J_URI) throw new LgError('LG_BAD_PARAM', `--engines: ${name} needs NEO4J_URI (e.g. from .ci/neo4j-start.sh)`, { field: 'engines' });
  if (!existsSync(moduleOf(name))) throw new LgError('LG_BAD_PARAM', `--engines: ${name} is not available (no bench/engines/${name}.ts)`, { field: 'engines' });
  return {
    name,
    reusable: false,
    async open(ctx) {
      const mod = (await import(pathToFileURL(moduleOf(name)).href)) as { createEngine?: (c: EngineContext) => Promise<BenchEngine>; default?: (c: EngineContext) => Promise<BenchEngine> };
      const create = mod.createEngine ?? mod.default;
      if (typeof create !== 'function') throw new LgError('LG_CONFIG', `bench/engines/${name}.ts must export createEngine(ctx): Promise<BenchEngine>`);
      return create(ctx);
    },
    complete: async () => false,
    clear: () => undefined,
  };
}
