import { describe, it, expect } from 'vitest';
import { LgError } from './errors.ts';
import { loadConfig } from './config.ts';

function configError(fn: () => unknown): LgError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LgError) return e;
    throw e;
  }
  throw new Error('expected an LG_CONFIG error');
}

describe('loadConfig', () => {
  it('has defaults for an empty environment', () => {
    const c = loadConfig({}, {});
    expect(c).toEqual({ dataDir: './data', port: 8080, host: '127.0.0.1', store: 'embedded', neo4j: null, logLevel: 'info', server: 'http://127.0.0.1:8080', apiKeys: '', apiKey: '', ingestMemory: '128MB' });
  });

  it('takes flags over the environment', () => {
    const c = loadConfig({ data: '/tmp/x', port: '9000', server: 'http://h:1/' }, { LOTGRAPH_DATA: '/tmp/y', PORT: '1234', HOST: '0.0.0.0' });
    expect(c.dataDir).toBe('/tmp/x');
    expect(c.port).toBe(9000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.server).toBe('http://h:1');
  });

  it('derives the server URL from the port', () => {
    expect(loadConfig({}, { PORT: '9999' }).server).toBe('http://127.0.0.1:9999');
  });

  it('chooses neo4j when NEO4J_URI is set, embedded when asked explicitly', () => {
    const env = { NEO4J_URI: 'bolt://127.0.0.1:7687', NEO4J_PASSWORD: 'pw', NEO4J_DATABASE: 'neo4j' };
    const c = loadConfig({}, env);
    expect(c.store).toBe('neo4j');
    expect(c.neo4j).toEqual({ uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: 'pw', database: 'neo4j' });
    expect(loadConfig({ store: 'embedded' }, env).store).toBe('embedded');
  });

  it('is frozen, deeply', () => {
    const c = loadConfig({}, { NEO4J_URI: 'neo4j://x:1', NEO4J_PASSWORD: 'pw' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.neo4j)).toBe(true);
  });

  it('lists every bad key in one LG_CONFIG error, without the password', () => {
    const e = configError(() => loadConfig({ port: 'eighty' }, { LOTGRAPH_STORE: 'mysql', LOG_LEVEL: 'loud', LOTGRAPH_SERVER: 'ftp://x' }));
    expect(e.code).toBe('LG_CONFIG');
    const problems = e.details?.problems as string[];
    expect(problems.map((p) => p.split(':')[0])).toEqual(['--port / PORT', '--store / LOTGRAPH_STORE', 'LOG_LEVEL', '--server / LOTGRAPH_SERVER']);
    expect(e.message).toContain('eighty');
  });

  it('requires NEO4J_URI and a password for the neo4j store', () => {
    const e = configError(() => loadConfig({ store: 'neo4j' }, {}));
    expect(e.details?.problems).toEqual([expect.stringMatching(/^NEO4J_URI: required/)]);
    const f = configError(() => loadConfig({}, { NEO4J_URI: 'http://x', NEO4J_PASSWORD: '' }));
    const problems = f.details?.problems as string[];
    expect(problems.map((p) => p.split(':')[0])).toEqual(['NEO4J_URI', 'NEO4J_PASSWORD']);
    expect(f.message).not.toMatch(/pw/);
  });

  it('takes DuckDB sizes for LOTGRAPH_INGEST_MEMORY (or default) and names a bad one', () => {
    expect(loadConfig({}, { LOTGRAPH_INGEST_MEMORY: '1GiB' }).ingestMemory).toBe('1GiB');
    expect(loadConfig({}, { LOTGRAPH_INGEST_MEMORY: '512mb' }).ingestMemory).toBe('512mb');
    expect(loadConfig({}, { LOTGRAPH_INGEST_MEMORY: 'default' }).ingestMemory).toBe('default');
    const e = configError(() => loadConfig({}, { LOTGRAPH_INGEST_MEMORY: "1GB'; DROP TABLE x" }));
    expect(e.details?.problems).toEqual([expect.stringMatching(/^LOTGRAPH_INGEST_MEMORY: /)]);
    expect(configError(() => loadConfig({}, { LOTGRAPH_INGEST_MEMORY: '0MB' })).details?.problems).toEqual([expect.stringMatching(/^LOTGRAPH_INGEST_MEMORY: at least 16MB/)]);
    expect(loadConfig({}, { LOTGRAPH_INGEST_MEMORY: '16MB' }).ingestMemory).toBe('16MB');
  });

  it('rejects a port out of range', () => {
    expect(configError(() => loadConfig({ port: '70000' }, {})).code).toBe('LG_CONFIG');
  });
});

describe('loadConfig API keys', () => {
  it('names a malformed LOTGRAPH_API_KEYS entry without echoing its secret', () => {
    let err: { code?: string; message?: string } = {};
    try { loadConfig({}, { LOTGRAPH_API_KEYS: 'ops:root:abcdefghijklmnopq' }); } catch (e) { err = e as typeof err; }
    expect(err.code).toBe('LG_CONFIG');
    expect(err.message).toContain('LOTGRAPH_API_KEYS');
    expect(err.message).not.toContain('abcdefghijklmnopq');
  });
});
