/**
 * The queries the CLI runs, against either the store it opens itself or, when another process owns
 * the data directory (DuckDB allows one), the running server's HTTP API. Both give the same JSON.
 */
import { existsSync } from 'node:fs';
import { dbPathOf, openStore } from '../graph/open-store.ts';
import type { GraphStore, RecallImpact, RecallQuery, Stats } from '../graph/store.ts';
import type { Config } from '../lib/config.ts';
import { ERROR_STATUS, isLgError, LgError, type ErrorCode } from '../lib/errors.ts';
import type { ProgressFn } from '../lib/progress.ts';
import { recallView, traceView, type TraceParams, type TraceView } from '../api/queries.ts';
import { recallCsv } from '../api/recall-csv.ts';
import { searchView, type SearchView } from '../api/resolve-id.ts';

export type StatsView = Stats & { store: string };

/** One way to ask lotgraph questions. */
export interface Client {
  /** Where the answers come from, for the human summary. */
  readonly where: string;
  trace(p: TraceParams): Promise<TraceView>;
  recall(q: RecallQuery): Promise<RecallImpact>;
  recallCsv(q: RecallQuery): Promise<string>;
  stats(): Promise<StatsView>;
  /** GET /api/search: prefix matches, the node a GS1 form or alias resolves to first. */
  search(q: string, limit: number): Promise<SearchView>;
  close(): Promise<void>;
}

/** A client over an open store (the caller's close() also closes the store). */
export function localClient(store: GraphStore, where: string, close: () => Promise<void>): Client {
  return {
    where,
    trace: (p) => traceView(store, p),
    recall: (q) => recallView(store, q),
    async recallCsv(q) {
      return recallCsv(store, await recallView(store, q), q.asOf);
    },
    async stats() {
      return { store: store.name, ...(await store.stats()) };
    },
    search: (q, limit) => searchView(store, q, limit),
    close,
  };
}

/** A client over a running server's REST API. Errors come back as the server's LgError codes. */
export function httpClient(base: string): Client {
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    let res: Response;
    try {
      const key = process.env.LOTGRAPH_API_KEY;
      const headers = { ...(init.headers as Record<string, string> | undefined), ...(key ? { authorization: `Bearer ${key}` } : {}) };
      res = await fetch(`${base}${path}`, { ...init, headers, signal: AbortSignal.timeout(120_000) });
    } catch (e) {
      throw new LgError('LG_STORE_UNAVAILABLE', `no lotgraph server answers at ${base} (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}): start one with \`lotgraph serve\` or pass --server URL`, { server: base }, { cause: e });
    }
    if (res.ok) return res;
    const body = (await res.json().catch(() => null)) as { code?: string; message?: string; details?: Record<string, unknown> } | null;
    const code = (body?.code && body.code in ERROR_STATUS ? body.code : 'LG_INTERNAL') as ErrorCode;
    throw new LgError(code, body?.message ?? `server ${base} answered ${res.status}`, body?.details);
  };
  const post = (path: string, body: unknown) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    where: `server ${base}`,
    async trace(p) {
      const qs = new URLSearchParams({ id: p.id, direction: p.direction });
      if (p.depth !== undefined) qs.set('depth', String(p.depth));
      if (p.asOf !== undefined) qs.set('asOf', String(p.asOf));
      if (p.kinds !== undefined) qs.set('kinds', Array.isArray(p.kinds) ? p.kinds.join(',') : p.kinds);
      if (p.limit !== undefined) qs.set('limit', String(p.limit));
      if (p.paths) qs.set('paths', 'true');
      return (await call(`/api/trace?${qs}`)).json() as Promise<TraceView>;
    },
    recall: async (q) => (await post('/api/recall', q)).json() as Promise<RecallImpact>,
    recallCsv: async (q) => (await post('/api/recall?format=csv', q)).text(),
    stats: async () => (await call('/api/stats')).json() as Promise<StatsView>,
    search: async (q, limit) => (await call(`/api/search?${new URLSearchParams({ q, limit: String(limit) })}`)).json() as Promise<SearchView>,
    close: async () => undefined,
  };
}

/**
 * Opens the configured store over the data directory; when another process holds it
 * (LG_DATA_LOCKED), or it holds no data yet and a server answers, talks to the server instead.
 */
export async function openClient(config: Config, onProgress?: ProgressFn): Promise<Client> {
  if (config.store === 'embedded' && !existsSync(dbPathOf(config.dataDir))) {
    const remote = httpClient(config.server);
    try {
      await remote.stats();
      return remote;
    } catch {
      throw new LgError('LG_NOT_FOUND', `no lotgraph data in ${config.dataDir} (no lotgraph.duckdb) and no server at ${config.server}: run \`lotgraph demo\` or \`lotgraph ingest\`, or pass --data DIR / --server URL`, { dataDir: config.dataDir });
    }
  }
  try {
    const opened = await openStore({
      dataDir: config.dataDir,
      store: config.store,
      ...(config.neo4j ? { neo4j: config.neo4j } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    return localClient(opened.store, config.store === 'neo4j' ? `neo4j ${config.neo4j?.uri}` : `embedded ${config.dataDir}`, () => opened.close());
  } catch (e) {
    if (isLgError(e) && e.code === 'LG_DATA_LOCKED') return httpClient(config.server);
    throw e;
  }
}
