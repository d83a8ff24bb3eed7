/**
 * Bench engine `duckdb-sql`: the plant in a plain DuckDB edge table (loaded with the appender),
 * the four cases answered by recursive CTEs (bench/engines/sql-queries.ts). Both SQL forms are
 * measurable: set `variant` before running a case.
 */
import { openDb, type Db } from '../../analytics/db.ts';
import type { DuckDBAppender } from '@duckdb/node-api';
import { materialOfKey } from '../../graph/keys.ts';
import type { Batch } from '../../graph/model.ts';
import type { BenchCase, BenchEngine } from '../engine.ts';
import { INDEX_SQL, recallSql, SCHEMA_SQL, traceSql, type SqlVariant } from './sql-queries.ts';

/** The counts of a SQL recall summary, named as RecallImpact.totals. */
export interface SqlRecallTotals {
  finishedLots: number;
  serials: number;
  serialsShipped: number;
  shipments: number;
  customers: number;
  nodesReached: number;
}

export class DuckdbSqlEngine implements BenchEngine {
  readonly name = 'duckdb-sql';
  /** Which recursive form `run` uses. */
  variant: SqlVariant = 'union';

  private constructor(private readonly db: Db) {}

  /** Opens (or creates) the engine's own database: a file to reuse between runs, or ':memory:'. */
  static async open(path: string): Promise<DuckdbSqlEngine> {
    const db = await openDb(path);
    for (const s of SCHEMA_SQL) await db.run(s);
    return new DuckdbSqlEngine(db);
  }

  /** Edges already in the table (a reused database is complete when this matches the plant). */
  async edgeCount(): Promise<number> {
    const rows = await this.db.all('SELECT count(*)::BIGINT AS n FROM edges');
    return Number(rows[0]!.n);
  }

  async load(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<{ seconds: number; extra?: Record<string, number> }> {
    const t0 = performance.now();
    const edges = await this.db.appender('edges');
    const nodes = await this.db.appender('nodes');
    let rows = 0;
    for await (const b of batches) {
      rows += (b.nodes?.length ?? 0) + (b.edges?.length ?? 0);
      for (const n of b.nodes ?? []) appendNode(nodes, n.key, n.kind, n.props?.category, n.props?.quantity);
      for (const e of b.edges ?? []) {
        edges.appendVarchar(e.from);
        edges.appendVarchar(e.to);
        edges.appendVarchar(e.kind);
        if (typeof e.at === 'number') edges.appendBigInt(BigInt(e.at));
        else edges.appendNull();
        if (typeof e.qty === 'number') edges.appendDouble(e.qty);
        else edges.appendNull();
        edges.endRow();
      }
    }
    edges.closeSync();
    nodes.closeSync();
    if (rows === 0) return { seconds: (performance.now() - t0) / 1000 };
    const t1 = performance.now();
    for (const s of INDEX_SQL) await this.db.run(s);
    await this.db.run('CHECKPOINT');
    const t2 = performance.now();
    return { seconds: (t2 - t0) / 1000, extra: { indexSeconds: (t2 - t1) / 1000 } };
  }

  async run(c: BenchCase, origin: string): Promise<number> {
    if (c === 'recall-lot') return (await this.recall(origin)).nodesReached;
    const cols = await this.db.columns(traceSql(c === 'backward-serial' ? 'backward' : 'forward', this.variant), [origin]);
    return cols[0]?.length ?? 0;
  }

  /** Recall impact of one lot in SQL: every summary row fetched, then counted as lotgraph's totals are. */
  async recall(origin: string): Promise<SqlRecallTotals> {
    const rows = await this.db.all(recallSql(this.variant), [origin]);
    const t: SqlRecallTotals = { finishedLots: 0, serials: 0, serialsShipped: 0, shipments: 0, customers: 0, nodesReached: 0 };
    for (const r of rows) {
      if (r.what === 'lot') t.finishedLots++;
      else if (r.what === 'serial') {
        t.serials++;
        if (r.shipped === 1) t.serialsShipped++;
      } else if (r.what === 'shipment') t.shipments++;
      else if (r.what === 'customer') t.customers++;
      else if (r.what === 'reached') t.nodesReached = Number(r.quantity);
    }
    return t;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function appendNode(a: DuckDBAppender, key: string, kind: string, category: unknown, quantity: unknown): void {
  a.appendVarchar(key);
  a.appendVarchar(kind);
  const material = kind === 'Lot' || kind === 'Serial' ? materialOfKey(key) : null;
  if (material) a.appendVarchar(material);
  else a.appendNull();
  if (typeof category === 'string') a.appendVarchar(category);
  else a.appendNull();
  if (typeof quantity === 'number') a.appendDouble(quantity);
  else a.appendNull();
  a.endRow();
}
