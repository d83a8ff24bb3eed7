/** GET /api/trace: forward or backward trace from one entity, with optional witness paths. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../graph/store.ts';
import { traceView } from '../queries.ts';
import { EdgeKindSchema, errorResponses, NodeKindSchema, NodeViewSchema, StringEnum } from '../schemas.ts';

const Query = Type.Object({
  id: Type.String({ minLength: 1, description: 'key, alias or GS1 form of the origin' }),
  direction: StringEnum(['forward', 'backward'] as const, { default: 'forward' }),
  depth: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.maxDepth, description: 'maximum depth (default: unbounded up to 1000)' })),
  asOf: Type.Optional(Type.String({ minLength: 1, description: 'ignore edges later than this instant (ISO-8601 or epoch ms)' })),
  kinds: Type.Optional(Type.String({ minLength: 1, description: 'comma-separated node kinds to return (traversal passes through all)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxNodeCap, description: 'node cap; truncated=true when it bites' })),
  paths: Type.Boolean({ default: false, description: 'include each node\'s witness path from the origin' }),
});

const Step = Type.Object({ key: Type.String(), edge: Type.Union([EdgeKindSchema, Type.Null()]) });
const Node = Type.Object({
  key: Type.String(),
  kind: NodeKindSchema,
  depth: Type.Integer(),
  parent: Type.Union([Type.String(), Type.Null()]),
  edge: Type.Union([EdgeKindSchema, Type.Null()]),
  label: Type.String(),
  path: Type.Optional(Type.Array(Step)),
});
const Reply = Type.Object({
  origin: NodeViewSchema,
  direction: Type.String(),
  truncated: Type.Boolean(),
  count: Type.Integer(),
  nodes: Type.Array(Node),
});

/** Registers the trace route. */
export default async function traceRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof Query> }>('/trace', {
    schema: {
      summary: 'Trace forward (where did it go) or backward (where did it come from)',
      tags: ['genealogy'],
      querystring: Query,
      response: { 200: Reply, ...errorResponses(400, 404, 409) },
    },
  }, async (req) => traceView(app.store, req.query));
}
