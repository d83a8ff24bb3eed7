import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECALL_CSV_COLUMNS } from './recall-csv.ts';
import { testApp, type TestApp } from './test-fixture.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

const q = encodeURIComponent;
const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
};
const recall = async (payload: unknown, url = '/api/recall', headers: Record<string, string> = {}) => {
  const r = await t.app.inject({ method: 'POST', url, payload: payload as object, headers });
  return { status: r.statusCode, type: String(r.headers['content-type']), text: r.body, body: r.headers['content-type']?.toString().startsWith('application/json') ? r.json() : null };
};

describe('GET /api/trace', () => {
  it('traces backward from a serial to its raw lots with labels', async () => {
    const { k } = t.plant;
    const r = await get(`/api/trace?id=${q(k.s1)}&direction=backward`);
    expect(r.status).toBe(200);
    expect(r.body.origin.key).toBe(k.s1);
    expect(r.body.truncated).toBe(false);
    expect(r.body.count).toBe(r.body.nodes.length);
    const keys = r.body.nodes.map((n: { key: string }) => n.key);
    expect(keys[0]).toBe(k.s1);
    expect(keys).toEqual(expect.arrayContaining([k.d1, k.assy1, k.h1, k.b1, k.resinL1, k.pcbL1, k.supA, k.supB, k.press1, k.line1]));
    expect(keys).not.toContain(k.d2);
    const d1 = r.body.nodes.find((n: { key: string }) => n.key === k.d1);
    expect(d1).toEqual({ key: k.d1, kind: 'Lot', depth: 1, parent: k.s1, edge: 'HAS_UNIT', label: 't-D1' });
  });

  it('returns witness paths with paths=true, and filters kinds', async () => {
    const { k } = t.plant;
    const r = await get(`/api/trace?id=${q(k.resinL1)}&direction=forward&kinds=Customer&paths=true`);
    expect(r.status).toBe(200);
    const cust = r.body.nodes.filter((n: { kind: string }) => n.kind === 'Customer').map((n: { key: string }) => n.key).sort();
    expect(cust).toEqual([k.cust1, k.cust2].sort());
    const c1 = r.body.nodes.find((n: { key: string }) => n.key === k.cust1);
    expect(c1.path[0]).toEqual({ key: k.resinL1, edge: null });
    expect(c1.path.at(-1)).toEqual({ key: k.cust1, edge: 'DELIVERED_TO' });
    expect(c1.path).toHaveLength(c1.depth + 1);
  });

  it('honours depth, limit and asOf', async () => {
    const { k } = t.plant;
    const d1 = await get(`/api/trace?id=${q(k.resinL1)}&depth=1`);
    expect(d1.body.nodes.map((n: { key: string }) => n.key)).toEqual([k.resinL1, k.mold1]);
    const capped = await get(`/api/trace?id=${q(k.resinL1)}&limit=3`);
    expect(capped.body).toMatchObject({ truncated: true, count: 3 });
    // Before ASSY2 ran (06T08), H1 had only gone into ASSY1.
    const early = await get(`/api/trace?id=${q(k.h1)}&asOf=2026-03-05T09:00:00Z`);
    expect(early.body.nodes.map((n: { key: string }) => n.key)).toEqual([k.h1, k.assy1]);
  });

  it('rejects bad input with stable codes', async () => {
    const { k } = t.plant;
    expect(await get(`/api/trace?id=${q('lot:t-RESIN:NOPE')}`)).toMatchObject({ status: 404, body: { code: 'LG_NOT_FOUND' } });
    expect(await get(`/api/trace?id=${q('lot:x')}`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_ID' } });
    expect(await get(`/api/trace?id=${q(k.h1)}&depth=-1`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'depth' } } });
    expect(await get(`/api/trace?id=${q(k.h1)}&depth=5000`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'depth' } } });
    expect(await get(`/api/trace?id=${q(k.h1)}&limit=0`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'limit' } } });
    expect(await get(`/api/trace?id=${q(k.h1)}&asOf=yesterday`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_TIME', details: { field: 'asOf' } } });
    expect(await get(`/api/trace?id=${q(k.h1)}&direction=sideways`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'direction' } } });
    expect(await get(`/api/trace?id=${q(k.h1)}&kinds=Lot,Widget`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'kinds' } } });
    expect(await get('/api/trace')).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'id' } } });
  });
});

