/**
 * The one place where neo4j-driver errors become LgErrors. Messages name the server URI and the
 * database, never the credentials.
 */
import { LgError, isLgError } from '../../lib/errors.ts';

/**
 * Driver/server codes for a transaction that ran past its time limit (LockClientStopped: stopped
 * while waiting for a lock). Drivers 5.28 and 6 report LockClientStopped as a ClientError (the
 * bolt response handler rewrites the server's TransientError code); older ones as sent: both.
 */
const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
  'Neo.ClientError.Transaction.LockClientStopped',
  'Neo.TransientError.Transaction.LockClientStopped',
]);

/**
 * A deadlock between write transactions that outlived the driver's own retries: a conflict with
 * concurrent writers, not a server fault, so LG_CONFLICT (re-run the batch, as the store's
 * writeRetried does) rather than LG_STORE_UNAVAILABLE (which says the server is unreachable or short
 * of memory, and is not re-run).
 */
const DEADLOCK_CODE = 'Neo.TransientError.Transaction.DeadlockDetected';

/**
 * A transaction the server terminated: an administrator's `TERMINATE TRANSACTIONS`, or the database
 * stopping. Drivers 5.28+ report it as a ClientError (checked live with 6.3.0), older ones as sent.
 * Not re-run by us: an administrator who stops a write means it.
 */
const TERMINATED_CODES = new Set(['Neo.ClientError.Transaction.Terminated', 'Neo.TransientError.Transaction.Terminated']);

/** Server codes for a transaction over the server's memory limits (they start with Neo.TransientError.General.). */
const MEMORY_CODES = new Set(['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'Neo.TransientError.General.TransactionMemoryLimit', 'Neo.TransientError.General.OutOfMemoryError']);

/** True when a driver error means the transaction hit its time limit (the naive bench engine counts these). */
export function isTimeout(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code);
}

/** Maps any error thrown by the driver to an LgError naming `uri`; LgErrors pass through unchanged. */
export function mapDriverError(e: unknown, uri: string, database: string, doing: string): LgError {
  if (isLgError(e)) return e as LgError;
  const code = String((e as { code?: unknown })?.code ?? '');
  const where = `Neo4j at ${uri} (database '${database}')`;
  if (code.startsWith('Neo.ClientError.Security.')) {
    return new LgError('LG_STORE_AUTH', `${where} rejected the credentials while ${doing}: check NEO4J_USER and NEO4J_PASSWORD`, { uri, code }, { cause: e });
  }
  // Transient by code, but not a connection problem: the statement needed more memory than the server allows.
  if (MEMORY_CODES.has(code)) {
    return new LgError('LG_STORE_UNAVAILABLE', `${where} ran out of transaction memory while ${doing} (server heap or dbms.memory.transaction.total.max)`, { uri, code }, { cause: e });
  }
  if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code.startsWith('Neo.TransientError.General.') || code === 'Neo.ClientError.Database.DatabaseNotFound') {
    const why = code === 'Neo.ClientError.Database.DatabaseNotFound' ? 'has no such database' : 'is unreachable';
    return new LgError('LG_STORE_UNAVAILABLE', `${where} ${why} while ${doing}: is the server running (.ci/neo4j-start.sh)?`, { uri, code }, { cause: e });
  }
  if (TIMEOUT_CODES.has(code)) {
    return new LgError('LG_STORE_UNAVAILABLE', `${where}: ${doing} ran past its time limit`, { uri, code }, { cause: e });
  }
  if (TERMINATED_CODES.has(code)) {
    return new LgError('LG_STORE_UNAVAILABLE', `${where} terminated the transaction while ${doing} (an administrator's TERMINATE TRANSACTIONS, or the database stopping); nothing of it was committed: run it again`, { uri, code }, { cause: e });
  }
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new LgError('LG_CONFLICT', `${where}: a concurrent write created the same node while ${doing}; retry the batch`, { uri, code }, { cause: e });
  }
  if (code === DEADLOCK_CODE) {
    return new LgError('LG_CONFLICT', `${where}: deadlocked with a concurrent write while ${doing}; retry the batch`, { uri, code }, { cause: e });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new LgError('LG_INTERNAL', `${where} failed while ${doing}: ${msg}`, { uri, code }, { cause: e });
}
