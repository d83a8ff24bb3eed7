import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './test-fixture.ts';

const KEYS = 'qe:viewer:viewer-secret-1,line:operator:operator-secret-2,qa:admin:admin-secret-33';
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
let t: TestApp;
afterEach(async () => t?.close());

describe('API keys, roles and audit', () => {
  it('guards reads, recall and writes by role, and leaves the probes open', async () => {
    t = await testApp('auth', { LOTGRAPH_API_KEYS: KEYS });
    const lot = t.plant.k.resinL1;
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    const noKey = await t.app.inject({ url: `/api/trace?id=${encodeURIComponent(lot)}&direction=forward` });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json().code).toBe('LG_UNAUTHORIZED');
    const wrong = await t.app.inject({ url: '/api/stats', headers: bearer('not-a-real-key') });
    expect(wrong.json().code).toBe('LG_UNAUTHORIZED');
    expect((await t.app.inject({ url: '/api/stats', headers: { 'x-api-key': 'viewer-secret-1' } })).statusCode).toBe(200);
    const recall = await t.app.inject({ method: 'POST', url: '/api/recall', headers: bearer('viewer-secret-1'), payload: { suspects: [lot] } });
    expect(recall.statusCode).toBe(200);
    const write = await t.app.inject({ method: 'POST', url: '/api/events', headers: { ...bearer('viewer-secret-1'), 'content-type': 'application/x-ndjson' }, payload: '' });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('LG_FORBIDDEN');
    expect((await t.app.inject({ url: '/api/audit', headers: bearer('operator-secret-2') })).json().code).toBe('LG_FORBIDDEN');
  });

  it('audits every recall with who asked, in a chain that verifies', async () => {
    t = await testApp('aud', { LOTGRAPH_API_KEYS: KEYS });
    const lot = t.plant.k.resinL1;
    await t.app.inject({ method: 'POST', url: '/api/recall', headers: bearer('viewer-secret-1'), payload: { suspects: [lot] } });
    await t.app.inject({ method: 'POST', url: '/api/recall', headers: bearer('operator-secret-2'), payload: { suspects: ['lot:NOPE:1'] } });
    const list = (await t.app.inject({ url: '/api/audit', headers: bearer('admin-secret-33') })).json();
    expect(list.entries.map((e: { actor: string; action: string }) => [e.actor, e.action])).toEqual([['line', 'recall'], ['qe', 'recall']]);
    expect(JSON.parse(list.entries[0].detail).status).toBe(404);
    expect(list.entries[1].subject).toContain(lot);
    const v = (await t.app.inject({ url: '/api/audit/verify', headers: bearer('admin-secret-33') })).json();
    expect(v).toMatchObject({ ok: true, entries: 2 });
  });
});
