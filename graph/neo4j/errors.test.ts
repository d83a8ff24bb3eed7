// Driver error mapping, without a database.
import { describe, expect, it } from 'vitest';
import { isTimeout, mapDriverError } from './errors.ts';

const driverError = (code: string) => Object.assign(new Error('boom'), { code });

describe('mapDriverError', () => {
  it('says "out of transaction memory", not "unreachable", when a statement exceeds the memory limit', () => {
    const e = mapDriverError(driverError('Neo.TransientError.General.MemoryPoolOutOfMemoryError'), 'bolt://h:1', 'neo4j', 'clearing the database');
    expect(e.code).toBe('LG_STORE_UNAVAILABLE');
    expect(e.message).toContain('ran out of transaction memory while clearing the database');
    expect(e.message).not.toContain('unreachable');
  });

  it('still calls a lost connection unreachable', () => {
    expect(mapDriverError(driverError('ServiceUnavailable'), 'bolt://h:1', 'neo4j', 'x').message).toContain('is unreachable while x');
  });
});

describe('mapDriverError, lock codes', () => {
  it('maps a deadlock that outlived the driver retries to LG_CONFLICT (the store re-runs the batch)', () => {
    const e = mapDriverError(driverError('Neo.TransientError.Transaction.DeadlockDetected'), 'bolt://h:1', 'neo4j', 'writing a batch');
    expect(e.code).toBe('LG_CONFLICT');
    expect(e.message).toContain('deadlocked with a concurrent write while writing a batch');
  });

  it('treats LockClientStopped as a timeout under both spellings (drivers >= 5.28 report a ClientError)', () => {
    for (const code of ['Neo.TransientError.Transaction.LockClientStopped', 'Neo.ClientError.Transaction.LockClientStopped']) {
      expect(isTimeout(driverError(code)), code).toBe(true);
      const e = mapDriverError(driverError(code), 'bolt://h:1', 'neo4j', 'writing a batch');
      expect(e.code, code).toBe('LG_STORE_UNAVAILABLE');
      expect(e.message, code).toContain('writing a batch ran past its time limit');
    }
  });

  it('says a transaction the server terminated was terminated, under both spellings (not LG_INTERNAL)', () => {
    for (const code of ['Neo.ClientError.Transaction.Terminated', 'Neo.TransientError.Transaction.Terminated']) {
      const e = mapDriverError(driverError(code), 'bolt://h:1', 'neo4j', 'writing a batch');
      expect(e.code, code).toBe('LG_STORE_UNAVAILABLE');
      expect(e.message, code).toContain('terminated the transaction while writing a batch');
      expect(isTimeout(driverError(code)), code).toBe(false);
    }
  });
});
