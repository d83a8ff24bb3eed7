// Two ingests at once on a store apart from the log (the embedded store opened apart, Neo4j), each
// posting the same edge (two goods issues of one lot to one operation): the edge ends with the sum of
// both postings and `events` holds both. Pins apply.ts `oneAtATime` for the totals: without it, the
// first ingest's plan reads the log (its own posting alone), the second ingest logs and writes the
// full total, then the first writes its stale total over it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ingest } from './pipeline.ts';
import { concat, csvItems, pipelineStore, racing } from './test-kit.ts';

const HEAD = 'operation,material,lot,qty,uom,consumed_at,posting\n';

describe.each(['embedded', 'neo4j'] as const)('two ingests at once posting one edge on a store apart from the log (%s)', (kind) => {
  it('the edge carries the sum of both postings: a total planned before the other posting is not written over it', async () => {
    const { db, store, close } = await pipelineStore(kind, { apart: true });
    try {
      const t = randomUUID().slice(0, 8);
      const master = concat(
        csvItems(`material,name,gtin,category,uom\nRAW-${t},Resin,,raw,kg\n`, 'materials.csv'),
        csvItems(`supplier,name\nSUP-${t},Acme\n`, 'suppliers.csv'),
        csvItems(`supplier,material,lot,received_at,qty,uom\nSUP-${t},RAW-${t},L1,2026-03-01T07:00:00Z,100,kg\n`, 'receipts.csv'),
        csvItems(`operation,started_at,ended_at\nOP-${t},2026-03-02T08:00:00Z,2026-03-02T12:00:00Z\n`, 'operations.csv'),
      );
      expect(await ingest(master, { db, store })).toMatchObject({ rejected: 0 });
      const issue = (q: number, posting: string, at: string) => csvItems(`${HEAD}OP-${t},RAW-${t},L1,${q},kg,${at},${posting}\n`, `${posting}.csv`);
      const [lot, op] = [`lot:RAW-${t}:L1`, `op:OP-${t}`];

      // once the first ingest (P1, 12 kg) has logged and planned, the second (P2, 8 kg) starts
      const race = racing(store, 'upsert', (through) => ingest(issue(8, 'P2', '2026-03-02T10:40:00Z'), { db, store: through }));
      expect(await ingest(issue(12, 'P1', '2026-03-02T08:10:00Z'), { db, store: race.store })).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await race.other()).toMatchObject({ accepted: 1, rejected: 0 });

      // the log holds both postings whatever the store ends with; the store must carry their sum
      const rows = await db.all(`SELECT qty FROM events WHERE edge = 'CONSUMED_BY' AND src = $1 AND dst = $2 ORDER BY seq`, [lot, op]);
      expect(rows.map((r) => Number(r.qty))).toEqual([12, 8]);
      const n = await store.neighbourhood(lot, { hops: 1, direction: 'forward' });
      expect(n.edges.find((e) => e.kind === 'CONSUMED_BY' && e.to === op)).toMatchObject({ qty: 20, uom: 'kg' });
      const [[pending]] = (await db.columns(`SELECT count(*) FROM ingest_log WHERE status <> 'applied'`)) as bigint[][];
      expect(Number(pending)).toBe(0);
    } finally {
      await close();
    }
  });
});
