// The CSV row key (idempotency key): two rows that say different things never share one (a shared key
// is a row counted as a duplicate and lost), and the same row read again, however it is exported, keeps it.
import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import { ingest } from '../pipeline/index.ts';
import { csvItems, memoryStore } from '../pipeline/test-kit.ts';
import type { Mapping } from './mapping.ts';

async function ids(text: string, source: string, mapping?: Mapping): Promise<string[]> {
  const out: string[] = [];
  for await (const it of csvItems(text, source, mapping) as AsyncIterable<ParseItem>) {
    if (!it.ok) throw new Error(it.error.reason);
    out.push(it.record.id);
  }
  return out;
}

describe('CSV row keys', () => {
  it('two postings of one lot to one operation (other time, other quantity) are two records', async () => {
    const csv = 'operation,material,lot,qty,uom,consumed_at\nOP-1,RESIN,L1,12.5,kg,2026-03-02T08:15:00Z\nOP-1,RESIN,L1,10,kg,2026-03-02T12:00:00Z\nOP-1,RESIN,L1,7,kg,2026-03-02T12:00:00Z\n';
    const [a, b, c] = await ids(csv, 'consumptions.csv');
    expect(new Set([a, b, c]).size).toBe(3);
    expect(a).toMatch(/^consumptions:OP-1\|RESIN\|L1\|\|#[0-9a-f]{16}$/);
    const m = await memoryStore();
    try {
      expect(await ingest(csvItems(csv, 'consumptions.csv'), m)).toMatchObject({ accepted: 3, duplicates: 0 });
      expect(await ingest(csvItems(csv, 'consumptions.csv'), m)).toMatchObject({ accepted: 0, duplicates: 3 });
    } finally {
      await m.close();
    }
  });

  it('a later export of an operation with its end and result is applied, not skipped as a duplicate', async () => {
    const m = await memoryStore();
    try {
      await ingest(csvItems('operation,started_at,result\nOP-1,2026-03-02T08:00:00Z,\n', 'operations.csv'), m);
      const s = await ingest(csvItems('operation,started_at,ended_at,result\nOP-1,2026-03-02T08:00:00Z,2026-03-02T10:00:00Z,fail\n', 'operations.csv'), m);
      expect(s).toMatchObject({ accepted: 1, duplicates: 0 });
      expect((await m.store.lookup('op:OP-1'))!.props).toMatchObject({ result: 'fail', end: Date.parse('2026-03-02T10:00:00Z') });
    } finally {
      await m.close();
    }
  });

  it('one row per equipment of an operation keeps every equipment', async () => {
    const m = await memoryStore();
    try {
      await ingest(csvItems('operation,started_at,equipment\nOP-1,2026-03-02T08:00:00Z,PRESS-01\nOP-1,2026-03-02T08:00:00Z,MOULD-7\n', 'operations.csv'), m);
      const n = await m.store.neighbourhood('op:OP-1', { hops: 1, direction: 'backward' });
      expect(n.edges.map((e) => e.from).sort()).toEqual(['equipment:MOULD-7', 'equipment:PRESS-01']);
    } finally {
      await m.close();
    }
  });

  it('the same row keeps its key: other column order, whitespace, unit case, list order, a mapped export, an NDJSON event', async () => {
    const plain = await ids('operation,material,lot,qty,uom,consumed_at\nOP-1,RESIN,L1,1.2505,kg,2026-03-30T07:15:00Z\n', 'consumptions.csv');
    expect(await ids('consumed_at,uom,qty,lot,material,operation\n2026-03-30T07:15:00.000Z , KG ,1.25050, L1 ,RESIN,OP-1\n', 'consumptions.csv')).toEqual(plain);
    const erp: Mapping = { template: 'consumptions', delimiter: ';', decimal: ',', dateFormat: 'DD.MM.YYYY HH:mm', timeZone: 'Europe/Berlin', columns: { operation: 'Auftrag', material: 'Artikel', lot: 'Charge', qty: 'Menge (g)', consumed_at: 'Buchung' }, constants: { uom: 'g' }, units: { g: { to: 'kg', factor: 0.001 } } };
    expect(await ids('Auftrag;Artikel;Charge;Menge (g);Buchung;Werk\nOP-1;RESIN;L1;1.250,5;30.03.2026 09:15;DE01\n', 'goods-issue.csv', erp)).toEqual(plain);
    const { EventReader } = await import('../ndjson/event.ts');
    const ev = new EventReader('s').read({ type: 'consume', operation: 'OP-1', material: 'RESIN', lot: 'L1', qty: 1.2505, uom: 'kg', at: Date.parse('2026-03-30T07:15:00Z') }, 1, 1);
    expect(ev.ok && ev.record.id).toBe(plain[0]);
    const ops = await ids('operation,started_at,equipment\nOP-2,2026-03-02T08:00:00Z,A|B\n', 'operations.csv');
    expect(await ids('operation,started_at,equipment\nOP-2,2026-03-02T08:00:00Z,B;A\n', 'operations.csv')).toEqual(ops);
  });

  it('the key cannot be forged by a separator inside a value', async () => {
    const [a, b] = await ids('operation,material,lot,serial,consumed_at\nOP|1,M,L,,2026-03-02T08:00:00Z\nOP,1|M,L,,2026-03-02T08:00:00Z\n'.replace('OP,1|M', '"OP","1|M"'), 'consumptions.csv');
    expect(a).not.toBe(b);
    const [c, d] = await ids('material,name\nM1,"a|b"\nM1,"a%7Cb"\n', 'materials.csv');
    expect(c).not.toBe(d);
  });
});
