/** GET /health (the process is alive) and GET /ready (the store answers). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isLgError, LgError } from '../../lib/errors.ts';
import { errorResponses } from '../schemas.ts';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({ status: Type.String(), store: Type.String(), nodes: Type.Integer(), edges: Type.Integer() });

/** Registers the liveness and readiness probes (outside /api, as load balancers expect). */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema: { summary: 'Liveness', tags: ['ops'], response: { 200: Health } } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { summary: 'Readiness: the store answers stats()', tags: ['ops'], response: { 200: Ready, ...errorResponses(503) } } }, async () => {
    let s;
    try {
      s = await app.store.stats();
    } catch (e) {
      // Not ready, whatever the cause: 503 so a load balancer stops sending traffic here.
      throw isLgError(e) && e.statusCode === 503 ? e : new LgError('LG_STORE_UNAVAILABLE', `store ${app.store.name} does not answer`, undefined, { cause: e });
    }
    return { status: 'ready', store: app.store.name, nodes: s.nodes, edges: s.edges };
  });
}
