/**
 * How the runner opens each bench engine, tells whether a kept copy of the plant is complete, and
 * starts one afresh. The Neo4j engines (bench/engines/neo4j.ts, neo4j-naive.ts) are imported
 * dynamically, only when NEO4J_URI is set, so the default run never loads the driver.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LgError } from '../lib/errors.ts';
import type { BenchEngine } from './engine.ts';
import { DuckdbSqlEngine } from './engines/duckdb-sql.ts';
import { EmbeddedEngine } from './engines/embedded.ts';
import type { PlantMeta, Scale } from './generate.ts';

export interface EngineContext {
  scale: Scale;
  seed: number;
  /** The scale's cache directory (file-based engines keep their database there). */
  dir: string;
}

export interface EngineSpec {
  name: string;
  /** 'full': the many-origin sample (embedded, neo4j); 'baseline': the small one (SQL, naive Cypher). */
  sample: 'full' | 'baseline';
  /** False when the engine only reads what another engine loaded (its load time means nothing). */
  reportLoad: boolean;
  /** Opens the engine on whatever data it already holds. */
  open(ctx: EngineContext): Promise<BenchEngine>;
  /** Opens the engine empty, ready to load. */
  fresh(ctx: EngineContext): Promise<BenchEngine>;
  /** True when the data it holds is exactly this plant (then it is reused, not loaded again). */
  complete(engine: BenchEngine, meta: PlantMeta): Promise<boolean>;
}

const NEO4J_ENGINES = ['neo4j', 'neo4j-naive'];
const moduleOf = (name: string): string => join(import.meta.dirname, 'engines', `${name}.ts`);

/** Neo4j settings from the environment (the bench is a developer tool run beside .ci/neo4j-start.sh). */
function neo4jConfig(): { uri: string; user: string; password: string; database?: string } {
  const env = process.env;
  return { uri: env.NEO4J_URI!, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? 'lotgraph-dev', ...(env.NEO4J_DATABASE ? { database: env.NEO4J_DATABASE } : {}) };
}

const SPECS: Record<string, EngineSpec> = {
  embedded: {
    name: 'embedded', sample: 'full', reportLoad: true,
    open: (ctx) => EmbeddedEngine.open(join(ctx.dir, 'embedded')),
    fresh(ctx) {
      rmSync(join(ctx.dir, 'embedded'), { recursive: true, force: true });
      return EmbeddedEngine.open(join(ctx.dir, 'embedded'));
    },
    async complete(engine, meta) {
      const c = await (engine as EmbeddedEngine).counts();
      return c.nodes === meta.nodes && c.edges === meta.edges;
    },
  },
  'duckdb-sql': {
    name: 'duckdb-sql', sample: 'baseline', reportLoad: true,
    open: (ctx) => DuckdbSqlEngine.open(join(ctx.dir, 'sql.duckdb')),
    fresh(ctx) {
      for (const f of ['sql.duckdb', 'sql.duckdb.wal']) rmSync(join(ctx.dir, f), { force: true });
      return DuckdbSqlEngine.open(join(ctx.dir, 'sql.duckdb'));
    },
    complete: async (engine, meta) => (await (engine as DuckdbSqlEngine).edgeCount()) === meta.edges,
  },
  neo4j: {
    name: 'neo4j', sample: 'full', reportLoad: true,
    async open() {
      const { Neo4jEngine } = await import('./engines/neo4j.ts');
      return Neo4jEngine.open(neo4jConfig());
    },
    async fresh() {
      const { Neo4jEngine } = await import('./engines/neo4j.ts');
      return Neo4jEngine.open(neo4jConfig(), { clear: true });
    },
    async complete(engine, meta) {
      const c = await (engine as import('./engines/neo4j.ts').Neo4jEngine).counts();
      return c.nodes === meta.nodes && c.edges === meta.edges;
    },
  },
  'neo4j-naive': {
    name: 'neo4j-naive', sample: 'baseline', reportLoad: false,
    async open() {
      const { Neo4jNaiveEngine } = await import('./engines/neo4j-naive.ts');
      return Neo4jNaiveEngine.open(neo4jConfig());
    },
    fresh(ctx) {
      return this.open(ctx);
    },
    // It loads only into an empty database: normally `neo4j` (listed before it) has loaded the plant.
    complete: async () => false,
  },
};

/** Engines run by default: embedded and duckdb-sql, plus the Neo4j ones when NEO4J_URI is set and their module exists. */
export function defaultEngines(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = env.NEO4J_URI ? NEO4J_ENGINES.filter((n) => existsSync(moduleOf(n))) : [];
  return ['embedded', 'duckdb-sql', ...extra];
}

/** The spec of an engine by name (LG_BAD_PARAM for an unknown or unavailable one). */
export function engineSpec(name: string): EngineSpec {
  const s = SPECS[name];
  if (!s) throw new LgError('LG_BAD_PARAM', `--engines: unknown engine '${name}' (known: ${Object.keys(SPECS).join(', ')})`, { field: 'engines' });
  if (NEO4J_ENGINES.includes(name)) {
    if (!process.env.NEO4J_URI) throw new LgError('LG_BAD_PARAM', `--engines: ${name} needs NEO4J_URI (e.g. from .ci/neo4j-start.sh)`, { field: 'engines' });
    if (!existsSync(moduleOf(name))) throw new LgError('LG_BAD_PARAM', `--engines: ${name} is not available (no bench/engines/${name}.ts)`, { field: 'engines' });
  }
  return s;
}
