import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './test-fixture.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.headers['content-type']?.toString().startsWith('application/json') ? r.json() : r.body, headers: r.headers };
};
const q = encodeURIComponent;

describe('probes and documents', () => {
  it('answers /health and /ready', async () => {
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get('/ready')).toMatchObject({ status: 200, body: { status: 'ready', store: t.store.name, nodes: 35, edges: 35 } });
  });

  it('lists every route in the OpenAPI document', async () => {
    const r = await get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths).sort()).toEqual([
      '/api/audit', '/api/audit/verify', '/api/entities/{id}', '/api/events', '/api/ingest', '/api/neighbourhood', '/api/path', '/api/recall', '/api/search', '/api/stats', '/api/trace',
      '/epcis/capture', '/epcis/capture/{id}', '/health', '/ready',
    ]);
    const params = r.body.paths['/api/trace'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['id', 'direction', 'depth', 'asOf', 'kinds', 'limit', 'paths']));
  });

  it('answers an unknown route with LG_NOT_FOUND', async () => {
    expect(await get('/api/nope')).toMatchObject({ status: 404, body: { code: 'LG_NOT_FOUND' } });
  });
});

describe('GET /api/stats', () => {
  it('counts nodes and edges by kind', async () => {
    const r = await get('/api/stats');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ nodes: 35, edges: 35, nodesByKind: { Lot: 9, Serial: 4, Operation: 7 }, edgesByKind: { CONSUMED_BY: 8, PRODUCED: 7 } });
  });
});

describe('GET /api/entities/:id and /api/search', () => {
  it('returns a node with its direct edges, by key or alias', async () => {
    const { k } = t.plant;
    const r = await get(`/api/entities/${q(k.h1)}`);
    expect(r.status).toBe(200);
    expect(r.body.node).toMatchObject({ key: k.h1, kind: 'Lot' });
    expect(r.body.in.map((e: { from: string }) => e.from)).toEqual([k.mold1]);
    expect(r.body.out.map((e: { kind: string; to: string }) => `${e.kind} ${e.to}`).sort()).toEqual([
      `CONSUMED_BY ${k.assy1}`, `CONSUMED_BY ${k.assy2}`, `OF_MATERIAL ${k.mHousing}`,
    ]);
    // A rework loop: SN3 is consumed by RWK1 and produced by it again; both edges show.
    const s3 = await get(`/api/entities/${q(k.s3)}`);
    expect(s3.body.in.map((e: { kind: string; from: string }) => `${e.kind} ${e.from}`).sort()).toEqual([`HAS_UNIT ${k.d1}`, `PRODUCED ${k.rwk1}`]);
    expect(s3.body.out.map((e: { kind: string; to: string }) => `${e.kind} ${e.to}`).sort()).toEqual([`CONSUMED_BY ${k.rwk1}`, `SHIPPED_IN ${k.shp2}`]);
    const byAlias = await get(`/api/entities/${q('t-ERP-RL1')}`);
    expect(byAlias.body.node.key).toBe(k.resinL1);
  });

  it('takes ids with encoded characters and slashes (keys, Digital Link aliases)', async () => {
    const { lotKey } = await import('../graph/keys.ts');
    const key = lotKey('t-SLASH', 'A/B 1');
    const link = 'https://id.gs1.org/01/09506000134352/10/AB1';
    // A store of its own, so the counts asserted elsewhere stay those of the mini plant.
    const own = await testApp('u');
    try {
      await own.store.upsert({ nodes: [{ kind: 'Lot', key, ids: [link] }] });
      const byKey = await own.app.inject({ method: 'GET', url: `/api/entities/${q(key)}` });
      expect(byKey.statusCode).toBe(200);
      expect(byKey.json().node.key).toBe('lot:t-SLASH:A%2FB%201');
      const byLink = await own.app.inject({ method: 'GET', url: `/api/entities/${q(link)}` });
      expect(byLink.statusCode).toBe(200);
      expect(byLink.json().node.key).toBe(key);
    } finally {
      await own.close();
    }
  });

  it('rejects unknown, malformed and ambiguous ids with their codes', async () => {
    expect(await get(`/api/entities/${q('lot:t-RESIN:NOPE')}`)).toMatchObject({ status: 404, body: { code: 'LG_NOT_FOUND' } });
    expect(await get(`/api/entities/${q('lot:only-one-part')}`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_ID' } });
    const amb = await get(`/api/entities/${q('t-L1')}`);
    expect(amb).toMatchObject({ status: 409, body: { code: 'LG_AMBIGUOUS_ID' } });
    expect(amb.body.details.candidates).toHaveLength(2);
  });

  it('searches by prefix', async () => {
    const r = await get(`/api/search?q=${q('t-ERP')}&limit=5`);
    expect(r.status).toBe(200);
    expect(r.body.results.map((n: { key: string }) => n.key).sort()).toEqual([t.plant.k.resinL1, t.plant.k.resinL2, t.plant.k.pcbL1].sort());
    expect(await get('/api/search?q=')).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'q' } } });
    expect(await get('/api/search?q=x&limit=500')).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'limit' } } });
  });
});

