import { describe, expect, it } from 'vitest';
import { ApiKeys, requireRole } from './api-keys.ts';

describe('api keys', () => {
  const keys = new ApiKeys('qe:viewer:viewer-secret-1,line:operator:operator-secret-2');

  it('authenticates known keys and rejects others with LG codes', () => {
    expect(keys.authenticate('operator-secret-2')).toEqual({ name: 'line', role: 'operator' });
    expect(() => keys.authenticate(undefined)).toThrow(expect.objectContaining({ code: 'LG_UNAUTHORIZED' }));
    expect(() => keys.authenticate('nope-nope-nope')).toThrow(expect.objectContaining({ code: 'LG_UNAUTHORIZED' }));
  });

  it('orders roles', () => {
    expect(() => requireRole({ name: 'qe', role: 'viewer' }, 'operator')).toThrow(expect.objectContaining({ code: 'LG_FORBIDDEN' }));
    expect(() => requireRole({ name: 'line', role: 'operator' }, 'viewer')).not.toThrow();
  });

  it('rejects a malformed spec without echoing the secret', () => {
    let msg = '';
    try { new ApiKeys('bob:superuser:abcdefghijklmnop'); } catch (e) { msg = (e as Error).message; expect((e as { code: string }).code).toBe('LG_CONFIG'); }
    expect(msg).not.toContain('abcdefghijklmnop');
    expect(new ApiKeys('').enabled).toBe(false);
  });
});
