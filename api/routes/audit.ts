/** The audit trail, for admins: recent entries and a verification of the whole hash chain. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LgError } from '../../lib/errors.ts';

const Entry = Type.Object({
  seq: Type.Integer(), at: Type.Number(), actor: Type.String(), role: Type.String(), action: Type.String(),
  subject: Type.String(), detail: Type.String(), prevHash: Type.String(), hash: Type.String(),
});

export default async function auditRoutes(app: FastifyInstance): Promise<void> {
  const log = () => {
    if (!app.audit) throw new LgError('LG_STORE_UNAVAILABLE', 'this server has no audit database');
    return app.audit;
  };
  app.get('/audit', {
    schema: {
      tags: ['ops'], summary: 'Recent audit entries, newest first (admin)',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), before: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: Type.Object({ entries: Type.Array(Entry) }) },
    },
  }, async (req) => {
    const q = req.query as { limit?: number; before?: number };
    return { entries: await log().list(q) };
  });
  app.get('/audit/verify', {
    schema: {
      tags: ['ops'], summary: 'Recompute the audit hash chain (admin)',
      response: { 200: Type.Object({ ok: Type.Boolean(), entries: Type.Integer(), head: Type.String(), firstBad: Type.Optional(Type.Integer()), reason: Type.Optional(Type.String()) }) },
    },
  }, async () => log().verify());
}
