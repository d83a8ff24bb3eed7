// An error declaration of an ObjectEvent of 70,000 random serials (EU FMD, DSCSA) gives back their dispositions: the
// give-back matches the keys in groups (RE2 refuses one pattern of them all), and the ingest completes.
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { memoryStore } from './test-kit.ts';

const rnd = (i: number) => { let x = (i + 1) * 2654435761 % 4294967296; let out = ''; for (let j = 0; j < 12; j++) { x = (x * 1103515245 + 12345) % 2147483648; out += 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[x % 34]; } return out; };
it('declares erroneous a recall of 70,000 random serials: the disposition before it is given back to each', async () => {
  const { db, store, close } = await memoryStore();
  try {
    const epcs = Array.from({ length: 70_000 }, (_, i) => `urn:epc:id:sgtin:4012345.011111.${rnd(i)}`);
    const ev = { type: 'ObjectEvent', eventID: 'urn:uuid:big-1', eventTime: '2026-03-05T08:00:00Z', eventTimeZoneOffset: '+00:00', action: 'OBSERVE', bizStep: 'holding', disposition: 'recalled', epcList: epcs };
    const doc = (evs: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });
    const before = { ...ev, eventID: 'urn:uuid:big-0', eventTime: '2026-03-01T08:00:00Z', disposition: 'active' };
    expect(await ingest(epcisItems(Readable.from([doc([before, ev])]), 'a.jsonld'), { db, store })).toMatchObject({ accepted: 2, rejected: 0 });
    const keys = [0, 34_567, 69_999].map((i) => toNodeKey(parseIdentifier(epcs[i]!))!);
    for (const k of keys) expect((await store.lookup(k)).props.disposition).toBe('recalled');
    const decl = { ...ev, errorDeclaration: { declarationTime: '2026-03-09T00:00:00Z', reason: 'incorrect_data' } };
    const s = await ingest(epcisItems(Readable.from([doc([decl])]), 'b.jsonld'), { db, store });
    expect(s).toMatchObject({ accepted: 1, rejected: 0 });
    for (const k of keys) expect((await store.lookup(k)).props).toMatchObject({ disposition: 'active', dispositionAt: '2026-03-01T08:00:00.000Z' });
  } finally {
    await close();
  }
}, 120_000);
