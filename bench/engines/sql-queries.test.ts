import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlant } from '../generate.ts';
import { pickOrigins, typicalRawLots } from '../origins.ts';
import { DuckdbSqlEngine } from './duckdb-sql.ts';
import { EmbeddedEngine } from './embedded.ts';
import { recallSql, reachCte, SQL_VARIANTS, traceSql } from './sql-queries.ts';

describe('SQL builders', () => {
  it('bind the origin as $1 and never splice a value', () => {
    for (const v of SQL_VARIANTS) {
      for (const sql of [traceSql('forward', v), traceSql('backward', v), recallSql(v)]) {
        expect(sql).toContain('$1::VARCHAR');
        expect(sql).not.toMatch(/'(lot|serial|op|customer|shipment):/);
      }
    }
  });

  it('write the two recursive forms a user would: UNION (set semantics) and USING KEY with depth and parent', () => {
    expect(reachCte('forward', 'union')).toMatch(/UNION\s+SELECT e\.dst FROM reach r JOIN edges e ON e\.src = r\.node/);
    expect(reachCte('backward', 'union')).toMatch(/SELECT e\.src FROM reach r JOIN edges e ON e\.dst = r\.node/);
    expect(reachCte('forward', 'using-key')).toContain('USING KEY (node)');
    expect(reachCte('forward', 'using-key')).toContain('recurring.reach');
    expect(traceSql('forward', 'using-key')).toMatch(/SELECT node, depth, parent FROM reach$/);
    expect(traceSql('forward', 'union')).not.toContain('UNION ALL');
  });
});

describe('duckdb-sql recall against the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotgraph-sql-'));
  const plant = generatePlant({ scale: 'XS', seed: 5 });
  let sql: DuckdbSqlEngine;
  let emb: EmbeddedEngine;

  beforeAll(async () => {
    sql = await DuckdbSqlEngine.open(':memory:');
    emb = await EmbeddedEngine.open(join(dir, 'embedded'));
    await sql.load(plant.batches());
    await emb.load(plant.batches());
  });
  afterAll(async () => {
    await sql.close();
    await emb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same totals as recallImpact (finished lots, serials shipped, shipments, customers, nodes reached)', async () => {
    const meta = plant.meta();
    const lots = [...pickOrigins(meta, 1, 6)['recall-lot'], meta.heaviestLot, typicalRawLots(meta)[0]!];
    let withSerials = 0;
    for (const lot of lots) {
      const r = await emb.graph.recallImpact({ suspects: [lot] });
      const want = { finishedLots: r.totals.finishedLots, serials: r.totals.serials, serialsShipped: r.totals.serialsShipped, shipments: r.totals.shipments, customers: r.totals.customers, nodesReached: r.totals.nodesReached };
      if (want.serials > 0) withSerials++;
      for (const v of SQL_VARIANTS) {
        sql.variant = v;
        expect(await sql.recall(lot), `${v} ${lot}`).toEqual(want);
      }
    }
    expect(withSerials).toBeGreaterThan(0);
  });
});
