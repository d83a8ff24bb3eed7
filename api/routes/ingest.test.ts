import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../ingest/pipeline/test-kit.ts';
import { installErrorHandling } from '../errors.ts';
import ingestRoutes from './ingest.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

describe('ingest routes', () => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  let app: FastifyInstance;
  beforeEach(async () => {
    env = await memoryStore();
    app = Fastify();
    app.decorate('store', env.store);
    app.decorate('db', env.db);
    installErrorHandling(app);
    await app.register(ingestRoutes);
  });
  afterEach(async () => {
    await app.close();
    await env.close();
  });

  it('POST /api/events takes NDJSON canonical events and reports rejects by line', async () => {
    const body = [
      JSON.stringify({ type: 'receive', supplier: 'S1', material: 'M1', lot: 'L1', at: '2026-03-01T08:00:00Z', qty: 5, uom: 'kg' }),
      '',
      JSON.stringify({ type: 'consume', operation: 'OP1', material: 'M1', lot: 'L1', at: '2026-03-02T08:00:00Z', qty: 1, uom: 'kg' }),
      '{not json',
      JSON.stringify({ type: 'consume', operation: 'OP1', material: 'M1', at: '2026-03-02T08:00:00Z' }),
    ].join('\n');
    const res = await app.inject({ method: 'POST', url: '/api/events', headers: { 'content-type': 'application/x-ndjson' }, payload: body });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ records: 4, accepted: 2, rejected: 2, duplicates: 0 });
    expect(s.rejects.map((r: { pos: { line: number } }) => r.pos.line)).toEqual([4, 5]);
    const again = await app.inject({ method: 'POST', url: '/api/events', headers: { 'content-type': 'application/x-ndjson' }, payload: body });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 2, rejected: 2 });
    expect((await env.store.lookup('lot:M1:L1')).kind).toBe('Lot');
  });

  it('POST /api/ingest takes a CSV file with a mapping, as the CLI sends it', async () => {
    const mapping = { template: 'consumptions', delimiter: ';', decimal: ',', dateFormat: 'DD.MM.YYYY HH:mm', timeZone: 'Europe/Berlin', columns: { operation: 'Auftrag', material: 'Artikel', lot: 'Charge', qty: 'Menge (g)', consumed_at: 'Buchung' }, constants: { uom: 'g' }, units: { g: { to: 'kg', factor: 0.001 } } };
    const csv = readFileSync(join(EXAMPLES, 'erp', 'goods-issue.csv'));
    const res = await app.inject({ method: 'POST', url: `/api/ingest?source=goods-issue.csv&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 0 });
    const n = await env.store.neighbourhood('op:OP-1001', { hops: 1, direction: 'backward' });
    expect(n.edges[0]).toMatchObject({ kind: 'CONSUMED_BY', qty: 12.5, uom: 'kg', at: Date.parse('2026-03-02T08:15:00Z') });
  });

  it('a bad mapping is a 400 naming the problem', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/ingest?source=x.csv&mapping=${encodeURIComponent('{"template":"nope"}')}`, headers: { 'content-type': 'text/csv' }, payload: 'a,b\n' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'LG_BAD_PARAM' });
  });

  it('GET /epcis/capture/:id of an unknown job is a 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/epcis/capture/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('LG_NOT_FOUND');
  });

  it('POST /epcis/capture answers 202 with a Location whose job finishes', async () => {
    const res = await app.inject({ method: 'POST', url: '/epcis/capture', headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify({ type: 'EPCISDocument', epcisBody: { eventList: [] } }) });
    expect(res.statusCode).toBe(202);
    const loc = res.headers.location as string;
    expect(loc).toMatch(/^\/epcis\/capture\/[0-9a-f-]{36}$/);
    let job = (await app.inject({ method: 'GET', url: loc })).json();
    for (let i = 0; i < 100 && job.running; i++) {
      await new Promise((r) => setTimeout(r, 20));
      job = (await app.inject({ method: 'GET', url: loc })).json();
    }
    expect(job).toMatchObject({ running: false, captureErrorBehaviour: 'rollback' });
    expect(typeof job.success).toBe('boolean');
  });

  it('POST /epcis/capture reads an XML document sent without a Content-Type or with a generic one', async () => {
    const xml = readFileSync(join(import.meta.dirname, '../../ingest/epcis/fixtures/valid/xml-no-event-id-same-as-json.xml'));
    for (const headers of [{}, { 'content-type': 'application/octet-stream' }]) {
      const res = await app.inject({ method: 'POST', url: '/epcis/capture', headers, payload: xml });
      expect(res.statusCode).toBe(202);
      let job = (await app.inject({ method: 'GET', url: res.headers.location as string })).json();
      for (let i = 0; i < 200 && job.running; i++) {
        await new Promise((r) => setTimeout(r, 20));
        job = (await app.inject({ method: 'GET', url: res.headers.location as string })).json();
      }
      expect(job, JSON.stringify(headers)).toMatchObject({ running: false, success: true, errors: [] });
      expect(job.summary.rejected).toBe(0);
      expect(job.summary.accepted + job.summary.duplicates).toBeGreaterThan(0);
    }
  });
});
