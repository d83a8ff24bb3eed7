/** GET /api/path and GET /api/neighbourhood: how two entities connect, and what is around one. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../graph/store.ts';
import { neighbourhoodView, pathView } from '../queries.ts';
import { EdgeViewSchema, errorResponses, NodeViewSchema, StringEnum } from '../schemas.ts';

const PathQuery = Type.Object({
  from: Type.String({ minLength: 1 }),
  to: Type.String({ minLength: 1 }),
  undirected: Type.Boolean({ default: false, description: 'follow flow edges in either direction' }),
  maxDepth: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.maxDepth })),
});
const PathReply = Type.Object({
  from: Type.String(), to: Type.String(), found: Type.Boolean(), length: Type.Union([Type.Integer(), Type.Null()]),
  nodes: Type.Array(NodeViewSchema), edges: Type.Array(EdgeViewSchema),
});

const HoodQuery = Type.Object({
  id: Type.String({ minLength: 1 }),
  hops: Type.Integer({ minimum: 0, maximum: LIMITS.maxNeighbourhoodHops, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.maxNeighbourhoodCap, default: LIMITS.defaultNeighbourhoodCap }),
  direction: StringEnum(['forward', 'backward', 'both'] as const, { default: 'both' }),
});
const HoodReply = Type.Object({
  center: Type.String(), truncated: Type.Boolean(),
  nodes: Type.Array(Type.Intersect([NodeViewSchema, Type.Object({ hops: Type.Integer() })])),
  edges: Type.Array(EdgeViewSchema),
});

/** Registers the path and neighbourhood routes. */
export default async function graphRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof PathQuery> }>('/path', {
    schema: { summary: 'A shortest flow path between two entities', tags: ['genealogy'], querystring: PathQuery, response: { 200: PathReply, ...errorResponses(400, 404, 409) } },
  }, async (req) => {
    const { from, to, undirected, maxDepth } = req.query;
    return pathView(app.store, from, to, { undirected, ...(maxDepth !== undefined ? { maxDepth } : {}) });
  });

  app.get<{ Querystring: Static<typeof HoodQuery> }>('/neighbourhood', {
    schema: { summary: 'Entities within k hops along any edge, capped (for the explorer)', tags: ['genealogy'], querystring: HoodQuery, response: { 200: HoodReply, ...errorResponses(400, 404, 409) } },
  }, async (req) => {
    const { id, hops, limit, direction } = req.query;
    return neighbourhoodView(app.store, id, { hops, limit, direction });
  });
}
