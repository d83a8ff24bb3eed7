import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lotKey, materialKey, serialKey } from '../graph/keys.ts';
import { queryWarnings, resolveId } from './resolve-id.ts';
import { testApp, type TestApp } from './test-fixture.ts';

const GTIN = '09506000134352';
const PN_GTIN = '09506000134376';
/** GTIN-13 9506000134383 (GTIN-14 09506000134383). */
const PN_GTIN13 = '9506000134383';
const AMBIG_GTIN = '09506000134390';
let t: TestApp;
beforeAll(async () => {
  t = await testApp('g');
  await t.store.upsert({
    nodes: [
      { kind: 'Material', key: materialKey(GTIN), props: { category: 'finished' } },
      { kind: 'Lot', key: lotKey(GTIN, 'L1') },
      { kind: 'Serial', key: serialKey(GTIN, 'S1') },
      // a material keyed by its part number, its GTIN an alias (as the CSV materials template writes it)
      { kind: 'Material', key: materialKey('PUMP-X1'), ids: ['PUMP-X1', PN_GTIN] },
      { kind: 'Lot', key: lotKey('PUMP-X1', 'P0001') },
      { kind: 'Serial', key: serialKey('PUMP-X1', 'SN0001') },
      // a GTIN-13 alias (as a materials export may write it)
      { kind: 'Material', key: materialKey('VALVE-7'), ids: ['VALVE-7', PN_GTIN13] },
      { kind: 'Serial', key: serialKey('VALVE-7', 'V1') },
      // one GTIN on two materials (a data error): no guess
      { kind: 'Material', key: materialKey('A-1'), ids: [AMBIG_GTIN] },
      { kind: 'Material', key: materialKey('A-2'), ids: [AMBIG_GTIN] },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('GS1 identifiers resolve to natural keys', () => {
  it('resolves element strings and Digital Links of a lot and a serial', async () => {
    expect(await resolveId(t.store, `(01)${GTIN}(10)L1`)).toBe(lotKey(GTIN, 'L1'));
    expect(await resolveId(t.store, `https://id.gs1.org/01/${GTIN}/10/L1`)).toBe(lotKey(GTIN, 'L1'));
    expect(await resolveId(t.store, `(01)${GTIN}(21)S1`)).toBe(serialKey(GTIN, 'S1'));
  });

  it('answers routes given a GS1 form, and 404 for one that names nothing', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/entities/${encodeURIComponent(`(01)${GTIN}(10)L1`)}` });
    expect(r.statusCode).toBe(200);
    expect(r.json().node.key).toBe(lotKey(GTIN, 'L1'));
    const tr = await t.app.inject({ method: 'GET', url: `/api/trace?id=${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/21/S1`)}&direction=backward` });
    expect(tr.statusCode).toBe(200);
    expect(tr.json().origin.key).toBe(serialKey(GTIN, 'S1'));
    const s = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(`(01)${GTIN}(10)L1`)}` });
    expect(s.json().results[0].key).toBe(lotKey(GTIN, 'L1'));
    const none = await t.app.inject({ method: 'GET', url: `/api/entities/${encodeURIComponent(`(01)${GTIN}(10)NOPE`)}` });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('LG_NOT_FOUND');
  });

  it('finds a serial or lot of a material keyed by part number through the GTIN alias', async () => {
    expect(await resolveId(t.store, `(01)${PN_GTIN}(21)SN0001`)).toBe(serialKey('PUMP-X1', 'SN0001'));
    expect(await resolveId(t.store, `https://example.com/01/${PN_GTIN}/10/P0001`)).toBe(lotKey('PUMP-X1', 'P0001'));
    const s = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(`(01)${PN_GTIN}(21)SN0001`)}` });
    expect(s.json().results[0].key).toBe(serialKey('PUMP-X1', 'SN0001'));
    expect(await resolveId(t.store, `(01)0${PN_GTIN13}(21)V1`)).toBe(serialKey('VALVE-7', 'V1'));
    await expect(resolveId(t.store, `(01)${AMBIG_GTIN}(21)X1`)).rejects.toMatchObject({ code: 'LG_AMBIGUOUS_ID' });
    // a serial the material does not have stays not found (never its lot or material)
    await expect(resolveId(t.store, `(01)${PN_GTIN}(21)SN9999`)).rejects.toMatchObject({ code: 'LG_NOT_FOUND' });
  });
});

describe('GET /api/search: a query that looks like a GS1 identifier and does not parse says why', () => {
  it('a bad check digit gives no results and an LG_BAD_ID warning naming the reason', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('(01)09506000134353(21)S1')}` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      q: '(01)09506000134353(21)S1', count: 0, results: [],
      warnings: [{ code: 'LG_BAD_ID', message: "'(01)09506000134353(21)S1' is not a valid GS1 identifier: check digit of GTIN 0950600013435 3 should be 2" }],
    });
  });
  it('every GS1-looking start is checked; keys, names and opaque URIs are not', () => {
    for (const q of ['(01)09506000134353', ']E09506000134353', 'urn:epc:id:sgtin:9506000.13435.1', 'https://x.example/01/09506000134353', `0109506000134353\u001d21S`]) {
      expect(queryWarnings(q), q).toEqual([expect.objectContaining({ code: 'LG_BAD_ID' })]);
    }
    for (const q of ['(01)09506000134352(21)S1', 'serial:09506000134352:S1', 'PUMP-X1', '0950600013435', 'urn:epc:id:gdti:0614141.12345.006847', 'https://example.com/sscc/pallet-7']) {
      expect(queryWarnings(q), q).toEqual([]);
    }
    // GS separators are shown, not sent raw into a message
    expect(queryWarnings(`]d20109506000134353\u001d21S`)[0]!.message).toMatch(/^'\]d20109506000134353<GS>21S' is not/);
  });
  it('a query that parses with a GS1 warning passes it on beside its results', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(`(01)${GTIN}(21)S1(7299)X`)}` });
    expect(r.json().results[0].key).toBe(serialKey(GTIN, 'S1'));
    expect(r.json().warnings).toEqual([expect.objectContaining({ code: 'GS1_UNKNOWN_AI' })]);
    expect(queryWarnings('https://dlnkd.tn.gg/HxHKVAdpQgZzjr-hCDKigI')).toEqual([expect.objectContaining({ code: 'GS1_DL_COMPRESSED' })]);
    const ok = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(`(01)${GTIN}(21)S1`)}` });
    expect(ok.json()).not.toHaveProperty('warnings');
  });
});
