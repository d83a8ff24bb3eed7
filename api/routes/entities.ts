/** GET /api/entities/:id and GET /api/search: one node with its direct edges; prefix search. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../graph/store.ts';
import { entityView } from '../queries.ts';
import { searchView } from '../resolve-id.ts';
import { EdgeViewSchema, errorResponses, NodeViewSchema } from '../schemas.ts';

const Params = Type.Object({ id: Type.String({ minLength: 1, description: 'key, alias or GS1 form (URL-encoded)' }) });
const EntityQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: LIMITS.maxNeighbourhoodCap, default: 500, description: 'most direct neighbours returned' }) });
const Entity = Type.Object({ node: NodeViewSchema, in: Type.Array(EdgeViewSchema), out: Type.Array(EdgeViewSchema), truncated: Type.Boolean() });

const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, description: 'prefix of a key, identifier or label (case-insensitive)' }),
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.maxSearchResults, default: 20 }),
});
const SearchWarning = Type.Object({
  code: Type.String({ description: 'LG_BAD_ID: q looks like a GS1 identifier and does not parse; GS1_CSET82, GS1_UNKNOWN_AI...: it parses, with that warning' }),
  message: Type.String(),
});
const SearchReply = Type.Object({
  q: Type.String(),
  count: Type.Integer(),
  results: Type.Array(NodeViewSchema),
  warnings: Type.Optional(Type.Array(SearchWarning, { description: 'what is wrong with q as a GS1 identifier (absent when nothing is)' })),
});

/** Registers the entity and search routes. */
export default async function entityRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof EntityQuery> }>('/entities/:id', {
    schema: {
      summary: 'One entity with its direct edges in and out',
      tags: ['entities'],
      params: Params,
      querystring: EntityQuery,
      response: { 200: Entity, ...errorResponses(400, 404, 409) },
    },
  }, async (req) => entityView(app.store, req.params.id, req.query.limit));

  app.get<{ Querystring: Static<typeof SearchQuery> }>('/search', {
    schema: {
      summary: 'Search entities by key, identifier or label prefix; a GS1 form resolves to its entity first',
      tags: ['entities'],
      querystring: SearchQuery,
      response: { 200: SearchReply, ...errorResponses(400) },
    },
  }, async (req) => searchView(app.store, req.query.q, req.query.limit));
}
