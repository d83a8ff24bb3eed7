/**
 * One error family for the whole project: a stable `LG_` code with its HTTP status, nowhere else.
 * REST and GraphQL shape it in one place each; tests assert the code, not the message.
 */

/** Every code we raise, with the HTTP status it maps to. */
export const ERROR_STATUS = {
  LG_BAD_ID: 400,
  LG_BAD_PARAM: 400,
  LG_BAD_TIME: 400,
  LG_EMPTY_RECALL: 400,
  LG_INVALID_RECORD: 422,
  LG_INVALID_BATCH: 422,
  LG_UNAUTHORIZED: 401,
  LG_FORBIDDEN: 403,
  LG_NOT_FOUND: 404,
  LG_AMBIGUOUS_ID: 409,
  LG_CONFLICT: 409,
  LG_DATA_LOCKED: 409,
  LG_STORE_UNAVAILABLE: 503,
  LG_STORE_AUTH: 503,
  LG_CONFIG: 500,
  LG_INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The base error: code, HTTP status, and optional details a client may act on (field, position...). */
export class LgError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LgError';
    this.code = code;
    this.statusCode = ERROR_STATUS[code];
    this.details = details;
  }
}

/** True for an LgError (also across module copies, by shape). */
export function isLgError(e: unknown): e is LgError {
  return e instanceof LgError || (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' && String((e as { code: string }).code).startsWith('LG_'));
}
