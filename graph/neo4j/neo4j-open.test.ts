// Startup errors: a wrong password or an unreachable server is a clear LgError naming the URI, never the password.
import { describe, expect, it } from 'vitest';
import { isLgError } from '../../lib/errors.ts';
import { Neo4jConnection } from './connection.ts';
import { openNeo4jStore, PLUGIN_ABSENT } from './index.ts';
import { cfgFromEnv } from './test-env.ts';

async function openError(cfg: Parameters<typeof openNeo4jStore>[0]): Promise<{ code: string; message: string }> {
  try {
    const s = await openNeo4jStore(cfg);
    await s.close();
  } catch (e) {
    if (!isLgError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('openNeo4jStore should have failed');
}

describe('openNeo4jStore startup errors', () => {
  it('opens with the right credentials and creates the schema idempotently', async () => {
    const cfg = cfgFromEnv();
    const a = await openNeo4jStore(cfg);
    const b = await openNeo4jStore(cfg);
    expect((await a.stats()).nodes).toBeGreaterThanOrEqual(0);
    await a.close();
    await b.close();
  });

  it('a wrong password is LG_STORE_AUTH naming the URI, not the password', async () => {
    const cfg = cfgFromEnv();
    const password = 'wrong-Secret-4711';
    const err = await openError({ ...cfg, password });
    expect(err.code).toBe('LG_STORE_AUTH');
    expect(err.message).toContain(cfg.uri);
    expect(err.message).not.toContain(password);
  });

  it('an unreachable server is LG_STORE_UNAVAILABLE naming the URI', async () => {
    const password = 'Secret-unreachable-99';
    const err = await openError({ uri: 'bolt://127.0.0.1:9', user: 'neo4j', password });
    expect(err.code).toBe('LG_STORE_UNAVAILABLE');
    expect(err.message).toContain('bolt://127.0.0.1:9');
    expect(err.message).not.toContain(password);
  });

  it('a lotgraph.trace that takes other arguments (a plugin jar older than the adapter) counts as no plugin: the Cypher engine traces', async () => {
    const conn = new Neo4jConnection(cfgFromEnv());
    try {
      // one argument more than this plugin takes, as this adapter's call is to a jar from before the margin
      const older = { text: 'CALL lotgraph.trace([], [], "out", 0, null, 1, false, [], [], "auto", [0, 0], 99) YIELD truncated RETURN truncated', params: {} };
      expect(await conn.probe(older, PLUGIN_ABSENT, 'looking for the lotgraph plugin')).toBe(false);
      // any other failure still throws
      await expect(conn.probe({ text: 'RETURN 1/0', params: {} }, PLUGIN_ABSENT, 'probing')).rejects.toThrow();
    } finally {
      await conn.close();
    }
  });
});