describe('POST /api/recall', () => {
  it('summarises the impact of a raw lot', async () => {
    const { k } = t.plant;
    const r = await recall({ suspects: [k.resinL1] });
    expect(r.status).toBe(200);
    expect(r.body.suspects.map((s: { key: string }) => s.key)).toEqual([k.resinL1]);
    expect(r.body.finishedLots.map((l: { key: string }) => l.key).sort()).toEqual([k.d1, k.d2].sort());
    expect(r.body.serials.map((s: { key: string }) => s.key).sort()).toEqual([k.s1, k.s2, k.s3, k.s4].sort());
    expect(r.body.customers.map((c: { key: string }) => c.key).sort()).toEqual([k.cust1, k.cust2].sort());
    expect(r.body.totals).toMatchObject({ finishedLots: 2, serials: 4, shipments: 2, customers: 2 });
  });

  it('accepts an equipment window and an alias', async () => {
    const { k } = t.plant;
    // PRESS1 ran MOLD1 (03T08) and MOLD2 (12T08): only the first is in the window.
    const r = await recall({ equipment: { id: k.press1, from: '2026-03-01', to: '2026-03-04' } });
    expect(r.status).toBe(200);
    expect(r.body.finishedLots.map((l: { key: string }) => l.key).sort()).toEqual([k.d1, k.d2].sort());
    const alias = await recall({ suspects: ['t-ERP-RL2'] });
    expect(alias.body.finishedLots.map((l: { key: string }) => l.key)).toEqual([k.d3]);
  });

  it('exports CSV with ?format=csv and with Accept: text/csv', async () => {
    const { k } = t.plant;
    const r = await recall({ suspects: [k.resinL1] }, '/api/recall?format=csv');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/csv/);
    const lines = r.text.trimEnd().split('\n');
    expect(lines[0]).toBe(RECALL_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 2 + 4);
    const s3 = lines.find((l) => l.startsWith(`serial,${k.s3},`))!.split(',');
    expect(s3).toEqual(['serial', k.s3, 't-DEVICE', 't-SN3', 'shipped', '1', '1', k.shp2, k.cust2]);
    const d2 = lines.find((l) => l.startsWith(`lot,${k.d2},`))!.split(',');
    expect(d2.slice(0, 5)).toEqual(['lot', k.d2, 't-DEVICE', 't-D2', 'partially-shipped']);
    expect(d2.slice(5)).toEqual(['5', '2', k.shp2, k.cust2]);
    const accept = await recall({ suspects: [k.resinL1] }, '/api/recall', { accept: 'text/csv' });
    expect(accept.text).toBe(r.text);
  });

  it('rejects bad recalls with stable codes', async () => {
    const { k } = t.plant;
    expect(await recall({})).toMatchObject({ status: 400, body: { code: 'LG_EMPTY_RECALL' } });
    expect(await recall({ suspects: [] })).toMatchObject({ status: 400, body: { code: 'LG_EMPTY_RECALL' } });
    expect(await recall({ suspects: ['lot:t-RESIN:NOPE'] })).toMatchObject({ status: 404, body: { code: 'LG_NOT_FOUND' } });
    expect(await recall({ suspects: [''] })).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM' } });
    expect(await recall({ equipment: { id: k.press1, from: 'soon', to: '2026-03-04' } })).toMatchObject({ status: 400, body: { code: 'LG_BAD_TIME' } });
    expect(await recall({ equipment: { id: k.h1, from: '2026-03-01', to: '2026-03-04' } })).toMatchObject({ status: 400, body: { code: 'LG_BAD_ID' } });
    expect(await recall({ suspect: [k.h1] })).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'suspect' } } });
    const bad = await t.app.inject({ method: 'POST', url: '/api/recall', payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('LG_BAD_PARAM');
  });
});
