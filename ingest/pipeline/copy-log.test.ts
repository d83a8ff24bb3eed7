// copyLog (lotgraph rebuild --out) copies every log row and every fact row, in order, whatever the
// page size: seqs with several `events` rows, with none (master data, a rejected neighbour's gap),
// pages smaller than one seq's rows and larger than the log.
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { copyLog } from './copy-log.ts';
import { ingest } from './pipeline.ts';
import { csvItems, memoryStore } from './test-kit.ts';

const rows = async (db: Db, table: 'ingest_log' | 'events') =>
  db.all(table === 'events' ? `SELECT * FROM events ORDER BY seq, rowid` : `SELECT * FROM ingest_log ORDER BY seq`);

describe('copyLog', () => {
  it.each([1, 2, 3, 7, 10_000])('copies the log and the facts exactly (page of %i records)', async (page) => {
    const env = await memoryStore();
    const dst = await openDb(':memory:');
    try {
      await ingest(csvItems('material,name\nM1,Resin\nM2,Housing\n', 'materials.csv'), env);
      await ingest(csvItems('supplier,material,lot,received_at,qty,uom\nS1,M1,L1,2026-03-01T07:00:00Z,25,kg\nS1,M1,L2,2026-03-01T08:00:00Z,5,kg\n', 'receipts.csv'), env);
      await ingest(csvItems('shipment,lot,material,shipped_at,qty,uom,customer\nSH1,L1,M1,2026-03-05T10:00:00Z,3,kg,C1\nSH1,L2,M1,2026-03-05T10:00:00Z,1,kg,C1\nSH2,L1,M1,2026-03-06T10:00:00Z,2,kg,C2\n', 'shipment_lines.csv'), env);
      const log = await rows(env.db, 'ingest_log');
      const facts = await rows(env.db, 'events');
      expect(log.length).toBe(7);
      // some seqs hold no facts (materials) and some several (a line with its customer)
      expect(new Set(facts.map((f) => f.seq)).size).toBeLessThan(log.length);
      expect(facts.length).toBeGreaterThan(new Set(facts.map((f) => f.seq)).size);
      expect(await copyLog(env.db, dst, { page })).toBe(7);
      expect(await rows(dst, 'ingest_log')).toEqual(log);
      expect(await rows(dst, 'events')).toEqual(facts);
    } finally {
      await dst.close();
      await env.close();
    }
  });
});
