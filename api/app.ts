/**
 * The lotgraph HTTP app as a Fastify plugin tree: built, not listening (api/server.ts listens).
 * Tests drive it with `app.inject()`. Routes live in api/routes/, one plugin per concern, all
 * under /api except the probes; every route has a TypeBox schema, published at /api/openapi.json.
 */
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Db } from '../analytics/db.ts';
import type { GraphStore } from '../graph/store.ts';
import type { Config } from '../lib/config.ts';
import auth from './auth.ts';
import { installErrorHandling } from './errors.ts';
import auditRoutes from './routes/audit.ts';
import entityRoutes from './routes/entities.ts';
import graphRoutes from './routes/graph.ts';
import healthRoutes from './routes/health.ts';
import ingestRoutes from './routes/ingest.ts';
import recallRoutes from './routes/recall.ts';
import statsRoutes from './routes/stats.ts';
import traceRoutes from './routes/trace.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The graph store every route reads (owned by the caller of buildApp, closed by it). */
    store: GraphStore;
    /** The frozen process configuration. */
    lotgraphConfig: Config;
    /** The data directory's DuckDB handle (analytics, ingest log), when the caller has one. */
    db: Db | null;
  }
}

export interface AppOptions {
  store: GraphStore;
  config: Config;
  db?: Db | null;
}

const VERSION = '0.1.0';

/** Builds the app (ready to inject or listen). The store and db stay owned by the caller. */
export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: o.config.logLevel === 'silent' ? false : { level: o.config.logLevel },
    // One line per request only when debugging: a trace service answers many small requests.
    logController: new LogController({ disableRequestLogging: o.config.logLevel !== 'debug' && o.config.logLevel !== 'trace' }),
    // Ids in paths carry ':' and percent-encoded parts; allow long keys and GS1 Digital Links.
    routerOptions: { maxParamLength: 2000 },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  });
  app.decorate('store', o.store);
  app.decorate('lotgraphConfig', o.config);
  app.decorate('db', o.db ?? null);
  installErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'lotgraph', version: VERSION, description: 'Genealogy graph of lots, serials, operations and shipments: trace and recall impact.' },
      tags: [
        { name: 'genealogy', description: 'trace, recall, paths' },
        { name: 'entities', description: 'lookup and search' },
        { name: 'ingest', description: 'NDJSON events, files, EPCIS 2.0 capture' },
        { name: 'store', description: 'store statistics' },
        { name: 'ops', description: 'probes' },
      ],
    },
  });

  await app.register(auth, { apiKeys: o.config.apiKeys ?? '' });
  await app.register(healthRoutes);
  // Ingest mixes /api and /epcis paths and keeps its streaming body parsers to itself.
  await app.register(ingestRoutes);
  await app.register(async (api) => {
    await api.register(traceRoutes);
    await api.register(recallRoutes);
    await api.register(entityRoutes);
    await api.register(graphRoutes);
    await api.register(statsRoutes);
    await api.register(auditRoutes);
    api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  }, { prefix: '/api' });
  return app;
}
