/** POST /api/recall: recall impact of suspects, as JSON or CSV (?format=csv or Accept: text/csv). */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../graph/store.ts';
import { recallCsv } from '../recall-csv.ts';
import { instantArg, recallView } from '../queries.ts';
import { errorResponses, Instant, StringEnum } from '../schemas.ts';

const Window = Type.Object({ id: Type.String({ minLength: 1 }), from: Instant, to: Instant }, { additionalProperties: false });

const Body = Type.Object({
  suspects: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 10_000, description: 'lot, serial or container ids' })),
  equipment: Type.Optional(Window),
  supplier: Type.Optional(Window),
  asOf: Type.Optional(Instant),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxNodeCap })),
}, { additionalProperties: false });

const Query = Type.Object({ format: Type.Optional(StringEnum(['json', 'csv'] as const)) });

/** Registers the recall route. */
export default async function recallRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: Static<typeof Body>; Querystring: Static<typeof Query> }>('/recall', {
    schema: {
      summary: 'Recall impact: affected finished lots and serials, stock vs shipped, shipments, customers',
      tags: ['genealogy'],
      body: Body,
      querystring: Query,
      response: errorResponses(400, 404, 409),
    },
  }, async (req, reply) => {
    const impact = await recallView(app.store, req.body ?? {});
    const wantsCsv = req.query.format === 'csv' || (req.query.format === undefined && /\btext\/csv\b/.test(req.headers.accept ?? ''));
    if (!wantsCsv) return impact;
    const csv = await recallCsv(app.store, impact, instantArg(req.body?.asOf));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="recall-impact.csv"').send(csv);
  });
}
