import { describe, expect, it } from 'vitest';
import { startServer } from './server.ts';
import { testApp } from './test-fixture.ts';

describe('startServer', () => {
  it('listens on a free port, serves, and closes the app then the store once', async () => {
    const t = await testApp();
    const signalListeners = process.listenerCount('SIGTERM');
    let closedStore = 0;
    const server = await startServer(t.app, { host: '127.0.0.1', port: 0 }, async () => {
      closedStore++;
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/api/stats`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { nodes: number }).nodes).toBe(35);
      const bad = await fetch(`${server.url}/api/trace?id=lot%3Ax`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { code: string }).code).toBe('LG_BAD_ID');
    } finally {
      await Promise.all([server.close(), server.close()]);
    }
    await server.closed;
    expect(closedStore).toBe(1);
    expect(process.listenerCount('SIGTERM')).toBe(signalListeners);
    await t.close();
  });
});
