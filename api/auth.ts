/**
 * API keys, roles and the audit trail for every request. Reads need `viewer`; a recall needs
 * `viewer` and is audited; writes (ingest, events, EPCIS capture) need `operator` and are audited;
 * the audit trail itself needs `admin`. Probes (/health, /ready) and the OpenAPI document are open.
 * With no keys configured everyone is `anonymous` (local development) and still audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuditLog } from '../analytics/audit-log.ts';
import { ApiKeys, requireRole, type Principal, type Role } from '../lib/api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    audit: AuditLog | null;
  }
}

const OPEN = new Set(['/health', '/ready', '/api/openapi.json']);

/** The role a request needs, or null for open routes. */
export function roleFor(method: string, path: string): Role | null {
  if (OPEN.has(path)) return null;
  if (path.startsWith('/api/audit')) return 'admin';
  if (method === 'GET' || method === 'HEAD' || path === '/api/recall') return 'viewer';
  return 'operator';
}

/** What the audit trail records for a request (null: not audited). */
function auditAction(req: FastifyRequest): { action: string; subject: string; detail: unknown } | null {
  const path = req.url.split('?')[0]!;
  if (path === '/api/recall') return { action: 'recall', subject: JSON.stringify(req.body ?? {}).slice(0, 2000), detail: { query: req.query } };
  if (req.method !== 'GET' && req.method !== 'HEAD' && !OPEN.has(path)) return { action: `write ${req.method} ${path}`, subject: path, detail: { query: req.query, bytes: Number(req.headers['content-length'] ?? 0) } };
  return null;
}

function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const k = req.headers['x-api-key'];
  return typeof k === 'string' ? k : undefined;
}

export default fp(async function auth(app: FastifyInstance, opts: { apiKeys: string }) {
  const keys = new ApiKeys(opts.apiKeys);
  app.decorate('audit', app.db ? await AuditLog.open(app.db) : null);
  app.decorateRequest('principal', null);
  if (!keys.enabled) app.log.warn('no API keys configured (LOTGRAPH_API_KEYS): every caller is an anonymous admin; set keys before exposing this server');

  app.addHook('onRequest', async (req) => {
    const need = roleFor(req.method, req.url.split('?')[0]!);
    if (need === null) return;
    const p = keys.authenticate(presentedKey(req));
    requireRole(p, need);
    req.principal = p;
  });

  // onSend, not onResponse: the entry is committed before the caller sees the answer.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!app.audit || !req.principal) return payload;
    const a = auditAction(req);
    if (a) await app.audit.append({ actor: req.principal.name, role: req.principal.role, action: a.action, subject: a.subject, detail: { ...(a.detail as object), status: reply.statusCode } });
    return payload;
  });
}, { name: 'lotgraph-auth' });
