/**
 * The one DuckDB database of a data directory (graph persistence, ingest log, analytics), opened
 * once per process. DuckDB lets one process own a file: a second opener gets LG_DATA_LOCKED and
 * should talk to the owner's API instead.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { LgError } from '../lib/errors.ts';

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** A database handle: parameterised statements only, and a queue so transactions never interleave. */
export interface Db {
  readonly path: string;
  readonly connection: DuckDBConnection;
  /** Runs a statement (values always bound, never spliced). */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Runs a query and returns rows as plain JS values (BIGINT as bigint, VARCHAR as string). */
  all(sql: string, params?: SqlParams): Promise<Row[]>;
  /** Runs a query and returns its columns as arrays of JS values (fast for bulk reads). */
  columns(sql: string, params?: SqlParams): Promise<unknown[][]>;
  /** Streams a query's result chunk by chunk (about 2,048 rows each) as columns: constant memory for large reads. */
  eachChunk(sql: string, params: SqlParams | undefined, fn: (columns: unknown[][], rows: number) => void): Promise<number>;
  appender(table: string): Promise<DuckDBAppender>;
  /** Runs `fn` alone on the connection inside BEGIN/COMMIT (ROLLBACK on error). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** BEGIN/COMMIT around `fn` for a caller that already holds `exclusive`. */
  inTransaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` alone on the connection, without a transaction. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Sets DuckDB's memory limit for this database: `size` such as 128MB or 1GiB (lib/config.ts checks
 * it), or `default` to leave DuckDB's own (80% of RAM). The limit bounds DuckDB's buffer pool (its
 * cache of table blocks and query memory; what does not fit spills to the data directory's temp
 * files), not the JavaScript heap.
 */
export async function setMemoryLimit(db: Db, size: string): Promise<void> {
  if (size === 'default') return;
  await db.run(`SET memory_limit = $1`, [size]);
}

/** Quotes an identifier (table or column name) for the rare statement that must name one dynamically. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Opens (creating if needed) the database at `path`, or an in-memory one for ':memory:'. */
export async function openDb(path: string): Promise<Db> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/lock/i.test(msg)) {
      throw new LgError('LG_DATA_LOCKED', `the database ${path} is in use by another lotgraph process: stop it or send this command to its API (--server URL)`, { path }, { cause: e });
    }
    throw new LgError('LG_STORE_UNAVAILABLE', `cannot open database ${path}: ${msg}`, { path }, { cause: e });
  }
  const connection = await instance.connect();
  // DuckDB checkpoints once the write-ahead log passes 16 MB (its default), inside the COMMIT that
  // passes it, and each checkpoint costs more the larger the tables are: a bulk ingest spent a
  // quarter of its time there. 256 MB checkpoints 16x less often (half the checkpoint work in
  // all, measured on the ingest benchmark); the log is replayed at the next open after a crash.
  /* sql */
  if (path !== ':memory:') await connection.run(`SET checkpoint_threshold = '256MB'`);
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
  const inTransaction = async <T>(fn: () => Promise<T>): Promise<T> => {
    await connection.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await connection.run('COMMIT');
      return out;
    } catch (e) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  };
  const db: Db = {
    path,
    connection,
    async run(sql, params) {
      await connection.run(sql, params);
    },
    async all(sql, params) {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as Row[];
    },
    async columns(sql, params) {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getColumnsJS() as unknown[][];
    },
    async eachChunk(sql, params, fn) {
      const result = await connection.stream(sql, params);
      let total = 0;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        fn(chunk.getColumns() as unknown[][], chunk.rowCount);
        total += chunk.rowCount;
      }
      return total;
    },
    appender: (table) => connection.createAppender(table),
    transaction: (fn) => exclusive(() => inTransaction(fn)),
    inTransaction,
    exclusive,
    async close() {
      await tail.catch(() => undefined);
      connection.closeSync();
      instance.closeSync();
    },
  };
  return db;
}
