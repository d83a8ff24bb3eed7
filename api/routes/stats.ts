/** GET /api/stats: node and edge counts by kind. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

const Reply = Type.Object({
  store: Type.String(),
  nodes: Type.Integer(),
  edges: Type.Integer(),
  nodesByKind: Type.Record(Type.String(), Type.Integer()),
  edgesByKind: Type.Record(Type.String(), Type.Integer()),
});

/** Registers the stats route. */
export default async function statsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/stats', { schema: { summary: 'Counts of nodes and edges by kind', tags: ['store'], response: { 200: Reply } } }, async () => ({
    store: app.store.name,
    ...(await app.store.stats()),
  }));
}
