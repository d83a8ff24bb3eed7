/**
 * The one place REST errors are shaped: `{ code, message, details? }` with the status the LG_ code
 * carries (lib/errors.ts). Validation failures become LG_BAD_PARAM naming the field; anything
 * unexpected is logged and answered with a generic LG_INTERNAL, never with its message or stack.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, isLgError, type ErrorCode } from '../lib/errors.ts';

/** The error body. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Messages sent instead of the real one for server-side failures (the real one goes to the log). */
const HIDDEN: Partial<Record<ErrorCode, string>> = {
  LG_STORE_UNAVAILABLE: 'the graph store is unavailable; see the server log',
  LG_STORE_AUTH: 'the server cannot authenticate to its graph store; see the server log',
  LG_CONFIG: 'the server is misconfigured; see the server log',
  LG_INTERNAL: 'internal error; see the server log',
};

interface AjvIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The field a validation issue is about: a missing property, or the path of a bad value. */
function fieldOf(issue: AjvIssue): string {
  const missing = issue.params?.missingProperty;
  if (typeof missing === 'string') return missing;
  const additional = issue.params?.additionalProperty;
  const path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  if (typeof additional === 'string') return path ? `${path}.${additional}` : additional;
  return path;
}

/** Maps any thrown value to a status and body. */
export function shapeError(err: unknown): { status: number; body: ErrorBody; log: boolean } {
  if (isLgError(err)) {
    const status = ERROR_STATUS[err.code] ?? 500;
    if (status >= 500) return { status, body: { code: err.code, message: HIDDEN[err.code] ?? HIDDEN.LG_INTERNAL! }, log: true };
    return { status, body: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) }, log: false };
  }
  const fe = err as Partial<FastifyError> & { validation?: AjvIssue[]; validationContext?: string };
  if (Array.isArray(fe.validation) && fe.validation.length > 0) {
    const issue = fe.validation[0]!;
    const field = fieldOf(issue);
    const where = fe.validationContext ?? 'request';
    const message = issue.params?.missingProperty ? `${where} parameter '${field}' is required` : `${where} parameter '${field}' ${issue.message ?? 'is invalid'}`;
    return { status: 400, body: { code: 'LG_BAD_PARAM', message, details: { field, in: where } }, log: false };
  }
  // Fastify's own client errors (malformed JSON, wrong content type, body too large) keep their status.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { code: 'LG_BAD_PARAM', message: fe.message ?? 'bad request' }, log: false };
  }
  return { status: 500, body: { code: 'LG_INTERNAL', message: HIDDEN.LG_INTERNAL! }, log: true };
}

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const { status, body, log } = shapeError(err);
    if (log) req.log.error({ err }, 'request failed');
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    void reply.status(404).send({ code: 'LG_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } satisfies ErrorBody);
  });
}
