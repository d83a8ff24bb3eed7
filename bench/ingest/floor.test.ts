import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../analytics/db.ts';
import { dbPathOf, openStore } from '../../graph/open-store.ts';
import { ingest } from '../../ingest/pipeline/pipeline.ts';
import { itemsOfPaths } from '../../ingest/pipeline/sources.ts';
import { storageFloor } from './floor.ts';
import { writePlantCsv } from './gen-csv.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lotgraph-ingest-floor-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TABLES = ['ingest_log', 'events', 'lg_nodes', 'lg_edges'];

describe('ingest benchmark storage floor (the rows an ingest wrote, stored again by DuckDB alone)', () => {
  it('stores exactly the ingest\'s rows again, one commit per chunk of log records', async () => {
    const { records } = await writePlantCsv(join(tmp, 'csv'), 30);
    const dataDir = join(tmp, 'data');
    const opened = await openStore({ dataDir });
    const s = await ingest(itemsOfPaths([join(tmp, 'csv')]), { db: opened.db, store: opened.store, chunkSize: 500 });
    await opened.close();
    expect(s.accepted).toBe(records);

    const f = await storageFloor(dbPathOf(dataDir), 500);
    expect(f.records).toBe(records);
    expect(f.commits).toBe(Math.ceil(records / 500));
    expect(f.seconds).toBeGreaterThan(0);

    const db = await openDb(dbPathOf(dataDir));
    try {
      let rows = 0;
      for (const t of TABLES) {
        // the same multiset of rows on both sides: nothing lost, added or changed
        const [[n], [missing], [extra]] = (await db.columns(`SELECT (SELECT count(*) FROM main.${t}), (SELECT count(*) FROM (FROM main.${t} EXCEPT ALL FROM floor.${t})), (SELECT count(*) FROM (FROM floor.${t} EXCEPT ALL FROM main.${t}))`)) as bigint[][];
        expect([t, Number(missing), Number(extra)]).toEqual([t, 0, 0]);
        expect(Number(n)).toBeGreaterThan(0);
        rows += Number(n);
      }
      expect(f.rows).toBe(rows);
    } finally {
      await db.close();
    }
  });
});
