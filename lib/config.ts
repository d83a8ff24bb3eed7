/**
 * Process configuration: one TypeBox schema with defaults, read once at start from CLI flags and
 * the environment (flags win), then frozen. Every bad key is reported at once in one LG_CONFIG error.
 * `.env.example` at the repository root mirrors this file.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parseApiKeys } from './api-keys.ts';
import { LgError } from './errors.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A DuckDB memory size: a number and a unit (KB, MB, GB, TB, or KiB, MiB, GiB, TiB; any case). */
const DUCKDB_SIZE = '\\d+(\\.\\d+)?\\s*[kKmMgGtT][iI]?[bB]';
/** DuckDB's memory limit during `lotgraph ingest` unless LOTGRAPH_INGEST_MEMORY says otherwise (BENCHMARKS.md, "Ingest"). */
const DEFAULT_INGEST_MEMORY = '128MB';

const MIN_INGEST_MEMORY = 16 * 1e6;
const UNIT: Record<string, number> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };

/** The bytes of a DuckDB size (null for `default` or a value the schema refuses). */
function sizeBytes(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b)$/i.exec(v);
  return m ? Number(m[1]) * UNIT[m[2]!.toUpperCase()]! : null;
}

/** Neo4j connection settings (only when the store is neo4j). */
export const Neo4jSchema = Type.Object({
  uri: Type.String({ pattern: '^(bolt|neo4j)(\\+s|\\+ssc)?://.+' }),
  user: Type.String({ minLength: 1 }),
  password: Type.String({ minLength: 1 }),
  database: Type.Optional(Type.String({ minLength: 1 })),
});

/** The configuration schema (also the reference for `.env.example`). */
export const ConfigSchema = Type.Object({
  /** Data directory: the DuckDB file (graph persistence, ingest log, analytics). */
  dataDir: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  store: Type.Union([Type.Literal('embedded'), Type.Literal('neo4j')]),
  neo4j: Type.Union([Type.Null(), Neo4jSchema]),
  logLevel: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l))),
  /** Base URL of a running lotgraph server, used by the CLI when another process owns the data directory. */
  server: Type.String({ pattern: '^https?://.+' }),
  /** API keys as `name:role:secret,...` (roles viewer/operator/admin); empty = open, for local use only. */
  apiKeys: Type.String(),
  /** The key the CLI presents to a running server. */
  apiKey: Type.String(),
  /**
   * DuckDB's memory limit while `lotgraph ingest` or `rebuild` owns the data directory (a size such as 128MB or
   * 1GiB, or `default` for DuckDB's own, 80% of RAM): its cache of table blocks otherwise grows with
   * the data loaded, beside the in-memory graph.
   */
  ingestMemory: Type.String({ pattern: `^(default|${DUCKDB_SIZE})$` }),
});
export type Config = Readonly<Static<typeof ConfigSchema>>;

/** CLI flags that override the environment (all optional, as commander hands them over). */
export interface ConfigFlags {
  data?: string | undefined;
  port?: string | number | undefined;
  host?: string | undefined;
  store?: string | undefined;
  server?: string | undefined;
  logLevel?: string | undefined;
}

/** Where each config field comes from, to name it in errors the way the user wrote it. */
const SOURCE: Record<string, string> = {
  dataDir: '--data / LOTGRAPH_DATA',
  port: '--port / PORT',
  host: 'HOST',
  store: '--store / LOTGRAPH_STORE',
  neo4j: 'NEO4J_URI',
  'neo4j/uri': 'NEO4J_URI',
  'neo4j/user': 'NEO4J_USER',
  'neo4j/password': 'NEO4J_PASSWORD',
  'neo4j/database': 'NEO4J_DATABASE',
  logLevel: 'LOG_LEVEL',
  server: '--server / LOTGRAPH_SERVER',
  apiKeys: 'LOTGRAPH_API_KEYS',
  apiKey: 'LOTGRAPH_API_KEY',
  ingestMemory: 'LOTGRAPH_INGEST_MEMORY',
};

const nonEmpty = (...vs: (string | number | undefined)[]): string | undefined => {
  for (const v of vs) if (v !== undefined && String(v).trim() !== '') return String(v).trim();
  return undefined;
};

