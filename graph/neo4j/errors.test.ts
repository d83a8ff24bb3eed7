// Driver error mapping, without a database.
import { describe, expect, it } from 'vitest';
import { mapDriverError } from './errors.ts';

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