describe('GET /api/path and /api/neighbourhood', () => {
  it('finds a flow path and reports none when there is none', async () => {
    const { k } = t.plant;
    const r = await get(`/api/path?from=${q(k.resinL1)}&to=${q(k.cust1)}`);
    expect(r.status).toBe(200);
    expect(r.body.found).toBe(true);
    expect(r.body.nodes[0].key).toBe(k.resinL1);
    expect(r.body.nodes.at(-1).key).toBe(k.cust1);
    expect(r.body.length).toBe(r.body.edges.length);
    const none = await get(`/api/path?from=${q(k.cust1)}&to=${q(k.resinL1)}`);
    expect(none).toMatchObject({ status: 200, body: { found: false, length: null, nodes: [] } });
  });

  it('returns a capped neighbourhood', async () => {
    const { k } = t.plant;
    const r = await get(`/api/neighbourhood?id=${q(k.h1)}&hops=1`);
    expect(r.status).toBe(200);
    expect(r.body.center).toBe(k.h1);
    expect(r.body.nodes.map((n: { key: string }) => n.key).sort()).toEqual([k.h1, k.mold1, k.assy1, k.assy2, k.mHousing].sort());
    expect(await get(`/api/neighbourhood?id=${q(k.h1)}&hops=7`)).toMatchObject({ status: 400, body: { code: 'LG_BAD_PARAM', details: { field: 'hops' } } });
  });
});

describe('error shaping', () => {
  it('hides unexpected errors behind LG_INTERNAL', async () => {
    const { buildApp } = await import('./app.ts');
    const app = await buildApp({ store: t.store, config: t.app.lotgraphConfig });
    app.get('/boom', async () => {
      throw new Error('secret detail at /srv/db');
    });
    const r = await app.inject({ method: 'GET', url: '/boom' });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ code: 'LG_INTERNAL', message: 'internal error; see the server log' });
    await app.close();
  });

  it('hides the message of a 5xx LgError but keeps its code', async () => {
    const { shapeError } = await import('./errors.ts');
    const { LgError } = await import('../lib/errors.ts');
    const s = shapeError(new LgError('LG_STORE_UNAVAILABLE', 'cannot reach bolt://secret-host:7687'));
    expect(s.status).toBe(503);
    expect(s.body.code).toBe('LG_STORE_UNAVAILABLE');
    expect(s.body.message).not.toMatch(/secret/);
  });
});

describe('ingest through the app', () => {
  it('takes NDJSON events on /api/events, then traces them', async () => {
    const { lotKey, supplierKey, operationKey } = await import('../graph/keys.ts');
    const own = await testApp('e');
    try {
      const body = [
        JSON.stringify({ type: 'receive', supplier: 'E-S1', material: 'E-M1', lot: 'E-L1', at: '2026-03-01T08:00:00Z', qty: 5, uom: 'kg' }),
        JSON.stringify({ type: 'consume', operation: 'E-OP1', material: 'E-M1', lot: 'E-L1', at: '2026-03-02T08:00:00Z', qty: 1, uom: 'kg' }),
      ].join('\n');
      const res = await own.app.inject({ method: 'POST', url: '/api/events', headers: { 'content-type': 'application/x-ndjson' }, payload: body });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ records: 2, accepted: 2, rejected: 0 });
      const fwd = await own.app.inject({ method: 'GET', url: `/api/trace?id=${q(lotKey('E-M1', 'E-L1'))}&direction=forward` });
      expect(fwd.json().nodes.map((n: { key: string }) => n.key)).toEqual([lotKey('E-M1', 'E-L1'), operationKey('E-OP1')]);
      const back = await own.app.inject({ method: 'GET', url: `/api/trace?id=${q(lotKey('E-M1', 'E-L1'))}&direction=backward` });
      expect(back.json().nodes.map((n: { key: string }) => n.key)).toEqual([lotKey('E-M1', 'E-L1'), supplierKey('E-S1')]);
    } finally {
      await own.close();
    }
  });
});