/** Integers stay strings when they do not parse, so the schema reports them instead of NaN slipping through. */
const intOrRaw = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);

/** Readable schema errors, one per bad key, named by flag/variable. */
function problems(raw: { neo4j: unknown }): string[] {
  const out = new Map<string, string>();
  // The neo4j object is checked on its own: a union reports only that no branch matched.
  const errs = [...Value.Errors(ConfigSchema, { ...raw, neo4j: null })];
  if (raw.neo4j !== null) errs.push(...[...Value.Errors(Neo4jSchema, raw.neo4j)].map((e) => ({ ...e, path: `/neo4j${e.path}` })));
  for (const e of errs) {
    const path = e.path.replace(/^\//, '');
    const key = SOURCE[path] ?? path;
    if (out.has(key)) continue;
    const value = path.startsWith('neo4j/password') ? '(hidden)' : JSON.stringify(e.value);
    out.set(key, `${key}: ${e.message} (got ${value})`);
  }
  return [...out.values()];
}

/**
 * Builds the configuration from flags and environment. Throws one LG_CONFIG error listing every bad
 * key (`details.problems`). Neo4j is chosen by `--store neo4j` / `LOTGRAPH_STORE=neo4j`, or by a set
 * `NEO4J_URI` when no store is named.
 */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const errors: string[] = [];
  const portRaw = nonEmpty(flags.port, env.PORT) ?? '8080';
  const port = intOrRaw(portRaw);
  const uri = nonEmpty(env.NEO4J_URI);
  const store = nonEmpty(flags.store, env.LOTGRAPH_STORE) ?? (uri ? 'neo4j' : 'embedded');
  let neo4j: unknown = null;
  if (store === 'neo4j') {
    if (!uri) errors.push('NEO4J_URI: required when the store is neo4j (e.g. bolt://127.0.0.1:7687)');
    else {
      const database = nonEmpty(env.NEO4J_DATABASE);
      neo4j = { uri, user: nonEmpty(env.NEO4J_USER) ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '', ...(database ? { database } : {}) };
    }
  }
  const raw = {
    dataDir: nonEmpty(flags.data, env.LOTGRAPH_DATA) ?? './data',
    port,
    host: nonEmpty(flags.host, env.HOST) ?? '127.0.0.1',
    store,
    neo4j,
    logLevel: (nonEmpty(flags.logLevel, env.LOG_LEVEL) ?? 'info').toLowerCase(),
    server: (nonEmpty(flags.server, env.LOTGRAPH_SERVER) ?? `http://127.0.0.1:${typeof port === 'number' ? port : 8080}`).replace(/\/+$/, ''),
    apiKeys: env.LOTGRAPH_API_KEYS ?? '',
    apiKey: env.LOTGRAPH_API_KEY ?? '',
    ingestMemory: nonEmpty(env.LOTGRAPH_INGEST_MEMORY) ?? DEFAULT_INGEST_MEMORY,
  };
  const bytes = sizeBytes(raw.ingestMemory);
  if (bytes !== null && bytes < MIN_INGEST_MEMORY) errors.push(`LOTGRAPH_INGEST_MEMORY: at least 16MB (DuckDB cannot load with less), got ${JSON.stringify(raw.ingestMemory)}`);
  try {
    parseApiKeys(raw.apiKeys);
  } catch (e) {
    errors.push((e as Error).message);
  }
  errors.push(...problems(raw));
  if (errors.length > 0) {
    throw new LgError('LG_CONFIG', `invalid configuration:\n  ${errors.join('\n  ')}`, { problems: errors });
  }
  return deepFreeze(raw as Static<typeof ConfigSchema>);
}

function deepFreeze<T>(o: T): Readonly<T> {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** The Neo4j settings without the password, for logs and banners. */
export function describeStore(c: Config): string {
  return c.store === 'neo4j' && c.neo4j ? `neo4j at ${c.neo4j.uri} (user ${c.neo4j.user}${c.neo4j.database ? `, database ${c.neo4j.database}` : ''})` : `embedded in ${c.dataDir}`;
}
